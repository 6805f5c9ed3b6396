/**
 * The auth operations the client uses (openapi/auth.yaml: auth, generateAuthToken, logout) against a
 * Prism mock of that spec. Prism validates every request against the spec (body schema, required
 * security headers) and answers 422 or 401 when one does not match, so these tests fail if the
 * client's login, renewal or logout drift from the spec. Batch calls go to the Batch mock.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { type BatchClientOptions, createBatchClient } from '../../src/index.js';

const API_ROOT = 'https://soracom.test/v1';
const urls = () => inject('prismUrls') as Record<string, string>;

type Seen = { method: string; path: string; status: number; apiKey: string | null; token: string | null; body: string };

/** Routes /v1/auth* and /v1/operators/* to the auth mock and the rest to the Batch mock (Prism serves without /v1). */
function routedClient(options: BatchClientOptions = {}) {
  const seen: Seen[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/v1/, '');
    const target = /^\/(auth|operators)\b/.test(path) ? urls().auth : urls().batch;
    const body = request.body ? await request.text() : '';
    const response = await fetch(`${target}${path}${url.search}`, {
      method: request.method,
      headers: request.headers,
      ...(body ? { body } : {}),
    });
    seen.push({
      method: request.method,
      path,
      status: response.status,
      apiKey: request.headers.get('x-soracom-api-key'),
      token: request.headers.get('x-soracom-token'),
      body,
    });
    return response;
  };
  const batch = createBatchClient({
    baseUrl: API_ROOT,
    fetch: fetchImpl,
    auth: { authKeyId: 'keyId-contract-0001', authKey: 'secret-contract-0001' },
    logLevel: 'off',
    maxRetries: 0,
    ...options,
  });
  return { batch, seen };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('auth contract: Prism mock of openapi/auth.yaml', () => {
  it('logs in with an AuthKey (POST /auth) and calls Batch with the issued key and token', async () => {
    const { batch, seen } = routedClient();
    await expect(batch.listBatchGroups()).resolves.toEqual(expect.any(Array));
    const [login, call] = seen;
    expect(login).toMatchObject({ method: 'POST', path: '/auth', status: 200, apiKey: null, token: null });
    expect(JSON.parse(login?.body ?? '{}')).toEqual({
      authKeyId: 'keyId-contract-0001',
      authKey: 'secret-contract-0001',
      tokenTimeoutSeconds: 86_400,
    });
    expect(call).toMatchObject({ method: 'GET', path: '/batch_groups', status: 200 });
    expect(call?.apiKey).toEqual(expect.any(String));
    expect(call?.token).toEqual(expect.any(String));
  });

  it.each([
    [
      'root account with MFA',
      { email: 'root@example.com', password: 'pw-contract-0001', mfaOTPCode: '123456', tokenTimeoutSeconds: 172_800 },
    ],
    [
      'SAM user',
      { operatorId: 'OP0012345678', userName: 'batch-runner', password: 'pw-contract-0002', tokenTimeoutSeconds: 1 },
    ],
  ])('sends a %s login the spec accepts', async (_kind, auth) => {
    const { batch, seen } = routedClient({ auth });
    await batch.listBatchGroups();
    expect(seen[0]).toMatchObject({ path: '/auth', status: 200 });
  });

  it('renews the token with POST /operators/{operator_id}/token, with both credential headers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2025-09-03T00:00:00Z'));
    const { batch, seen } = routedClient({
      auth: { authKeyId: 'keyId-contract-0002', authKey: 'secret-contract-0002', tokenTimeoutSeconds: 3600 },
    });
    await batch.listBatchGroups();
    vi.setSystemTime(Date.parse('2025-09-03T00:55:00Z'));
    await batch.listBatchGroups(); // notices the token is near its end: the renewal runs beside it
    await vi.waitFor(() => expect(seen.some((s) => s.path.startsWith('/operators/'))).toBe(true));
    const renewal = seen.find((s) => s.path.startsWith('/operators/'));
    expect(renewal).toMatchObject({ method: 'POST', status: 200 });
    expect(renewal?.path).toMatch(/^\/operators\/[^/]+\/token$/);
    expect(renewal?.apiKey).toEqual(expect.any(String));
    expect(JSON.parse(renewal?.body ?? '{}')).toEqual({ tokenTimeoutSeconds: 3600 });
    expect(seen.filter((s) => s.path === '/auth')).toHaveLength(1);
  });

  it('logs out with POST /auth/logout (204), carrying the key and token', async () => {
    const { batch, seen } = routedClient();
    await batch.listBatchGroups();
    await batch.logout();
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/auth/logout', status: 204 });
    expect(seen.at(-1)?.token).toEqual(expect.any(String));
  });

  it('is a real check: Prism refuses a login outside the spec and a logout without credentials', async () => {
    const login = (tokenTimeoutSeconds: number) =>
      fetch(`${urls().auth}/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ authKeyId: 'k', authKey: 's', tokenTimeoutSeconds }),
      });
    // The spec declares a 400 for /auth, so Prism reports an invalid body with it (and its example body).
    expect((await login(172_800)).status).toBe(200);
    expect((await login(172_801)).status).toBe(400);
    const logout = await fetch(`${urls().auth}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(401);
  });
});
