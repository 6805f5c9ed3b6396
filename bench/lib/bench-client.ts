/**
 * The client every benchmark measures: fixed `{ apiKey, token }` credentials (no login round trip)
 * and logging off, so what is timed is the request path itself. From the built package unless asked
 * otherwise (sdk-under-test.ts).
 */
import type { BatchClient, BatchClientOptions } from '../../src/index.js';
import { loadSdk, type SdkBuild } from './sdk-under-test.js';

export type BenchCredentials = { apiKey: string; token: string };

export async function createBenchClient(
  baseUrl: string,
  auth: BenchCredentials,
  fetchImpl?: typeof globalThis.fetch,
  extra: Pick<BatchClientOptions, 'timeoutMs'> & { build?: SdkBuild } = {},
): Promise<BatchClient> {
  const { build, ...options } = extra;
  const { createBatchClient } = await loadSdk(build);
  return createBatchClient({
    baseUrl,
    auth: { ...auth },
    logLevel: 'off',
    ...options,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/**
 * The headers the SDK actually sends (credentials, User-Agent, Content-Type, ...), read from one
 * probe request, so the raw `fetch` side sends exactly the same request rather than a lighter one.
 */
export async function captureSdkHeaders(
  baseUrl: string,
  auth: BenchCredentials,
  groupId: string,
): Promise<Record<string, string>> {
  let seen: Record<string, string> | undefined;
  const probe = await createBenchClient(baseUrl, auth, async (input, init) => {
    const request = new Request(input, init);
    seen = Object.fromEntries(request.headers);
    return globalThis.fetch(request);
  });
  await probe.getBatchGroup({ batch_group_id: groupId });
  if (!seen) throw new Error('the probe client sent no request');
  return seen;
}
