/** When the API rejects the token: one fresh login and one replay, shared, and never a loop. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, type BatchClientOptions, createBatchClient } from '../../src/index.js';
import { captureLogger } from '../transport/capture-logger.js';
import { json, type ScriptedServer, startScriptedServer } from '../transport/scripted-server.js';
import { type AuthState, guarded, scriptAuth } from './login-server.js';

const GROUPS = '/v1/batch_groups';
const JOBS = '/v1/batch_groups/g-1/jobs';
const authKey = { authKeyId: 'keyId-relogin-test-0001', authKey: 'secret-relogin-test-0001' };

let server: ScriptedServer;
let auth: AuthState;
beforeEach(async () => {
  server = await startScriptedServer();
  auth = scriptAuth(server);
});
afterEach(async () => {
  await server.close();
});

function client(options: BatchClientOptions = {}) {
  return createBatchClient({ baseUrl: server.baseUrl, auth: authKey, logLevel: 'off', maxRetryDelayMs: 5, ...options });
}

const tokensSent = (method: string, path: string) =>
  server.requests.filter((r) => r.method === method && r.path === path).map((r) => r.headers['x-soracom-token']);

describe('renewal after a rejection', () => {
  it('logs in again once and replays the call transparently after a 401', async () => {
    server.route('GET', GROUPS, guarded(auth, json(200, [{ batchGroupId: 'g-1', batchGroupName: 'n' }])));
    const log = captureLogger();
    const batch = client({ logger: log.logger, logLevel: 'info' });
    await batch.listBatchGroups();
    auth.expireAll();
    await expect(batch.listBatchGroups()).resolves.toHaveLength(1);
    expect(auth.logins).toBe(2);
    expect(tokensSent('GET', GROUPS)).toEqual([auth.issued[0]?.token, auth.issued[0]?.token, auth.issued[1]?.token]);
    expect(log.lines.some((l) => l.message.includes('answered 401: renewing the credentials and replaying once'))).toBe(
      true,
    );
  });

  it('treats the invalid-token 400 like a 401', async () => {
    let rejected = false;
    server.route('GET', GROUPS, (res, request, raw) => {
      if (!rejected) {
        rejected = true;
        json(400, { code: 'SEM0001', message: 'Invalid API key or token.' })(res, request, raw);
        return;
      }
      json(200, [])(res, request, raw);
    });
    await expect(client().listBatchGroups()).resolves.toEqual([]);
    expect(auth.logins).toBe(2);
    expect(server.count('GET', GROUPS)).toBe(2);
  });

  it('does not loop: a rejection right after the fresh login is thrown', async () => {
    server.route('GET', GROUPS, json(401, { code: 'AUM0001', message: 'Unauthorized' }));
    const error = await client()
      .listBatchGroups()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, attempts: 2 });
    expect((error as Error).message).toContain('logged in again and replayed the request once');
    expect(auth.logins).toBe(2);
    expect(server.count('GET', GROUPS)).toBe(2);
  });

  it('shares one re-login among concurrent calls rejected with the same token', async () => {
    server.route('GET', GROUPS, guarded(auth, json(200, [])));
    const batch = client();
    await batch.listBatchGroups();
    auth.expireAll();
    await Promise.all(Array.from({ length: 20 }, () => batch.listBatchGroups()));
    expect(auth.logins).toBe(2);
    expect(server.count('GET', GROUPS)).toBe(1 + 20 + 20);
  });

  it('replays even a POST: a rejected request did not run', async () => {
    const job = { jobId: 'j-1', batchGroupId: 'g-1', status: 'pending' };
    server.route('GET', GROUPS, guarded(auth, json(200, [])));
    server.route('POST', JOBS, guarded(auth, json(201, job)));
    const batch = client();
    await batch.listBatchGroups();
    auth.expireAll();
    const body = { tasks: [{ request: { path: '/v1/sims/8981100001234567890/activate', method: 'POST' } }] };
    await expect(batch.createBatchJob({ batch_group_id: 'g-1', body: body as never })).resolves.toEqual(job);
    expect(server.count('POST', JOBS)).toBe(2);
    expect(auth.logins).toBe(2);
  });

  it('renews in the middle of a walk over pages', async () => {
    let page = 0;
    server.route(
      'GET',
      GROUPS,
      guarded(auth, (res, request, raw) => {
        page++;
        if (page === 1) auth.expireAll(); // the token dies after the first page is served
        const next: Record<string, string> = page === 1 ? { 'x-soracom-next-key': 'k2' } : {};
        json(200, [{ batchGroupId: `g-${page}`, batchGroupName: 'n' }], next)(res, request, raw);
      }),
    );
    const ids: string[] = [];
    for await (const group of client().listBatchGroups()) ids.push(group.batchGroupId);
    expect(ids).toEqual(['g-1', 'g-2']);
    expect(auth.logins).toBe(2);
    expect(server.requests.filter((r) => r.path === GROUPS).map((r) => r.query)).toEqual([
      '',
      '?last_evaluated_key=k2',
      '?last_evaluated_key=k2',
    ]);
  });

  it('cannot renew a fixed API key and token, and says so', async () => {
    server.route('GET', GROUPS, json(401, { code: 'AUM0001', message: 'Unauthorized' }));
    const error = await client({ auth: { apiKey: 'fixed-key-relogin', token: 'fixed-token-relogin' } })
      .listBatchGroups()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('cannot be renewed');
    expect(server.count('GET', GROUPS)).toBe(1);
    expect(auth.logins).toBe(0);
  });
});
