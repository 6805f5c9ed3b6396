// Jest in its default CommonJS mode: `require('soracom-batch')` inside Jest's module system, which
// runs modules in a vm context (https://jestjs.io/docs/ecmascript-modules). The harness passes the
// emulator's URL in RUNTIME_EMULATOR_URL and reads the result line from stdout.
const sdk = require('soracom-batch');
const { RESULT_MARKER, runScenario } = require('../scenario.cjs');

test('the runtime scenario against the emulator', async () => {
  const result = await runScenario(sdk, { baseUrl: process.env.RUNTIME_EMULATOR_URL, runtime: 'jest' });
  // Jest buffers console output and decorates it; the harness wants the bare line.
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  const failed = result.steps.filter((s) => !s.ok);
  if (failed.length > 0) throw new Error(failed.map((s) => `${s.step}: ${s.detail}`).join('\n'));
});
