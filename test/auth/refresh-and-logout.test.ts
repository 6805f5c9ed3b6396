/**
 * Token renewal near expiry (POST /operators/{id}/token, falling back to a login on 400) and logout.
 * Only `Date` is faked, to move the clock past the renewal point; sockets and timers stay real.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, type BatchClientOptions, createBatchClient } from '../../src/index.js';
import { captureLogger } from '../transport/capture-logger.js';
import { json, type ScriptedServer, startScriptedServer } from '../transport/scripted-server.js';
import { type AuthState, guarded, OPERATOR_ID, scriptAuth } from './login-server.js';

const GROUPS = '/v1/batch_groups';
const REFRESH = `/v1/operators/${OPERATOR_ID}/token`;
const authKey = { authKeyId: 'keyId-refresh-test-0001', authKey: 'secret-refresh-test-0001', tokenTimeoutSeconds: 600 };
const T0 = Date.parse('2025-09-03T00:00:00Z');

let server: ScriptedServer;
let auth: AuthState;
beforeEach(async () => {
  server = await startScriptedServer();
  auth = scriptAuth(server);
  server.route('GET', GROUPS, guarded(auth, json(200, [])));
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

function client(options: BatchClientOptions = {}) {
  return createBatchClient({ baseUrl: server.baseUrl, auth: authKey, logLevel: 'off', maxRetryDelayMs: 5, ...options });
}

const lastToken = () => server.requests.filter((r) => r.path === GROUPS).at(-1)?.headers['x-soracom-token'];

describe('renewal near expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });

  it('does not renew while most of the lifetime is left', async () => {
    const batch = client();
    await batch.listBatchGroups();
    vi.setSystemTime(T0 + 500_000); // 100 s of 600 s left: more than a tenth
    await batch.listBatchGroups();
    expect(server.count('POST', REFRESH)).toBe(0);
  });

  it('renews the token with the current key when a tenth of the lifetime is left, without holding calls up', async () => {
    const batch = client();
    await batch.listBatchGroups();
    const first = auth.issued[0];
    vi.setSystemTime(T0 + 545_000);
    // The call that notices goes on with the current token, still valid; the renewal runs beside it.
    await batch.listBatchGroups();
    expect(lastToken()).toBe(first?.token);
    await vi.waitFor(() => expect(server.count('POST', REFRESH)).toBe(1));
    await batch.listBatchGroups();
    const renewal = server.requests.find((r) => r.path === REFRESH);
    expect(renewal?.headers['x-soracom-api-key']).toBe(first?.apiKey);
    expect(renewal?.headers['x-soracom-token']).toBe(first?.token);
    expect(JSON.parse(renewal?.body ?? '{}')).toEqual({ tokenTimeoutSeconds: 600 });
    expect(lastToken()).toBe('issued-token-renewed-1-0000');
    expect(auth.logins).toBe(1);
  });

  it('logs in again when the renewal answers 400 (the token already expired)', async () => {
    const batch = client();
    await batch.listBatchGroups();
    auth.expireAll();
    vi.setSystemTime(T0 + 545_000);
    await batch.listBatchGroups();
    await vi.waitFor(() => expect(auth.logins).toBe(2));
    expect(server.count('POST', REFRESH)).toBe(1);
    expect(auth.logins).toBe(2);
    expect(lastToken()).toBe(auth.issued[1]?.token);
  });

  it('logs in straight away, without a renewal, once the token is past its lifetime', async () => {
    const batch = client();
    await batch.listBatchGroups();
    vi.setSystemTime(T0 + 601_000);
    await batch.listBatchGroups();
    expect(server.count('POST', REFRESH)).toBe(0);
    expect(auth.logins).toBe(2);
  });

  it('keeps a still-valid token and warns when the renewal fails for another reason; no call fails or waits', async () => {
    server.route('POST', REFRESH, json(500, { message: 'down' }));
    const log = captureLogger();
    const batch = client({ logger: log.logger, logLevel: 'warn', maxRetryDelayMs: 0 });
    await batch.listBatchGroups();
    vi.setSystemTime(T0 + 545_000);
    await expect(batch.listBatchGroups()).resolves.toEqual([]);
    await vi.waitFor(() => expect(log.lines.some((l) => l.level === 'warn')).toBe(true));
    // The renewal was retried as any request is (5 attempts), then given up for a minute.
    expect(server.count('POST', REFRESH)).toBe(5);
    await batch.listBatchGroups(); // within the pause: no second renewal attempt
    expect(server.count('POST', REFRESH)).toBe(5);
    expect(lastToken()).toBe(auth.issued[0]?.token);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringContaining('could not renew the token'),
    ]);
  });
});

describe('logout', () => {
  it('revokes the current key and token, and a later call logs in again', async () => {
    const batch = client();
    await batch.listBatchGroups();
    const first = auth.issued[0];
    await batch.logout();
    const logout = server.requests.find((r) => r.path === '/v1/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers['x-soracom-api-key']).toBe(first?.apiKey);
    expect(logout?.headers['x-soracom-token']).toBe(first?.token);
    expect(auth.logouts).toBe(1);
    await batch.listBatchGroups();
    expect(auth.logins).toBe(2);
    expect(lastToken()).toBe(auth.issued[1]?.token);
  });

  it('sends nothing when the client never logged in', async () => {
    await client().logout();
    expect(server.requests).toHaveLength(0);
  });

  it('accepts a 401: the key and token were no longer valid anyway', async () => {
    const batch = client();
    await batch.listBatchGroups();
    auth.expireAll();
    await expect(batch.logout()).resolves.toBeUndefined();
    expect(server.count('POST', '/v1/auth/logout')).toBe(1);
  });

  it('revokes a fixed key and token; later calls are refused with a message saying why', async () => {
    auth.valid.add('fixed-token-logout-0001');
    const batch = client({ auth: { apiKey: 'fixed-key-logout-0001', token: 'fixed-token-logout-0001' } });
    await batch.listBatchGroups();
    await batch.logout();
    expect(auth.logouts).toBe(1);
    const error = await batch.listBatchGroups().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('This client logged out');
    expect(server.requests.at(-1)?.headers['x-soracom-token']).toBeUndefined();
  });
});
