/**
 * An emulator plugs into a client as it is: `createBatchClient(emulator.clientOptions)` logs in with an
 * AuthKey, `auth: emulator.apiToken` uses a ready-made pair, and both exist whatever credentials were
 * configured. `emulator.credentials` holds everything, for display.
 */
import { describe, expect, it } from 'vitest';
import { createBatchClient, tasks } from '../../src/index.js';
import { runTasks } from '../../src/runner/index.js';
import { DEMO_CREDENTIALS, simIdAt, simIds } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';
import { api } from './support/emulator-http.js';

const start = useEmulators();

describe('emulator: clientOptions and apiToken', () => {
  it('createBatchClient(emulator.clientOptions) logs in with the AuthKey and calls the API', async () => {
    const { emulator } = await start();
    expect(emulator.clientOptions).toEqual({
      baseUrl: emulator.baseUrl,
      auth: { authKeyId: DEMO_CREDENTIALS.authKeyId, authKey: DEMO_CREDENTIALS.authKey },
    });
    const batch = createBatchClient(emulator.clientOptions);
    await batch.createBatchGroup({ body: { batchGroupName: 'plugged in' } });
    expect(emulator.state.groups().map((g) => g.batchGroupName)).toEqual(['plugged in']);
    expect(emulator.state.requests().map((r) => [r.operationId, r.status])).toEqual([
      ['auth', 200],
      ['createBatchGroup', 200],
    ]);
  });

  it('auth: emulator.apiToken calls the API with the ready-made pair, without logging in', async () => {
    const { emulator } = await start();
    expect(emulator.apiToken).toEqual({ apiKey: DEMO_CREDENTIALS.apiKey, token: DEMO_CREDENTIALS.token });
    const batch = createBatchClient({ baseUrl: emulator.baseUrl, auth: emulator.apiToken });
    await batch.listBatchGroups();
    expect(emulator.state.requests().map((r) => r.operationId)).toEqual(['listBatchGroups']);
  });

  it('uses the first configured AuthKey and pair', async () => {
    const { emulator } = await start({
      credentials: {
        authKeys: { 'keyId-mine': 'secret-mine', 'keyId-other': 'secret-other' },
        apiTokens: [{ apiKey: 'api-mine', token: 'token-mine' }],
      },
    });
    expect(emulator.clientOptions.auth).toEqual({ authKeyId: 'keyId-mine', authKey: 'secret-mine' });
    expect(emulator.apiToken).toEqual({ apiKey: 'api-mine', token: 'token-mine' });
  });

  it('makes up an AuthKey and a pair with random secrets when the credentials configure none; the demo ones stay refused', async () => {
    const { emulator } = await start({ credentials: { samUsers: { 'batch-runner': 'pw-0001' } } });
    const { authKeyId, authKey } = emulator.clientOptions.auth;
    expect(authKeyId).toMatch(/^keyId-emulator-[0-9a-f-]{36}$/);
    expect(authKey).toMatch(/^secret-[0-9a-f-]{36}$/);
    expect(emulator.apiToken.apiKey).toMatch(/^api-[0-9a-f-]{36}$/);
    await createBatchClient(emulator.clientOptions).listBatchGroups();
    await createBatchClient({ baseUrl: emulator.baseUrl, auth: emulator.apiToken }).listBatchGroups();
    const demo = await api(emulator.baseUrl, null)('POST', '/auth', {
      authKeyId: DEMO_CREDENTIALS.authKeyId,
      authKey: DEMO_CREDENTIALS.authKey,
    });
    expect(demo.status).toBe(401);
    const other = await start({ credentials: { samUsers: { 'batch-runner': 'pw-0001' } } });
    expect(other.emulator.clientOptions.auth.authKey).not.toBe(authKey);
  });

  it('credentials holds the operator, the AuthKey and the pair, every one a string', async () => {
    const { emulator } = await start({ credentials: { operatorId: 'OP0012345678' } });
    expect(emulator.credentials).toEqual({
      operatorId: 'OP0012345678',
      authKeyId: emulator.clientOptions.auth.authKeyId,
      authKey: emulator.clientOptions.auth.authKey,
      apiKey: emulator.apiToken.apiKey,
      token: emulator.apiToken.token,
    });
  });

  it('hands out frozen objects, so one test cannot change what the next one gets', async () => {
    const { emulator } = await start();
    expect(Object.isFrozen(emulator.clientOptions)).toBe(true);
    expect(Object.isFrozen(emulator.clientOptions.auth)).toBe(true);
    expect(Object.isFrozen(emulator.apiToken)).toBe(true);
    expect(Object.isFrozen(emulator.credentials)).toBe(true);
  });
});

describe("the README's first emulator example", () => {
  it('runs 25,000 putSimTags tasks as 3 jobs through clientOptions, and tags every SIM', async () => {
    const { emulator } = await start({ sims: 25_000 });
    const batch = createBatchClient(emulator.clientOptions);
    const { batchGroupId } = await batch.createBatchGroup({ body: { batchGroupName: 'test' } });
    const result = await runTasks(batch, {
      batch_group_id: batchGroupId,
      tasks: tasks.many('putSimTags', simIds(25_000), { area: 'tokyo' }),
      // Polled often: the jobs end in milliseconds, and the default first delay (2 s) would only add waiting.
      wait: { minDelayMs: 5, maxDelayMs: 20 },
    });
    expect([result.succeeded, emulator.state.jobs().length]).toEqual([25_000, 3]);
    expect(emulator.state.sim(simIdAt(0))?.tags).toEqual({ area: 'tokyo' });
    expect(emulator.state.sims().every((sim) => sim.tags.area === 'tokyo')).toBe(true);
  }, 60_000);
});
