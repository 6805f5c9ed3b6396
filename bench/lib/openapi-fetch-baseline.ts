/**
 * openapi-fetch by itself, as a user of the generated types would call it without the SDK: the same
 * spec paths and headers, global `fetch`, no middleware, no retries. The SDK sends through
 * openapi-fetch, so these are the floors of the SDK's design: what the SDK's own work is measured
 * against (the goals in bench/RESULTS.md).
 *
 * - `light`: openapi-fetch builds the SDK's `PreparedRequest` instead of a `Request` (its `Request`
 *   option) and the `fetch` sends its fields, as the SDK's methods do.
 * - `timeoutMs`: a per-attempt time limit as a careful user writes it around the call: an
 *   AbortController whose signal the call carries, a timer that aborts it, cleared once the call has
 *   its data (the answer's body included, as the SDK's limit covers the body).
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/batch.js';
import { PreparedRequest } from './prepared-request.js';
import type { RawTask } from './raw-requests.js';

export type FloorOptions = { light?: boolean; timeoutMs?: number };

function floorClient(baseUrl: string, headers: Record<string, string>, light: boolean) {
  return createClient<paths>({
    baseUrl,
    headers,
    ...(light
      ? {
          Request: PreparedRequest as unknown as typeof Request,
          fetch: (request: Request) => {
            const prepared = request as unknown as PreparedRequest;
            return fetch(prepared.url, {
              method: prepared.method,
              headers: prepared.headers,
              ...(prepared.signal ? { signal: prepared.signal } : {}),
            });
          },
        }
      : {}),
  });
}

/** Runs `call` with a time limit when asked: the signal it gets aborts after `timeoutMs`; the timer is cleared after. */
async function withTimeLimit<T>(timeoutMs: number | undefined, call: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  if (timeoutMs === undefined) return call();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

export function openapiFetchGetBatchGroup(
  baseUrl: string,
  headers: Record<string, string>,
  options: FloorOptions = {},
) {
  const client = floorClient(baseUrl, headers, options.light === true);
  return (groupId: string): Promise<unknown> =>
    withTimeLimit(options.timeoutMs, async (signal) => {
      const { data, error, response } = await client.GET('/batch_groups/{batch_group_id}', {
        params: { path: { batch_group_id: groupId } },
        ...(signal ? { signal } : {}),
      });
      if (error !== undefined || !response.ok) throw new Error(`getBatchGroup answered ${response.status}`);
      return data;
    });
}

/** One page of listBatchGroups through openapi-fetch alone, with the key of the next page. */
export function openapiFetchListBatchGroups(
  baseUrl: string,
  headers: Record<string, string>,
  options: FloorOptions = {},
) {
  const client = floorClient(baseUrl, headers, options.light === true);
  return (limit: number): Promise<{ items: unknown[]; nextKey: string | null }> =>
    withTimeLimit(options.timeoutMs, async (signal) => {
      const { data, error, response } = await client.GET('/batch_groups', {
        params: { query: { limit } },
        ...(signal ? { signal } : {}),
      });
      if (error !== undefined || data === undefined) throw new Error(`listBatchGroups answered ${response.status}`);
      return { items: data, nextKey: response.headers.get('x-soracom-next-key') };
    });
}

/** Walks every task page by page through openapi-fetch alone; `onItem` sees each task once. */
export function openapiFetchWalkTasks(baseUrl: string, headers: Record<string, string>, options: FloorOptions = {}) {
  const client = floorClient(baseUrl, headers, options.light === true);
  return async (ids: { groupId: string; jobId: string }, onItem: (task: RawTask) => void): Promise<void> => {
    let key: string | undefined;
    do {
      const { data, response } = await withTimeLimit(options.timeoutMs, async (signal) => {
        const answer = await client.GET('/batch_groups/{batch_group_id}/jobs/{job_id}/tasks', {
          params: {
            path: { batch_group_id: ids.groupId, job_id: ids.jobId },
            query: { limit: 100, ...(key ? { last_evaluated_key: key } : {}) },
          },
          ...(signal ? { signal } : {}),
        });
        if (answer.error !== undefined || answer.data === undefined)
          throw new Error(`listTasksOfBatchJob answered ${answer.response.status}`);
        return answer;
      });
      for (const item of data as RawTask[]) onItem(item);
      key = response.headers.get('x-soracom-next-key') ?? undefined;
    } while (key);
  };
}
