// Node, Bun and Deno: the package's ESM entry through `import`, resolved from the consumer's
// node_modules. Arguments: the emulator's base URL and the runtime's name for the report.
import * as sdk from 'soracom-batch';
import { RESULT_MARKER, runScenario } from './scenario.mjs';

const [baseUrl, runtime] = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const result = await runScenario(sdk, { baseUrl, runtime });
console.log(RESULT_MARKER + JSON.stringify(result));
