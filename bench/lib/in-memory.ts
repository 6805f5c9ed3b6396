/**
 * The SDK's own work per call with nothing else in the way: a `fetch` that answers every request from
 * memory (a ~150-byte JSON document, a new `Response` each time), for the SDK and for its floor alike,
 * so the difference is CPU spent in the SDK and openapi-fetch, without network, server or socket I/O.
 * Blocks of calls alternate between the two sides; each block's process CPU time per call is kept and
 * the medians compared.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/batch.js';
import type { BenchCredentials } from './bench-client.js';
import { createBenchClient } from './bench-client.js';
import { PreparedRequest } from './prepared-request.js';
import { median } from './stats.js';

const BODY = JSON.stringify({
  batchGroupId: 'g',
  batchGroupName: 'Monthly SIM Tag Update',
  description: 'bench',
  createdTime: 1704067200,
  updatedTime: 1704153600,
});

const fromMemory = async (_input: unknown, _init?: unknown): Promise<Response> =>
  new Response(BODY, { headers: { 'content-type': 'application/json', 'content-length': String(BODY.length) } });

export type InMemoryFigures = { sdkUs: number; floorUs: number };

export async function inMemoryPerCall(
  credentials: BenchCredentials,
  timeoutMs: number,
  options = { blocks: 24, perBlock: 2_000 },
): Promise<InMemoryFigures> {
  const baseUrl = 'http://127.0.0.1:9/v1';
  const batch = await createBenchClient(baseUrl, credentials, fromMemory as typeof fetch);
  const client = createClient<paths>({
    baseUrl,
    headers: { 'x-soracom-api-key': credentials.apiKey, 'x-soracom-token': credentials.token },
    Request: PreparedRequest as unknown as typeof Request,
    fetch: (request: Request) => {
      const prepared = request as unknown as PreparedRequest;
      return fromMemory(prepared.url, { method: prepared.method, headers: prepared.headers, signal: prepared.signal });
    },
  });
  const floor = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const { data, error } = await client.GET('/batch_groups/{batch_group_id}', {
        params: { path: { batch_group_id: 'g' } },
        signal: controller.signal,
      });
      if (error !== undefined) throw new Error('floor: getBatchGroup failed');
      return data;
    } finally {
      clearTimeout(timer);
    }
  };
  const sdk = () => batch.getBatchGroup({ batch_group_id: 'g' });
  const block = async (call: () => Promise<unknown>, n: number) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await call();
    const spent = process.cpuUsage(start);
    return (spent.user + spent.system) / n;
  };
  for (let i = 0; i < 3; i++) {
    await block(sdk, options.perBlock);
    await block(floor, options.perBlock);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < options.blocks; i++) {
    a.push(await block(sdk, options.perBlock));
    b.push(await block(floor, options.perBlock));
  }
  return { sdkUs: median(a), floorUs: median(b) };
}
