/**
 * One send path: every operation method sends through `batch.raw` (the openapi-fetch client users add
 * middleware to) and its one transport; an answer becomes an error in one place (the transport, with
 * errors/factories.ts), and each body is parsed once. Requests and responses are the platform's own
 * objects, never stand-ins or changed ones.
 */
import type { Middleware } from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchClient, NotFoundError, UnexpectedResponseError } from '../../src/index.js';
import { json, type ScriptedServer, startScriptedServer, text } from './scripted-server.js';

const auth = { apiKey: 'objects-test-api-key', token: 'objects-test-token' };
const GROUP = { batchGroupId: 'g-1', batchGroupName: 'Monthly SIM Tag Update' };

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
  server.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
  server.route('GET', '/v1/batch_groups', json(200, [GROUP]));
  server.route('POST', '/v1/batch_groups', json(201, GROUP));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const client = (options: Parameters<typeof createBatchClient>[0] = {}) =>
  createBatchClient({ baseUrl: server.baseUrl, auth, maxRetries: 0, logLevel: 'off', ...options });

describe('every method sends through batch.raw', () => {
  it("middleware registered on raw sees each method's request, a real Request, and its answer", async () => {
    const batch = client();
    const requests: Request[] = [];
    const responses: Response[] = [];
    batch.raw.use({
      onRequest: ({ request }) => {
        requests.push(request);
      },
      onResponse: ({ response }) => {
        responses.push(response);
      },
    });
    await batch.getBatchGroup({ batch_group_id: 'g-1' });
    await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
    await batch.listBatchGroups();
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v1/batch_groups/g-1',
      'POST /v1/batch_groups',
      'GET /v1/batch_groups',
    ]);
    for (const request of requests) expect(Object.getPrototypeOf(request)).toBe(Request.prototype);
    expect(responses.map((r) => r.status)).toEqual([200, 201, 200]);
  });

  it("a method's answer reaches middleware with its body read by the SDK; a .raw call's stays readable", async () => {
    const batch = client();
    const seen: Array<{ used: boolean; status: number }> = [];
    batch.raw.use({
      onResponse: ({ response }) => {
        seen.push({ used: response.bodyUsed, status: response.status });
      },
    });
    await batch.getBatchGroup({ batch_group_id: 'g-1' });
    const { data } = await batch.raw.GET('/batch_groups/{batch_group_id}', {
      params: { path: { batch_group_id: 'g-1' } },
    });
    expect(data).toEqual(GROUP);
    expect(seen).toEqual([
      { used: true, status: 200 },
      { used: false, status: 200 },
    ]);
  });

  it('sends the request a middleware replaced, body and headers included', async () => {
    const batch = client();
    const replace: Middleware = {
      async onRequest({ request }) {
        const body = JSON.stringify({ ...(await request.json()), description: 'added by middleware' });
        const headers = new Headers(request.headers);
        headers.set('x-trace-id', 'middleware');
        return new Request(request.url, { method: request.method, headers, body });
      },
    };
    batch.raw.use(replace);
    await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
    const [sent] = server.requests;
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      batchGroupName: 'Monthly SIM Tag Update',
      description: 'added by middleware',
    });
    expect(sent?.headers['x-trace-id']).toBe('middleware');
    expect(sent?.headers['x-soracom-api-key']).toBe(auth.apiKey);
  });

  it('a per-call header replaces a request header of any case instead of being sent twice', async () => {
    await client({ headers: { 'X-Trace-Id': 'client' } }).getBatchGroup(
      { batch_group_id: 'g-1' },
      { headers: { 'x-trace-id': 'call' } },
    );
    expect(server.requests[0]?.headers['x-trace-id']).toBe('call');
  });
});

describe('one place builds errors', () => {
  it('a non-2xx answer is thrown by the transport: middleware gets that same error in onError', async () => {
    server.route('GET', '/v1/batch_groups/g-9', json(404, { code: 'BAT0004', message: 'Batch group not found.' }));
    const batch = client();
    const seen: unknown[] = [];
    const responses: Response[] = [];
    batch.raw.use({
      onResponse: ({ response }) => {
        responses.push(response);
      },
      onError: ({ error }) => {
        seen.push(error);
      },
    });
    const error = await batch.getBatchGroup({ batch_group_id: 'g-9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([error]);
    expect(seen[0]).toBe(error);
    expect(responses).toEqual([]);
    const raw = await batch.raw
      .GET('/batch_groups/{batch_group_id}', { params: { path: { batch_group_id: 'g-9' } } })
      .catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(NotFoundError);
    expect(raw).toMatchObject({ status: 404, code: 'BAT0004', path: '/v1/batch_groups/g-9' });
  });
});

describe('each body is parsed once', () => {
  /** How many times `JSON.parse` read exactly `body` while `call` ran. */
  async function parses(body: string, call: () => Promise<unknown>): Promise<number> {
    const parse = vi.spyOn(JSON, 'parse');
    await call().catch(() => undefined);
    const count = parse.mock.calls.filter(([textArg]) => textArg === body).length;
    parse.mockRestore();
    return count;
  }

  it('a 2xx body, through a method and through raw', async () => {
    const body = JSON.stringify(GROUP);
    expect(await parses(body, () => client().getBatchGroup({ batch_group_id: 'g-1' }))).toBe(1);
    expect(
      await parses(body, () =>
        client().raw.GET('/batch_groups/{batch_group_id}', { params: { path: { batch_group_id: 'g-1' } } }),
      ),
    ).toBe(1);
  });

  it('a 400 body, looked at for an invalid token and then made the error', async () => {
    const body = JSON.stringify({ code: 'BAT0400', message: 'Only one job per API action at a time.' });
    server.route('GET', '/v1/batch_groups/g-4', text(400, body, 'application/json'));
    expect(await parses(body, () => client().getBatchGroup({ batch_group_id: 'g-4' }))).toBe(1);
  });
});

describe('responses are the ones fetch returned', () => {
  it('a method hands over the Response the server sent, unchanged (withResponse)', async () => {
    const { data, response } = await client().getBatchGroup({ batch_group_id: 'g-1' }).withResponse();
    expect(data).toEqual(GROUP);
    expect(Object.getPrototypeOf(response)).toBe(Response.prototype);
    expect(response.url).toBe(`${server.baseUrl}/batch_groups/g-1`);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it("a custom fetch's own Response subclass is handed on as the same object", async () => {
    class TracedResponse extends Response {
      readonly traced = true;
    }
    const seen: Response[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const traced = new TracedResponse(await answer.arrayBuffer(), answer);
      seen.push(traced);
      return traced;
    };
    const { data, response } = await client({ fetch: fetchImpl })
      .getBatchGroup({ batch_group_id: 'g-1' })
      .withResponse();
    expect(data).toEqual(GROUP);
    expect(response).toBe(seen[0]);
    expect(Object.getPrototypeOf(response)).toBe(TracedResponse.prototype);
  });

  it("parseAs 'stream' through raw hands over a readable body", async () => {
    const { data } = await client().raw.GET('/batch_groups/{batch_group_id}', {
      params: { path: { batch_group_id: 'g-1' } },
      parseAs: 'stream',
    });
    expect(await new Response(data as ReadableStream).json()).toEqual(GROUP);
  });

  it('a 2xx body that is not JSON is an UnexpectedResponseError from a method', async () => {
    server.route('GET', '/v1/batch_groups/g-2', text(200, 'OK'));
    const error = await client()
      .getBatchGroup({ batch_group_id: 'g-2' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('GET /v1/batch_groups/g-2 answered 200 with a body that is not JSON');
  });
});
