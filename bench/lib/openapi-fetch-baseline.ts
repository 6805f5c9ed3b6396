/**
 * openapi-fetch by itself, as a user of the generated types would call it without the SDK: the same
 * spec paths and headers, global `fetch`, no middleware, no retries, no time limit. The SDK sends
 * through openapi-fetch, so this is the floor of the SDK's design: the ratio to raw `fetch` that
 * no amount of work in the SDK's own code can go below.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/batch.js';
import { PreparedRequest } from '../../src/transport/messages.js';
import type { RawTask } from './raw-requests.js';

/**
 * With `light`, openapi-fetch builds the SDK's PreparedRequest instead of a `Request` (its `Request`
 * option) and the `fetch` sends its fields, as the SDK's methods do: the lowest floor of sending
 * through openapi-fetch.
 */
export function openapiFetchGetBatchGroup(baseUrl: string, headers: Record<string, string>, light = false) {
  const client = createClient<paths>({
    baseUrl,
    headers,
    ...(light
      ? {
          Request: PreparedRequest as unknown as typeof Request,
          fetch: (request: Request) => {
            const prepared = request as unknown as PreparedRequest;
            return fetch(prepared.url, { method: prepared.method, headers: prepared.headers });
          },
        }
      : {}),
  });
  return async (groupId: string): Promise<unknown> => {
    const { data, error, response } = await client.GET('/batch_groups/{batch_group_id}', {
      params: { path: { batch_group_id: groupId } },
    });
    if (error !== undefined || !response.ok) throw new Error(`getBatchGroup answered ${response.status}`);
    return data;
  };
}

/** Walks every task page by page through openapi-fetch alone; `onItem` sees each task once. */
export function openapiFetchWalkTasks(baseUrl: string, headers: Record<string, string>) {
  const client = createClient<paths>({ baseUrl, headers });
  return async (ids: { groupId: string; jobId: string }, onItem: (task: RawTask) => void): Promise<void> => {
    let key: string | undefined;
    do {
      const { data, error, response } = await client.GET('/batch_groups/{batch_group_id}/jobs/{job_id}/tasks', {
        params: {
          path: { batch_group_id: ids.groupId, job_id: ids.jobId },
          query: { limit: 100, ...(key ? { last_evaluated_key: key } : {}) },
        },
      });
      if (error !== undefined || data === undefined) throw new Error(`listTasksOfBatchJob answered ${response.status}`);
      for (const item of data as RawTask[]) onItem(item);
      key = response.headers.get('x-soracom-next-key') ?? undefined;
    } while (key);
  };
}
