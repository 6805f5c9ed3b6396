/**
 * CORS, on by default so a browser app can be tested against the emulator: preflights answered 204 with
 * what a browser checks (and never logged or faulted), every answer carrying Access-Control-Allow-Origin and
 * exposing the headers clients read; `cors: false` and `cors: {...}` change that. Real `fetch` sends the
 * requests a browser would send (Node's fetch does not enforce CORS, so the headers are checked directly).
 */
import { describe, expect, it } from 'vitest';
import { useEmulators } from './support/emulator-fixture.js';
import { api, newGroup } from './support/emulator-http.js';

const start = useEmulators();
const ORIGIN = 'http://app.example:5173';

function preflight(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', ...headers },
  });
}

const listOf = (value: string | null) => (value ?? '').split(',').map((v) => v.trim().toLowerCase());

describe('emulator: CORS preflights', () => {
  it('answers 204 with the origin, the methods, the Soracom headers and those asked for, and a max age', async () => {
    const { emulator } = await start();
    const answer = await preflight(`${emulator.baseUrl}/batch_groups`, {
      'Access-Control-Request-Headers': 'x-soracom-api-key, x-soracom-token, content-type, x-trace-id',
    });
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(listOf(answer.headers.get('access-control-allow-methods'))).toEqual(['get', 'post', 'put', 'delete']);
    expect(listOf(answer.headers.get('access-control-allow-headers'))).toEqual([
      'x-soracom-api-key',
      'x-soracom-token',
      'x-soracom-lang',
      'content-type',
      'x-trace-id',
    ]);
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    expect(listOf(answer.headers.get('vary'))).toEqual(['origin', 'access-control-request-headers']);
  });

  it('answers * when the preflight has no Origin, on any path, without credentials', async () => {
    const { emulator } = await start();
    const answer = await fetch(`${emulator.baseUrl}/no/such/path`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'GET' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(listOf(answer.headers.get('vary'))).toEqual(['access-control-request-headers']);
  });

  it('is not logged as an API request and never uses up a fault', async () => {
    const { emulator, call } = await start();
    emulator.state.injectFaults({ status: 503 });
    expect((await preflight(`${emulator.baseUrl}/batch_groups`)).status).toBe(204);
    expect(emulator.state.requests()).toEqual([]);
    expect(emulator.state.pendingFaults()).toEqual([{ status: 503, times: 1 }]);
    expect((await call('GET', '/batch_groups')).status).toBe(503);
    expect(emulator.state.requests().map((r) => [r.method, r.status, r.fault])).toEqual([['GET', 503, true]]);
  });

  it('is answered at once, not after the latency API requests wait', async () => {
    const { emulator } = await start({ latencyMs: 600_000 });
    // With the latency applied, this would outlast the test's time limit.
    expect((await preflight(`${emulator.baseUrl}/batch_groups`)).status).toBe(204);
  });

  it('treats an OPTIONS without Access-Control-Request-Method as an API request: 405, logged', async () => {
    const { emulator } = await start();
    const answer = await fetch(`${emulator.baseUrl}/batch_groups`, { method: 'OPTIONS' });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, POST');
    expect(emulator.state.requests().map((r) => [r.method, r.status])).toEqual([['OPTIONS', 405]]);
  });
});

describe('emulator: CORS headers on every answer', () => {
  it('carries the origin and exposes the next key, Retry-After, the rate-limit headers and a request ID', async () => {
    const { call } = await start();
    await newGroup(call, 'a');
    await newGroup(call, 'b');
    const page = await call('GET', '/batch_groups?limit=1', undefined, { Origin: ORIGIN });
    expect(page.headers.get('x-soracom-next-key')).toEqual(expect.any(String));
    expect(page.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(page.headers.get('vary')).toBe('Origin');
    expect(listOf(page.headers.get('access-control-expose-headers'))).toEqual([
      'x-soracom-next-key',
      'retry-after',
      'x-soracom-ratelimit-limit',
      'x-soracom-ratelimit-remaining',
      'x-soracom-ratelimit-seconds-before-refresh',
      'x-soracom-request-id',
    ]);
  });

  it('on errors and faults too, exposing any other header a fault adds', async () => {
    const { emulator, call } = await start();
    const anonymous = api(emulator.baseUrl, null);
    const unauthorized = await anonymous('GET', '/batch_groups', undefined, { Origin: ORIGIN });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const unknown = await anonymous('GET', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*');

    emulator.state.injectFaults({ status: 429, retryAfterSeconds: 2, headers: { 'X-Fault-Trace': 't-1' } });
    const limited = await call('GET', '/batch_groups', undefined, { Origin: ORIGIN });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(listOf(limited.headers.get('access-control-expose-headers'))).toEqual(
      expect.arrayContaining(['retry-after', 'x-fault-trace', 'x-soracom-next-key']),
    );
    expect(limited.headers.get('x-fault-trace')).toBe('t-1');
  });
});

describe('emulator: the cors option', () => {
  it('cors: false sends no CORS headers and answers a preflight like any unknown method', async () => {
    const { emulator, call } = await start({ cors: false });
    const answer = await preflight(`${emulator.baseUrl}/batch_groups`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const list = await call('GET', '/batch_groups', undefined, { Origin: ORIGIN });
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBeNull();
    expect(list.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('exposeHeaders replaces the exposed list, e.g. to hide x-soracom-next-key from a page', async () => {
    const { emulator, call } = await start({ cors: { exposeHeaders: ['retry-after'] } });
    await newGroup(call, 'a');
    await newGroup(call, 'b');
    emulator.state.injectFaults({ status: 429, headers: { 'x-fault-trace': 't-1' }, operations: ['getBatchGroup'] });
    const page = await call('GET', '/batch_groups?limit=1', undefined, { Origin: ORIGIN });
    expect(page.headers.get('x-soracom-next-key')).toEqual(expect.any(String));
    expect(page.headers.get('access-control-expose-headers')).toBe('retry-after');
    const limited = await call('GET', '/batch_groups/x', undefined, { Origin: ORIGIN });
    expect(limited.headers.get('access-control-expose-headers')).toBe('retry-after');
  });

  it('allowOrigin, allowHeaders and maxAgeSeconds answer exactly as given', async () => {
    const { emulator, call } = await start({
      cors: { allowOrigin: 'https://other.example', allowHeaders: ['X-Soracom-API-Key'], maxAgeSeconds: 5 },
    });
    const answer = await preflight(`${emulator.baseUrl}/batch_groups`, {
      'Access-Control-Request-Headers': 'x-soracom-token',
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://other.example');
    expect(answer.headers.get('access-control-allow-headers')).toBe('X-Soracom-API-Key');
    expect(answer.headers.get('access-control-max-age')).toBe('5');
    expect(answer.headers.get('vary')).toBeNull();
    const list = await call('GET', '/batch_groups', undefined, { Origin: ORIGIN });
    expect(list.headers.get('access-control-allow-origin')).toBe('https://other.example');
  });
});
