/**
 * Browsers and Cloudflare Workers refuse a platform `fetch` called with any `this` other than the global
 * object or undefined ("Illegal invocation"). Node does not care, so this test stands in for them: a
 * fetch that throws like a browser's unless it is called plainly.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchClient } from '../../src/index.js';
import { json, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const auth = { apiKey: 'invocation-test-api-key', token: 'invocation-test-token' };
const nativeFetch = globalThis.fetch;

/** A fetch that behaves like a browser's: `this` must be undefined or the global object. */
function strictFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (this !== undefined && this !== globalThis) {
    return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
  }
  return nativeFetch(input, init);
}

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
  server.route('GET', '/v1/batch_groups/g-1', json(200, { batchGroupId: 'g-1' }));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await server.close();
});

describe('fetch invocation', () => {
  it('calls a fetch passed as an option without binding `this` to anything', async () => {
    const batch = createBatchClient({ baseUrl: server.baseUrl, auth, fetch: strictFetch, maxRetries: 0 });
    await expect(batch.getBatchGroup({ batch_group_id: 'g-1' })).resolves.toEqual({ batchGroupId: 'g-1' });
  });

  it("uses the runtime's fetch as it is when the call is made, called plainly", async () => {
    const batch = createBatchClient({ baseUrl: server.baseUrl, auth, maxRetries: 0 });
    // Installed after the client was created: the client must look the global up per attempt.
    const spy = vi.fn(strictFetch);
    vi.stubGlobal('fetch', spy);
    await expect(batch.getBatchGroup({ batch_group_id: 'g-1' })).resolves.toEqual({ batchGroupId: 'g-1' });
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
