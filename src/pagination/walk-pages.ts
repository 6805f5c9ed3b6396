/**
 * The page walk: request a page, follow the next-key header into the request parameter, stop when
 * the header is absent or empty. Its only state is the cursor (and the keys already seen, to stop
 * on a loop), so memory stays flat however many pages there are. Aborting is the transport's job:
 * every page request carries the caller's signal.
 */
import type { Page } from './page.js';
import { PaginationLoopError } from './pagination-loop-error.js';

/** Fetches one page given the key to start from (`undefined` for the first page). */
export type PageFetcher<T> = (
  key: string | undefined,
) => Promise<{ items: T[]; nextKey: string | undefined; response: Response }>;

export type WalkOptions = {
  operationId: string;
  /** Key to start from (the operation's `last_evaluated_key` parameter), if any. */
  startKey?: string | undefined;
  /** Total item cap across pages. */
  maxItems?: number | undefined;
};

export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  options: WalkOptions,
): AsyncGenerator<Page<T>, void, undefined> {
  const seen = new Set<string>();
  let key = options.startKey;
  if (key !== undefined) seen.add(key);
  let remaining = options.maxItems ?? Number.POSITIVE_INFINITY;
  let pagesRead = 0;
  while (remaining > 0) {
    const page = await fetchPage(key);
    pagesRead++;
    const items = page.items.length > remaining ? page.items.slice(0, remaining) : page.items;
    remaining -= items.length;
    const nextKey = page.nextKey === '' ? undefined : page.nextKey;
    yield { items, nextKey, response: page.response };
    if (nextKey === undefined) return;
    if (seen.has(nextKey)) throw new PaginationLoopError(options.operationId, nextKey, pagesRead);
    seen.add(nextKey);
    key = nextKey;
  }
}
