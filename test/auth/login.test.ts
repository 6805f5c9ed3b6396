/** Logging in by itself: lazily, once for many concurrent calls, with each kind of credentials. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, type BatchClientOptions, createBatchClient, isSoracomError } from '../../src/index.js';
import { json, type ScriptedServer, startScriptedServer } from '../transport/scripted-server.js';
import { type AuthState, guarded, OPERATOR_ID, scriptAuth } from './login-server.js';

const GROUPS = '/v1/batch_groups';
const authKey = { authKeyId: 'keyId-login-test-0001', authKey: 'secret-login-test-0001' };

let server: ScriptedServer;
let auth: AuthState;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

function client(options: BatchClientOptions = {}) {
  return createBatchClient({ baseUrl: server.baseUrl, auth: authKey, logLevel: 'off', maxRetryDelayMs: 5, ...options });
}

const body = (i: number) => JSON.parse(server.requests[i]?.body ?? 'null') as Record<string, unknown>;

describe('login', () => {
  beforeEach(() => {
    auth = scriptAuth(server);
    server.route('GET', GROUPS, guarded(auth, json(200, [])));
  });

  it('logs in on the first call, not before, and sends the issued key and token', async () => {
    const batch = client();
    expect(server.requests).toHaveLength(0);
    await batch.listBatchGroups();
    const [login, call] = server.requests;
    expect(login).toMatchObject({ method: 'POST', path: '/v1/auth' });
    expect(body(0)).toEqual({ ...authKey, tokenTimeoutSeconds: 86_400 });
    expect(login?.headers['x-soracom-api-key']).toBeUndefined();
    expect(login?.headers['x-soracom-token']).toBeUndefined();
    expect(login?.headers['content-type']).toBe('application/json');
    expect(login?.headers['user-agent']).toMatch(/^soracom-batch\//);
    expect(call?.headers['x-soracom-api-key']).toBe(auth.issued[0]?.apiKey);
    expect(call?.headers['x-soracom-token']).toBe(auth.issued[0]?.token);
  });

  it('keeps the key and token for later calls', async () => {
    const batch = client();
    await batch.listBatchGroups();
    await batch.listBatchGroups();
    await batch.listBatchGroups();
    expect(auth.logins).toBe(1);
    expect(server.count('GET', GROUPS)).toBe(3);
  });

  it('sends the SAM user login with userName, the MFA code and the token lifetime', async () => {
    await client({
      auth: {
        operatorId: OPERATOR_ID,
        userName: 'batch-runner',
        password: 'pw-login-test-0001',
        mfaOTPCode: '123456',
        tokenTimeoutSeconds: 3600,
      },
    }).listBatchGroups();
    expect(body(0)).toEqual({
      operatorId: OPERATOR_ID,
      userName: 'batch-runner',
      password: 'pw-login-test-0001',
      mfaOTPCode: '123456',
      tokenTimeoutSeconds: 3600,
    });
  });

  it('sends the root login with email and password', async () => {
    await client({ auth: { email: 'root@example.com', password: 'pw-login-test-0002' } }).listBatchGroups();
    expect(body(0)).toEqual({ email: 'root@example.com', password: 'pw-login-test-0002', tokenTimeoutSeconds: 86_400 });
  });

  it('sends a fixed API key and token as given, without logging in', async () => {
    auth.valid.add('fixed-token-0001');
    await client({ auth: { apiKey: 'fixed-key-0001', token: 'fixed-token-0001' } }).listBatchGroups();
    expect(auth.logins).toBe(0);
    expect(server.requests[0]?.headers['x-soracom-api-key']).toBe('fixed-key-0001');
  });
});

describe('single flight', () => {
  it('makes exactly one login for 50 concurrent first calls', async () => {
    auth = scriptAuth(server, { loginDelayMs: 100 });
    server.route('GET', GROUPS, guarded(auth, json(200, [])));
    const batch = client();
    const results = await Promise.all(Array.from({ length: 50 }, () => batch.listBatchGroups()));
    expect(results).toHaveLength(50);
    expect(auth.logins).toBe(1);
    expect(server.count('GET', GROUPS)).toBe(50);
    const tokens = new Set(server.requests.filter((r) => r.method === 'GET').map((r) => r.headers['x-soracom-token']));
    expect([...tokens]).toEqual([auth.issued[0]?.token]);
  });

  it('lets one caller stop waiting for the shared login without failing the others', async () => {
    auth = scriptAuth(server, { loginDelayMs: 150 });
    server.route('GET', GROUPS, guarded(auth, json(200, [])));
    const batch = client();
    const controller = new AbortController();
    const reason = new Error('this caller gave up');
    server.onRequest((request) => {
      if (request.path === '/v1/auth') controller.abort(reason);
    });
    const [given, kept] = await Promise.allSettled([
      batch.listBatchGroups({}, { signal: controller.signal }),
      batch.listBatchGroups(),
    ]);
    expect(given).toEqual({ status: 'rejected', reason });
    expect(kept).toEqual({ status: 'fulfilled', value: [] });
    expect(auth.logins).toBe(1);
  });
});

describe('a refused or failing login', () => {
  it('is an AuthenticationError naming POST /v1/auth and what to check; the next call tries again', async () => {
    server.route(
      'POST',
      '/v1/auth',
      json(401, { code: 'AUM0001', message: 'Authentication failed.' }),
      json(200, { apiKey: 'k-0001', token: 't-0001', operatorId: OPERATOR_ID }),
    );
    server.route('GET', GROUPS, json(200, []));
    const batch = client();
    const error = await batch.listBatchGroups().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(isSoracomError(error, AuthenticationError)).toBe(true);
    expect((error as Error).message).toContain('POST /v1/auth answered 401 AUM0001: Authentication failed.');
    expect((error as Error).message).toContain('check authKeyId and authKey');
    expect(server.count('POST', '/v1/auth')).toBe(1);
    await expect(batch.listBatchGroups()).resolves.toEqual([]);
    expect(server.count('POST', '/v1/auth')).toBe(2);
  });

  it('is retried after a 500: a duplicate login harms nothing', async () => {
    server.route(
      'POST',
      '/v1/auth',
      json(500, {}),
      json(200, { apiKey: 'k-0002', token: 't-0002', operatorId: OPERATOR_ID }),
    );
    server.route('GET', GROUPS, json(200, []));
    await expect(client().listBatchGroups()).resolves.toEqual([]);
    expect(server.count('POST', '/v1/auth')).toBe(2);
  });

  it('says what to check for a SAM user, including the MFA code', async () => {
    server.route('POST', '/v1/auth', json(401, { code: 'AUM0001', message: 'Authentication failed.' }));
    const error = await client({
      auth: { operatorId: OPERATOR_ID, userName: 'u', password: 'p-0001', mfaOTPCode: '000000' },
    })
      .listBatchGroups()
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('check operatorId, userName and password');
    expect((error as Error).message).toContain('mfaOTPCode');
  });
});
