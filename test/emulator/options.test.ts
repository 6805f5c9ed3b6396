/** startBatchEmulator's options: defaults, and bad values refused before anything listens. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_VPG_ID, imsiAt, simIdAt, simIds, startBatchEmulator } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';

const start = useEmulators();

describe('emulator: options', () => {
  it('listens on 127.0.0.1 under /v1 with 100 SIMs, one VPG and the demo credentials by default', async () => {
    const { emulator } = await start();
    expect(emulator.baseUrl).toBe(`http://127.0.0.1:${emulator.port}/v1`);
    expect(emulator.host).toBe('127.0.0.1');
    expect(emulator.state.sims()).toHaveLength(100);
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
