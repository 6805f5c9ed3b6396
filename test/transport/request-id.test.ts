/**
 * Successful calls show their request ID and headers: a method's `.withResponse()`, a list's pages, and
 * an error all carry the `X-Soracom-Request-Id` the answer came with (the emulator sends one on every answer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchClient, createBatchClient, isSoracomError, NotFoundError } from '../../src/index.js';
import { type BatchEmulator, startBatchEmulator } from '../../src/testing/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: BatchEmulator;
let batch: BatchClient;
let groupId: string;
beforeAll(async () => {
  emulator = await startBatchEmulator();
  batch = createBatchClient({ ...emulator.clientOptions, logLevel: 'off' });
  groupId = (await batch.createBatchGroup({ body: { batchGroupName: 'request ids' } })).batchGroupId;
});
afterAll(async () => {
  await emulator.close();
});

describe('request IDs of successful calls', () => {
  it('withResponse() gives the data, the response and its request ID, from one request', async () => {
    const before = emulator.state.requests().length;
    const { data, response, requestId } = await batch.getBatchGroup({ batch_group_id: groupId }).withResponse();
    expect(data.batchGroupId).toBe(groupId);
    expect(requestId).toMatch(UUID);
    expect(response.headers.get('x-soracom-request-id')).toBe(requestId);
    expect(response.status).toBe(200);
    expect(emulator.state.requests().length - before).toBe(1);
    const again = await batch.getBatchGroup({ batch_group_id: groupId }).withResponse();
    expect(again.requestId).not.toBe(requestId);
  });

  it('awaiting the call gives the data alone, as before', async () => {
    const group = await batch.getBatchGroup({ batch_group_id: groupId });
    expect(group.batchGroupId).toBe(groupId);
  });

  it('each page of a list carries its own', async () => {
    const pages = [];
    for await (const page of batch.listBatchGroups({ limit: 1 }).pages()) pages.push(page);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(page.requestId).toMatch(UUID);
      expect(page.response.headers.get('x-soracom-request-id')).toBe(page.requestId);
    }
  });

  it('a failure rejects withResponse() with the error, which carries the request ID too', async () => {
    const error = await batch
      .getBatchGroup({ batch_group_id: 'no-such-group' })
      .withResponse()
      .catch((e: unknown) => e);
    expect(isSoracomError(error, NotFoundError)).toBe(true);
    expect((error as NotFoundError).requestId).toMatch(UUID);
    expect((error as Error).message).toContain(`(request id ${(error as NotFoundError).requestId})`);
  });
});
