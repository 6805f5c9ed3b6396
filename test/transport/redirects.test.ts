/**
 * Credentials never leave the configured origin. Two real loopback servers on different ports (two
 * origins): the API, and another that records whatever reaches it. The transport follows redirects by
 * hand: within the API's origin with the credentials, never to another origin (its API key, token and a
 * login's AuthKey secret would go there), and a redirected POST is sent again whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchClient, isSoracomError, UnexpectedResponseError } from '../../src/index.js';
import { OPERATOR_ID } from '../auth/login-server.js';
import { empty, json, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const auth = { apiKey: 'redirect-test-api-key', token: 'redirect-test-token' };
const AUTH_KEY = { authKeyId: 'keyId-redirect-0001', authKey: 'secret-redirect-0001' };
const GROUP = { batchGroupId: 'g-1', batchGroupName: 'Monthly SIM Tag Update' };

let api: ScriptedServer;
let elsewhere: ScriptedServer;
beforeEach(async () => {
  api = await startScriptedServer();
  elsewhere = await startScriptedServer();
  // Whatever reaches the other origin is answered as a success, so only the SDK's refusal can fail a call.
  elsewhere.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
  elsewhere.route('POST', '/v1/auth', json(200, { apiKey: 'stolen', token: 'stolen', operatorId: OPERATOR_ID }));
});
afterEach(async () => {
  await Promise.all([api.close(), elsewhere.close()]);
});

const redirect = (status: number, location: string) => empty(status, { location });

/** Every header of every request `server` received, lower-case names: where a credential would show. */
const headerValues = (server: ScriptedServer) => server.requests.flatMap((r) => Object.values(r.headers).map(String));

describe('a redirect within the origin', () => {
  it('is followed with the credentials (a GET, relative and absolute locations)', async () => {
    api.route('GET', '/v1/batch_groups/old', redirect(301, '/v1/batch_groups/moved'));
    api.route('GET', '/v1/batch_groups/moved', redirect(307, `${api.origin}/v1/batch_groups/g-1`));
    api.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
    await expect(batch.getBatchGroup({ batch_group_id: 'old' })).resolves.toEqual(GROUP);
    expect(api.requests.map((r) => r.path)).toEqual([
      '/v1/batch_groups/old',
      '/v1/batch_groups/moved',
      '/v1/batch_groups/g-1',
    ]);
    for (const request of api.requests) expect(request.headers['x-soracom-token']).toBe(auth.token);
  });

  it('a redirected POST /auth (307) sends its body again whole, and the login succeeds', async () => {
    api.route('POST', '/v1/auth', redirect(307, '/v1/auth/v2'));
    api.route(
      'POST',
      '/v1/auth/v2',
      json(200, { apiKey: 'issued-key-0001', token: 'issued-token-0001', operatorId: OPERATOR_ID }),
    );
    api.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth: AUTH_KEY, maxRetries: 0, logLevel: 'off' });
    await expect(batch.getBatchGroup({ batch_group_id: 'g-1' })).resolves.toEqual(GROUP);
    const [first, second] = api.requests;
    expect(second?.path).toBe('/v1/auth/v2');
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(second?.body ?? '')).toMatchObject(AUTH_KEY);
    expect(api.requests[2]?.headers['x-soracom-token']).toBe('issued-token-0001');
  });

  it('a 303 after a POST becomes a GET without the body', async () => {
    api.route('POST', '/v1/batch_groups', redirect(303, '/v1/batch_groups/g-1'));
    api.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
    await expect(batch.createBatchGroup({ body: { batchGroupName: 'x' } })).resolves.toEqual(GROUP);
    const second = api.requests[1];
    expect(second).toMatchObject({ method: 'GET', path: '/v1/batch_groups/g-1', body: '' });
    expect(second?.headers['content-type']).toBeUndefined();
  });

  it.each([301, 302])(
    'a %i after a POST becomes a GET without the body, as the Fetch standard says',
    async (status) => {
      api.route('POST', '/v1/batch_groups', redirect(status, '/v1/batch_groups/g-1'));
      api.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
      const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
      await expect(batch.createBatchGroup({ body: { batchGroupName: 'x' } })).resolves.toEqual(GROUP);
      expect(api.requests[1]).toMatchObject({ method: 'GET', path: '/v1/batch_groups/g-1', body: '' });
    },
  );

  it('a 308 after a POST stays a POST with its body', async () => {
    api.route('POST', '/v1/batch_groups', redirect(308, '/v1/batch_groups/v2'));
    api.route('POST', '/v1/batch_groups/v2', json(201, GROUP));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
    await expect(batch.createBatchGroup({ body: { batchGroupName: 'x' } })).resolves.toEqual(GROUP);
    expect(api.requests[1]).toMatchObject({ method: 'POST', path: '/v1/batch_groups/v2' });
    expect(JSON.parse(api.requests[1]?.body ?? '')).toEqual({ batchGroupName: 'x' });
  });

  it('is not followed when the caller of a .raw call asked for redirect "manual"', async () => {
    api.route('GET', '/v1/batch_groups/old', redirect(301, '/v1/batch_groups/g-1'));
    api.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
    const error = await batch.raw
      .GET('/batch_groups/{batch_group_id}', { params: { path: { batch_group_id: 'old' } }, redirect: 'manual' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 301, method: 'GET', path: '/v1/batch_groups/old' });
    expect(api.requests.map((r) => r.path)).toEqual(['/v1/batch_groups/old']);
  });

  it('a redirect loop ends after 20 redirects with an error, not a hang', async () => {
    api.route('GET', '/v1/batch_groups/loop', redirect(302, '/v1/batch_groups/loop'));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
    const error = await batch.getBatchGroup({ batch_group_id: 'loop' }).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect(api.requests).toHaveLength(21);
  });
});

describe('a redirect to another origin', () => {
  it('is not followed: no request, and so no API key or token, reaches the other origin', async () => {
    api.route('GET', '/v1/batch_groups/g-1', redirect(302, `${elsewhere.origin}/v1/batch_groups/g-1`));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 2, logLevel: 'off' });
    const error = await batch.getBatchGroup({ batch_group_id: 'g-1' }).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect(error).toMatchObject({ status: 302, method: 'GET', path: '/v1/batch_groups/g-1' });
    expect((error as Error).message).toContain(`a redirect to ${elsewhere.origin}/v1/batch_groups/g-1: not followed`);
    expect((error as Error).message).toContain(`no credential or request body leaves ${api.origin}`);
    expect((error as Error).message).toContain('set baseUrl');
    expect(elsewhere.requests).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });

  it('of a login (POST /auth, 307): the AuthKey secret stays with the API, and nothing crashes', async () => {
    api.route('POST', '/v1/auth', redirect(307, `${elsewhere.origin}/v1/auth`));
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth: AUTH_KEY, maxRetries: 0, logLevel: 'off' });
    const error = await batch.getBatchGroup({ batch_group_id: 'g-1' }).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect(error).toMatchObject({ status: 307, method: 'POST', path: '/v1/auth' });
    expect(elsewhere.requests).toEqual([]);
    expect(headerValues(elsewhere).join(' ')).not.toContain(AUTH_KEY.authKey);
  });

  it('a .raw call to another origin (a baseUrl of its own) is sent without the credentials', async () => {
    const batch = createBatchClient({ baseUrl: api.baseUrl, auth, maxRetries: 0, logLevel: 'off' });
    const { data } = await batch.raw.GET('/batch_groups/{batch_group_id}', {
      baseUrl: elsewhere.baseUrl,
      params: { path: { batch_group_id: 'g-1' } },
    });
    expect(data).toEqual(GROUP);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]?.headers['x-soracom-api-key']).toBeUndefined();
    expect(headerValues(elsewhere).join(' ')).not.toContain(auth.token);
  });
});
