/**
 * The hand-written baselines: what a careful user writes with plain `fetch` for the same requests
 * (check the status, parse the JSON, follow `x-soracom-next-key`). No retries, no validation, no
 * typed errors: the ratio to these is the price of everything the SDK adds.
 */
export type RawTask = { taskId?: number };

export async function rawGetBatchGroup(
  baseUrl: string,
  groupId: string,
  headers: Record<string, string>,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}/batch_groups/${encodeURIComponent(groupId)}`, { headers });
  if (!response.ok) throw new Error(`getBatchGroup answered ${response.status}`);
  return response.json();
}

/**
 * `rawGetBatchGroup` with a time limit on the request, as a careful caller of plain `fetch` adds one
 * (an AbortController aborted by a timer, cleared when the answer is in): the price of a per-attempt
 * time limit by itself, which the SDK pays on every attempt by default.
 */
export async function rawGetBatchGroupWithTimeLimit(
  baseUrl: string,
  groupId: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${baseUrl}/batch_groups/${encodeURIComponent(groupId)}`, {
      headers,
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`getBatchGroup answered ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

/** One page of listBatchGroups, with the key of the next page (what a caller that pages needs). */
export async function rawListBatchGroups(
  baseUrl: string,
  limit: number,
  headers: Record<string, string>,
): Promise<{ items: unknown[]; nextKey: string | null }> {
  const response = await fetch(`${baseUrl}/batch_groups?limit=${limit}`, { headers });
  if (!response.ok) throw new Error(`listBatchGroups answered ${response.status}`);
  return { items: (await response.json()) as unknown[], nextKey: response.headers.get('x-soracom-next-key') };
}

export type WalkHooks = {
  /** Called after each page's items, with the page number (from 1). */
  onPage?: (pageNumber: number) => void;
  /** Stop after this many pages (warm-ups). */
  maxPages?: number;
};

/** Walks every task page by page; `onItem` sees each task once. */
export async function rawWalkTasks(
  baseUrl: string,
  ids: { groupId: string; jobId: string },
  headers: Record<string, string>,
  onItem: (task: RawTask) => void,
  hooks: WalkHooks = {},
): Promise<void> {
  const base = `${baseUrl}/batch_groups/${encodeURIComponent(ids.groupId)}/jobs/${encodeURIComponent(ids.jobId)}/tasks?limit=100`;
  let key: string | null = null;
  let pageNumber = 0;
  do {
    const url: string = key ? `${base}&last_evaluated_key=${encodeURIComponent(key)}` : base;
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`listTasksOfBatchJob answered ${response.status}`);
    const items = (await response.json()) as RawTask[];
    for (const item of items) onItem(item);
    hooks.onPage?.(++pageNumber);
    key = response.headers.get('x-soracom-next-key');
  } while (key && pageNumber < (hooks.maxPages ?? Number.POSITIVE_INFINITY));
}
