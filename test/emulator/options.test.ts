/** startBatchEmulator's options: defaults, and bad values refused before anything listens. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIM_COUNT,
  DEFAULT_VPG_ID,
  imsiAt,
  simIdAt,
  simIds,
  startBatchEmulator,
} from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';

const start = useEmulators();

describe('emulator: options', () => {
  it('listens on 127.0.0.1 under /v1 with 1,000 SIMs, one VPG and the demo credentials by default', async () => {
    const { emulator } = await start();
    expect(emulator.baseUrl).toBe(`http://127.0.0.1:${emulator.port}/v1`);
    expect(emulator.host).toBe('127.0.0.1');
    expect(DEFAULT_SIM_COUNT).toBe(1_000);
    expect(emulator.state.sims()).toHaveLength(DEFAULT_SIM_COUNT);
    expect(emulator.state.sims().at(-1)?.simId).toBe(simIdAt(999));
    expect(emulator.state.vpgEntries(DEFAULT_VPG_ID)).toEqual([]);
    expect(emulator.credentials).toEqual({
      operatorId: 'OP0000000001',
      authKeyId: 'keyId-emulator-demo',
      authKey: 'secret-emulator-demo',
      apiKey: 'api-emulator-demo',
      token: 'token-emulator-demo',
    });
    expect(emulator.state.operatorId).toBe('OP0000000001');
  });

  it('listens on the given port', async () => {
    const probe = await startBatchEmulator();
    const port = probe.port;
    await probe.close();
    const { emulator } = await start({ port });
    expect(emulator.port).toBe(port);
    expect(emulator.baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
  });

  it('rejects a port already in use', async () => {
    const { emulator } = await start();
    await expect(startBatchEmulator({ port: emulator.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('generates deterministic SIM IDs and IMSIs: 19 and 15 digits', () => {
    expect(simIdAt(0)).toBe('8981100000000000000');
    expect(simIdAt(12_345)).toBe('8981100000000012345');
    expect(imsiAt(7)).toBe('440100000000007');
    expect(simIds(3, 10)).toEqual([simIdAt(10), simIdAt(11), simIdAt(12)]);
    expect(simIdAt(9_999_999_999)).toHaveLength(19);
    expect(() => simIdAt(-1)).toThrow(RangeError);
    expect(() => simIds(1.5)).toThrow(RangeError);
  });

  it('seeds SIMs from a count or from explicit seeds with defaults', async () => {
    const { emulator } = await start({
      sims: [{ simId: 'a' }, { simId: 'b', imsi: '440109999999999', status: 'active', groupId: 'g', tags: { t: 'v' } }],
    });
    expect(emulator.state.sims()).toEqual([
      { simId: 'a', imsi: imsiAt(0), status: 'ready', tags: {} },
      { simId: 'b', imsi: '440109999999999', status: 'active', groupId: 'g', tags: { t: 'v' } },
    ]);
  });

  it.each([
    [{ port: 70_000 }, RangeError, /options\.port/],
    [{ port: '80' }, TypeError, /options\.port/],
    [{ sims: -1 }, RangeError, /options\.sims/],
    [{ sims: [{ simId: 'a' }, { simId: 'a' }] }, RangeError, /sims\[1\]\.simId/],
    [{ sims: [{ simId: 'a', status: 'broken' }] }, TypeError, /sims\[0\]\.status/],
    [{ taskDurationMs: -5 }, RangeError, /taskDurationMs/],
    [{ tasksPerTick: 0 }, RangeError, /tasksPerTick/],
    [{ failingSims: { a: 200 } }, RangeError, /failingSims\.a/],
    [{ faults: [{ status: 429, times: -1 }] }, RangeError, /faults\[0\]\.times/],
    [{ faults: { status: 429 } }, TypeError, /options\.faults/],
    [{ expiredTokenStatus: 403 }, RangeError, /expiredTokenStatus/],
    [{ credentials: { authKeys: { id: 5 } } }, TypeError, /credentials\.authKeys\.id/],
    [{ credentials: { apiTokens: [{ apiKey: 'k' }] } }, TypeError, /credentials\.apiTokens\[0\]/],
    [{ latency: 5 }, TypeError, /options\.latency is not a known option/],
    [{ failingSims: { a: { status: 500, times: 0 } } }, RangeError, /failingSims\.a\.times/],
    [{ failingSims: { a: { times: 1 } } }, TypeError, /failingSims\.a\.status/],
    [{ hideJobSummary: 'yes' }, TypeError, /options\.hideJobSummary must be a boolean/],
    [{ cors: 'yes' }, TypeError, /options\.cors must be true, false or/],
    [{ cors: { exposeHeaders: ['bad header'] } }, TypeError, /options\.cors\.exposeHeaders/],
    [{ cors: { allowHeaders: 'X-A' } }, TypeError, /options\.cors\.allowHeaders/],
    [{ cors: { allowOrigin: '' } }, TypeError, /options\.cors\.allowOrigin/],
    [{ cors: { maxAgeSeconds: -1 } }, RangeError, /options\.cors\.maxAgeSeconds/],
    [{ faults: [{ status: 200 }] }, RangeError, /faults\[0\]\.status 200 needs a text body/],
    [{ faults: [{ status: 200, body: { code: 'X', message: 'y' } }] }, RangeError, /faults\[0\]\.status 200/],
    [{ faults: [{ status: 302, body: 'moved' }] }, RangeError, /faults\[0\]\.status must be 200 to 299 or 400 to 599/],
    [{ faults: [{ status: 600 }] }, RangeError, /faults\[0\]\.status must be an integer from 200 to 599/],
    [{ faults: [{ status: 500, malformedBody: 'empty' }] }, RangeError, /both status and malformedBody/],
    [{ faults: [{ malformedBody: 'garbled' }] }, TypeError, /faults\[0\]\.malformedBody must be one of/],
    [{ faults: [{ times: 2 }] }, RangeError, /faults\[0\] does nothing/],
    [{ faults: [{ body: 'x' }] }, RangeError, /faults\[0\]\.body needs a status/],
    [{ faults: [{ processDelayMs: -1 }] }, RangeError, /faults\[0\]\.processDelayMs/],
    [{ faults: [{ processDelayMs: Infinity }] }, RangeError, /faults\[0\]\.processDelayMs/],
    [{ faults: [{ status: 429, headers: { 'content-type': 'x' } }] }, RangeError, /headers cannot send "content-type"/],
    [{ faults: [{ status: 429, headers: { 'x-a': 'two\nlines' } }] }, TypeError, /faults\[0\]\.headers\.x-a/],
    [{ faults: [{ status: 429, operations: ['createJob'] }] }, RangeError, /"createJob", which is not an operation/],
  ])('refuses %j, naming the option', async (options, kind, message) => {
    await expect(startBatchEmulator(options as never)).rejects.toThrow(kind);
    await expect(startBatchEmulator(options as never)).rejects.toThrow(message);
  });

  it('never echoes a malformed credential value in its error', async () => {
    const error = await startBatchEmulator({ credentials: { authKeys: { id: 12345678 as never } } }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).not.toContain('12345678');
  });
});
