/**
 * The page walk: request a page, follow the next-key header into the request parameter, stop when
 * the header is absent or empty. Its only state is the cursor (and the keys already seen, to stop
 * on a loop), so memory stays flat however many pages there are.
 *
 * Prefetch (on unless `prefetch: false`): as soon as a page arrives, the next page is requested, and
 * only then is the page handed over, so the server prepares page N+1 while the caller works on page
 * N. At most one page is ever in flight ahead of the caller, never past `maxItems`, and never after a
 * repeated key. When the caller stops early (`break`, `return`), the walk aborts the page it fetched
 * ahead; a failure of that page reaches the caller only if it asks for the page.
 *
 * Every page request carries the walk's own signal, which follows the caller's: aborting the
 * caller's signal aborts the walk as before, with the caller's reason.
 */
import type { Page } from './page.js';
import { PaginationLoopError } from './pagination-loop-error.js';

type FetchedPage<T> = { items: T[]; nextKey: string | undefined; response: Response };

/** Fetches one page given the key to start from (`undefined` for the first page), under `signal`. */
export type PageFetcher<T> = (key: string | undefined, signal: AbortSignal) => Promise<FetchedPage<T>>;

export type WalkOptions = {
  operationId: string;
  /** Key to start from (the operation's `last_evaluated_key` parameter), if any. */
  startKey?: string | undefined;
  /** Total item cap across pages. */
  maxItems?: number | undefined;
  /** Request the next page while the caller works on this one (default true). */
  prefetch?: boolean | undefined;
  /** The caller's signal, if any: the walk's own signal follows it. */
  signal?: AbortSignal | undefined;
};

/** A signal that aborts with `caller` and when the walk ends (`end()`, which stops following `caller`). */
function walkSignal(caller: AbortSignal | undefined) {
  const controller = new AbortController();
  // Anything that is not an AbortSignal is left to the call-option checks, which reject it.
  const follows = typeof caller?.addEventListener === 'function';
  const onAbort = () => controller.abort(caller?.reason);
  if (follows && caller?.aborted) controller.abort(caller.reason);
  else if (follows) caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    end() {
      if (follows) caller?.removeEventListener('abort', onAbort);
      controller.abort(new Error('the page walk ended'));
    },
  };
}

export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  options: WalkOptions,
): AsyncGenerator<Page<T>, void, undefined> {
  const seen = new Set<string>();
  let key = options.startKey;
  if (key !== undefined) seen.add(key);
  let remaining = options.maxItems ?? Number.POSITIVE_INFINITY;
  let pagesRead = 0;
  const prefetch = options.prefetch !== false;
  const walk = walkSignal(options.signal);
  try {
    let next: Promise<FetchedPage<T>> | undefined = fetchPage(key, walk.signal);
    while (next !== undefined) {
      const page: FetchedPage<T> = await next;
      next = undefined;
      pagesRead++;
      const items = page.items.length > remaining ? page.items.slice(0, remaining) : page.items;
      remaining -= items.length;
      const nextKey = page.nextKey === '' ? undefined : page.nextKey;
      const loops = nextKey !== undefined && seen.has(nextKey);
      const more = nextKey !== undefined && !loops && remaining > 0;
      if (more) {
        seen.add(nextKey);
        key = nextKey;
        if (prefetch) {
          next = fetchPage(key, walk.signal);
          // Observed now so an unread failure is not reported as unhandled; awaited (and thrown) later.
          next.catch(() => undefined);
        }
      }
      yield { items, nextKey, response: page.response };
      if (loops) throw new PaginationLoopError(options.operationId, nextKey, pagesRead);
      if (more && !prefetch) next = fetchPage(key, walk.signal);
    }
  } finally {
    walk.end();
  }
}
