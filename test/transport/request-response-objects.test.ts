/**
 * The transport's fast paths change which objects exist, never what is sent or what callers can do:
 * the operation methods send a light PreparedRequest only while no middleware of the user's is
 * registered, and a buffered response stays the same Response object, readable as often as asked.
 */
import type { Middleware } from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchClient } from '../../src/index.js';
import { json, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const auth = { apiKey: 'objects-test-api-key', token: 'objects-test-token' };
const GROUP = { batchGroupId: 'g-1', batchGroupName: 'Monthly SIM Tag Update' };

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
  server.route('GET', '/v1/batch_groups/g-1', json(200, GROUP));
  server.route('POST', '/v1/batch_groups', json(201, GROUP));
});
afterEach(async () => {
  await server.close();
});

const client = (options: Parameters<typeof createBatchClient>[0] = {}) =>
  createBatchClient({ baseUrl: server.baseUrl, auth, maxRetries: 0, logLevel: 'off', ...options });

describe('requests', () => {
  it('a method sends the same request whether or not user middleware makes it a real Request', async () => {
    const plain = client();
    await plain.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });

    const watched = client();
    const seen: unknown[] = [];
    const middleware: Middleware = {
      async onRequest({ request }) {
        seen.push(request);
        // Everything a Request allows works: here, reading the body of a copy.
        expect(await request.clone().json()).toEqual({ batchGroupName: 'Monthly SIM Tag Update' });
        return undefined;
      },
    };
    watched.raw.use(middleware);
    await watched.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Request);
    const [first, second] = server.requests;
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(second?.body ?? '')).toEqual({ batchGroupName: 'Monthly SIM Tag Update' });
    for (const name of ['content-type', 'user-agent', 'x-soracom-api-key', 'x-soracom-token']) {
      expect(second?.headers[name], name).toBe(first?.headers[name]);
      expect(first?.headers[name], name).toBeTruthy();
    }
  });

  it('a per-call header replaces a request header of any case instead of being sent twice', async () => {
    await client({ headers: { 'X-Trace-Id': 'client' } }).getBatchGroup(
      { batch_group_id: 'g-1' },
      { headers: { 'x-trace-id': 'call' } },
    );
    expect(server.requests[0]?.headers['x-trace-id']).toBe('call');
  });
});

describe('responses', () => {
  it('a .raw response is the Response the server sent, its body readable again and again', async () => {
    const { data, response } = await client().raw.GET('/batch_groups/{batch_group_id}', {
      params: { path: { batch_group_id: 'g-1' } },
    });
    expect(data).toEqual(GROUP);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual(GROUP);
    expect(await response.text()).toBe(JSON.stringify(GROUP));
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(JSON.stringify(GROUP));
    expect(await (await response.blob()).text()).toBe(JSON.stringify(GROUP));
    expect(await response.clone().json()).toEqual(GROUP);
    expect(await new Response(response.body).json()).toEqual(GROUP);
  });

  it("parseAs 'stream' hands over a readable body", async () => {
    const { data } = await client().raw.GET('/batch_groups/{batch_group_id}', {
      params: { path: { batch_group_id: 'g-1' } },
      parseAs: 'stream',
    });
    expect(await new Response(data as ReadableStream).json()).toEqual(GROUP);
  });

  it("a custom fetch's own Response subclass is copied, not changed", async () => {
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
    const batch = client({ fetch: fetchImpl });
    expect(await batch.getBatchGroup({ batch_group_id: 'g-1' })).toEqual(GROUP);
    expect(Object.getPrototypeOf(seen[0])).toBe(TracedResponse.prototype);
  });
});
