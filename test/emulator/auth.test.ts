/**
 * Authentication: both headers on every Batch call, POST /auth with AuthKey, root or SAM
 * credentials, logout, token renewal, expiry; and the request log never holding a credential.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';
import { api } from './support/emulator-http.js';

const start = useEmulators();

const credentials = {
  operatorId: 'OP0099999999',
  authKeys: { 'keyId-test': 'secret-test-0001' },
  rootAccounts: { 'root@example.com': 'root-password-0001' },
  samUsers: { 'batch-runner': 'sam-password-0001' },
};

describe('emulator: authentication headers', () => {
  it('answers 401 {code, message} to a Batch call without both headers, or with a wrong pair', async () => {
    const { emulator } = await start();
    const { apiKey, token } = emulator.apiToken;
    const cases: Array<Record<string, string>> = [
      {},
      { 'X-Soracom-API-Key': apiKey },
      { 'X-Soracom-Token': token },
      { 'X-Soracom-API-Key': apiKey, 'X-Soracom-Token': 'wrong-token' },
      { 'X-Soracom-API-Key': 'wrong-key', 'X-Soracom-Token': token },
    ];
    for (const headers of cases) {
      const answer = await api(emulator.baseUrl, null)('GET', '/batch_groups', undefined, headers);
      expect(answer.status, JSON.stringify(Object.keys(headers))).toBe(401);
      expect(answer.body).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    expect((await api(emulator.baseUrl, { apiKey, token })('GET', '/batch_groups')).status).toBe(200);
  });

  it('checks credentials on all nine Batch operations', async () => {
    const { emulator } = await start();
    const anonymous = api(emulator.baseUrl, null);
    const calls: Array<[string, string]> = [
      ['GET', '/batch_groups'],
      ['POST', '/batch_groups'],
      ['GET', '/batch_groups/g'],
      ['PUT', '/batch_groups/g'],
      ['DELETE', '/batch_groups/g'],
      ['GET', '/batch_groups/g/jobs'],
      ['POST', '/batch_groups/g/jobs'],
      ['GET', '/batch_groups/g/jobs/j'],
      ['GET', '/batch_groups/g/jobs/j/tasks'],
    ];
    for (const [method, path] of calls) {
      expect(
        (await anonymous(method, path, method === 'GET' || method === 'DELETE' ? undefined : {})).status,
        `${method} ${path}`,
      ).toBe(401);
    }
    const ops = new Set(emulator.state.requests().map((r) => r.operationId));
    expect(ops.size).toBe(9);
  });
});

describe('emulator: POST /auth', () => {
  it('logs in with an AuthKey, a root account and a SAM user; each pair then works', async () => {
    const { emulator } = await start({ credentials });
    const anonymous = api(emulator.baseUrl, null);
    const bodies = [
      { authKeyId: 'keyId-test', authKey: 'secret-test-0001' },
      { email: 'root@example.com', password: 'root-password-0001' },
      { operatorId: 'OP0099999999', userName: 'batch-runner', password: 'sam-password-0001' },
    ];
    for (const body of bodies) {
      const login = await anonymous('POST', '/auth', body);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({
        apiKey: expect.any(String),
        token: expect.any(String),
        operatorId: 'OP0099999999',
      });
      expect((await api(emulator.baseUrl, login.body)('GET', '/batch_groups')).status).toBe(200);
    }
    const sam = await anonymous('POST', '/auth', bodies[2]);
    expect(sam.body.userName).toBe('batch-runner');
  });

  it('answers 401 to wrong credentials of each kind, and 400 to a malformed request', async () => {
    const { emulator } = await start({ credentials });
    const anonymous = api(emulator.baseUrl, null);
    for (const body of [
      { authKeyId: 'keyId-test', authKey: 'wrong' },
      { authKeyId: 'keyId-other', authKey: 'secret-test-0001' },
      { email: 'root@example.com', password: 'wrong' },
      { operatorId: 'OP0000000000', userName: 'batch-runner', password: 'sam-password-0001' },
      { operatorId: 'OP0099999999', userName: 'batch-runner', password: 'wrong' },
      // Given credentials replace the demo ones.
      { authKeyId: DEMO_CREDENTIALS.authKeyId, authKey: DEMO_CREDENTIALS.authKey },
    ]) {
      const answer = await anonymous('POST', '/auth', body);
      expect(answer.status, JSON.stringify(body)).toBe(401);
      expect(answer.body).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    for (const body of [
      {},
      { authKeyId: 'keyId-test' },
      { authKeyId: 'keyId-test', authKey: 'secret-test-0001', email: 'root@example.com', password: 'x' },
      { authKeyId: 'keyId-test', authKey: 'secret-test-0001', tokenTimeoutSeconds: 172_801 },
      { authKeyId: 'keyId-test', authKey: 'secret-test-0001', tokenTimeoutSeconds: 0 },
    ]) {
      expect((await anonymous('POST', '/auth', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (
        await anonymous('POST', '/auth', {
          authKeyId: 'keyId-test',
          authKey: 'secret-test-0001',
          tokenTimeoutSeconds: 172_800,
        })
      ).status,
    ).toBe(200);
  });

  it('accepts the demo AuthKey when no credentials are configured', async () => {
    const { emulator } = await start();
    expect(emulator.credentials).toMatchObject({
      authKeyId: DEMO_CREDENTIALS.authKeyId,
      authKey: DEMO_CREDENTIALS.authKey,
    });
    const login = await api(emulator.baseUrl, null)('POST', '/auth', {
      authKeyId: DEMO_CREDENTIALS.authKeyId,
      authKey: DEMO_CREDENTIALS.authKey,
    });
    expect(login.status).toBe(200);
  });
});

describe('emulator: logout, renewal, expiry', () => {
  async function login(baseUrl: string) {
    const answer = await api(baseUrl, null)('POST', '/auth', { authKeyId: 'keyId-test', authKey: 'secret-test-0001' });
    return answer.body as { apiKey: string; token: string; operatorId: string };
  }

  it('logout answers 204 and revokes the key and token', async () => {
    const { emulator } = await start({ credentials });
    const session = await login(emulator.baseUrl);
    const call = api(emulator.baseUrl, session);
    const out = await call('POST', '/auth/logout');
    expect(out.status).toBe(204);
    expect((await call('GET', '/batch_groups')).status).toBe(401);
    expect((await call('POST', '/auth/logout')).status).toBe(401);
    expect((await call('POST', `/operators/${session.operatorId}/token`, {})).status).toBe(401);
  });

  it('renews the token for the same API key; the new one works', async () => {
    const { emulator } = await start({ credentials });
    const session = await login(emulator.baseUrl);
    const renewed = await api(emulator.baseUrl, session)('POST', `/operators/${session.operatorId}/token`, {
      tokenTimeoutSeconds: 3600,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ token: expect.any(String) });
    expect(renewed.body.token).not.toBe(session.token);
    expect(
      (await api(emulator.baseUrl, { apiKey: session.apiKey, token: renewed.body.token })('GET', '/batch_groups'))
        .status,
    ).toBe(200);
  });

  it('refuses renewal for another operator (400), with a bad lifetime (400) and without credentials (401)', async () => {
    const { emulator } = await start({ credentials });
    const session = await login(emulator.baseUrl);
    const call = api(emulator.baseUrl, session);
    expect((await call('POST', '/operators/OP0000000000/token', {})).status).toBe(400);
    expect(
      (await call('POST', `/operators/${session.operatorId}/token`, { tokenTimeoutSeconds: 172_801 })).status,
    ).toBe(400);
    expect((await api(emulator.baseUrl, null)('POST', `/operators/${session.operatorId}/token`, {})).status).toBe(401);
  });

  it('after expireTokens(), Batch calls answer 401 and renewal answers 400; logging in again works', async () => {
    const { emulator } = await start({ credentials: { ...credentials, apiTokens: [{ apiKey: 'k', token: 't' }] } });
    const session = await login(emulator.baseUrl);
    expect(emulator.state.expireTokens()).toBe(2);
    for (const pair of [session, { apiKey: 'k', token: 't' }]) {
      const call = api(emulator.baseUrl, pair);
      const refused = await call('GET', '/batch_groups');
      expect(refused.status).toBe(401);
      expect(refused.body.message).toMatch(/expired/);
    }
    const renewal = await api(emulator.baseUrl, session)('POST', `/operators/${session.operatorId}/token`, {});
    expect(renewal.status).toBe(400);
    expect(renewal.body.message).toMatch(/expired/);
    expect((await api(emulator.baseUrl, await login(emulator.baseUrl))('GET', '/batch_groups')).status).toBe(200);
  });

  it('answers an expired token with 400 "invalid api key"-style when expiredTokenStatus is 400', async () => {
    const { emulator, call } = await start({ expiredTokenStatus: 400 });
    emulator.state.expireTokens();
    const answer = await call('GET', '/batch_groups');
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/token has expired/);
  });

  it('honours a short tokenTimeoutSeconds: the token stops working once it has passed', async () => {
    const { emulator } = await start({ credentials });
    const short = await api(emulator.baseUrl, null)('POST', '/auth', {
      authKeyId: 'keyId-test',
      authKey: 'secret-test-0001',
      tokenTimeoutSeconds: 2,
    });
    const call = api(emulator.baseUrl, short.body);
    expect((await call('GET', '/batch_groups')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await call('GET', '/batch_groups')).status).toBe(401);
  });
});

describe('emulator: request log', () => {
  it('logs method, path, query, operation and status, and never a credential', async () => {
    const { emulator } = await start({ credentials });
    const anonymous = api(emulator.baseUrl, null);
    const session = (await anonymous('POST', '/auth', { authKeyId: 'keyId-test', authKey: 'secret-test-0001' })).body;
    const call = api(emulator.baseUrl, session);
    await call('GET', '/batch_groups?limit=5');
    await anonymous('GET', '/batch_groups');
    await call('POST', `/operators/${session.operatorId}/token`, {});
    const log = emulator.state.requests();
    expect(log.map((r) => [r.method, r.path, r.query, r.operationId, r.status])).toEqual([
      ['POST', '/v1/auth', '', 'auth', 200],
      ['GET', '/v1/batch_groups', 'limit=5', 'listBatchGroups', 200],
      ['GET', '/v1/batch_groups', '', 'listBatchGroups', 401],
      ['POST', `/v1/operators/${session.operatorId}/token`, '', 'generateAuthToken', 200],
    ]);
    const text = JSON.stringify(log);
    for (const secret of ['secret-test-0001', session.apiKey, session.token]) expect(text).not.toContain(secret);
    emulator.state.clearRequests();
    expect(emulator.state.requests()).toEqual([]);
  });
});
