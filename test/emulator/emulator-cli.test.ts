/**
 * The emulator as a command (`src/testing/emulator-cli.ts`, behind `soracom-batch emulator`): the syntax of
 * its failure flags, starting in-process, what it prints, and a port in use. The flags themselves and the
 * process (signals, exit codes) are tested through the CLI in test/cli/emulator-command.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { failingSimsOption, parseFaultRule, parseSimFailures, runEmulator } from '../../src/testing/emulator-cli.js';
import { simIdAt } from '../../src/testing/index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('emulator command: --fail-sims syntax', () => {
  it('reads SIM IDs with an optional :status, separated by commas, spaces or lines, with # comments', () => {
    expect(parseSimFailures('8981100000000000017:400,8981100000000000020')).toEqual([
      { simId: '8981100000000000017', status: 400 },
      { simId: '8981100000000000020', status: undefined },
    ]);
    expect(
      parseSimFailures(
        '# failing SIMs\n8981100000000000001  # the first\n\n8981100000000000002:503, 8981100000000000003\n',
      ),
    ).toEqual([
      { simId: '8981100000000000001', status: undefined },
      { simId: '8981100000000000002', status: 503 },
      { simId: '8981100000000000003', status: undefined },
    ]);
  });

  it('refuses a status outside 400 to 599 or a malformed entry, naming it', () => {
    expect(() => parseSimFailures('8981100000000000017:200')).toThrow(/"8981100000000000017:200"/);
    expect(() => parseSimFailures('8981100000000000017:abc')).toThrow(/SIM_ID:STATUS/);
    expect(() => parseSimFailures('a:400:500')).toThrow(/"a:400:500"/);
  });

  it('gives entries without a status the default one, and each the same number of failures', () => {
    expect(failingSimsOption(parseSimFailures('a:400,b'), 503, 2)).toEqual({
      a: { status: 400, times: 2 },
      b: { status: 503, times: 2 },
    });
  });
});

describe('emulator command: --fault syntax', () => {
  it('reads the fields of FaultRule as FIELD=VALUE pairs, operations joined with +', () => {
    expect(parseFaultRule('status=429,times=3,operations=createBatchJob+getBatchJob,retryAfterSeconds=1')).toEqual({
      status: 429,
      times: 3,
      operations: ['createBatchJob', 'getBatchJob'],
      retryAfterSeconds: 1,
    });
    expect(parseFaultRule('status=503,times=Infinity')).toEqual({ status: 503, times: Infinity });
    expect(parseFaultRule('operations=createBatchJob,processDelayMs=2500')).toEqual({
      operations: ['createBatchJob'],
      processDelayMs: 2500,
    });
    expect(parseFaultRule('operations=getBatchJob,malformedBody=truncated-json')).toEqual({
      operations: ['getBatchJob'],
      malformedBody: 'truncated-json',
    });
    expect(parseFaultRule('status=502,body=Bad Gateway')).toEqual({ status: 502, body: 'Bad Gateway' });
  });

  it('reads a rule written as JSON, for headers and bodies with commas', () => {
    expect(parseFaultRule('{"status":429,"headers":{"x-soracom-ratelimit-remaining":"0"}}')).toEqual({
      status: 429,
      headers: { 'x-soracom-ratelimit-remaining': '0' },
    });
  });

  it.each([
    ['status=429,colour=red', /colour is not a field/],
    ['status', /"status" is not FIELD=VALUE/],
    ['status=429,status=500', /status is given twice/],
    ['status=abc', /status must be a number/],
    ['status=200', /needs a text body/],
    ['status=429,times=0', /times must be an integer from 1/],
    ['status=429,operations=createJob', /"createJob", which is not an operation/],
    ['malformedBody=garbled', /malformedBody must be one of not-json, truncated-json, empty/],
    ['times=2', /does nothing/],
    ['{"status":', /not valid JSON/],
  ])('refuses %s, saying why', (text, reason) => {
    expect(() => parseFaultRule(text)).toThrow(reason);
  });
});

describe('emulator command: starting', () => {
  it('starts in-process, prints the base URL and demo credentials, and warns about a non-loopback host', async () => {
    const { io, out, err } = capture();
    const emulator = await runEmulator({ sims: 3, host: '0.0.0.0' }, { json: false }, io);
    if (!emulator) throw new Error('did not start');
    try {
      expect(out[0]).toBe(`Soracom Batch emulator listening on ${emulator.baseUrl}`);
      expect(out.join('\n')).toContain('keyId-emulator-demo');
      expect(out.join('\n')).toContain('api-emulator-demo');
      // The one line a shell needs to point the CLI or fromEnv() at it.
      expect(out).toContain(
        `  environment      SORACOM_ENDPOINT=${new URL(emulator.baseUrl).origin} SORACOM_AUTH_KEY_ID=keyId-emulator-demo SORACOM_AUTH_KEY=secret-emulator-demo`,
      );
      expect(err.join('\n')).toMatch(/not loopback/);
      expect(emulator.state.sims()).toHaveLength(3);
    } finally {
      await emulator.close();
    }
  });

  it('prints one JSON line {baseUrl, port, credentials} with --json', async () => {
    const { io, out } = capture();
    const emulator = await runEmulator({ sims: 1 }, { json: true }, io);
    if (!emulator) throw new Error('did not start');
    try {
      expect(out).toHaveLength(1);
      expect(JSON.parse(out[0] as string)).toEqual({
        baseUrl: emulator.baseUrl,
        port: emulator.port,
        credentials: emulator.credentials,
      });
    } finally {
      await emulator.close();
    }
  });

  it('lists its failure settings, and warns about failing SIMs that are not in the inventory', async () => {
    const { io, out, err } = capture();
    const emulator = await runEmulator(
      {
        sims: 5,
        failingSims: { [simIdAt(1)]: 500, 'no-such-sim': 400 },
        faults: [{ status: 429 }],
        hideJobSummary: true,
        cors: false,
      },
      { json: false },
      io,
    );
    if (!emulator) throw new Error('did not start');
    try {
      const text = out.join('\n');
      expect(text).toMatch(/failing SIMs +2/);
      expect(text).toMatch(/fault rules +1/);
      expect(text).toMatch(/job summaries +hidden/);
      expect(text).toMatch(/CORS +off/);
      expect(err.join('\n')).toMatch(/1 failing SIM\(s\) are not in the inventory \(no-such-sim\)/);
    } finally {
      await emulator.close();
    }
  });

  it('says why when the port is in use, and starts nothing', async () => {
    const first = await runEmulator({}, { json: true }, capture().io);
    if (!first) throw new Error('did not start');
    try {
      const second = capture();
      expect(await runEmulator({ port: first.port }, { json: false }, second.io)).toBeUndefined();
      expect(second.err.join('\n')).toMatch(/Could not start the emulator on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
      expect(second.out).toEqual([]);
    } finally {
      await first.close();
    }
  });
});
