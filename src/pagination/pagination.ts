/**
 * The list operations' paging: the `PagedCall` a list method returns and the walk behind it.
 *
 * The walk requests a page, follows the next-key header into the request parameter, and stops when the
 * header is absent or empty (which header and parameter: `x-soracom-cli-pagination` in
 * openapi/batch.yaml, read by the generator). Its only state is the cursor (and the keys already seen,
 * to stop on a loop), so memory stays flat however many pages there are.
 *
 * Prefetch (on unless `prefetch: false`): as soon as a page arrives, the next page is requested, and
 * only then is the page handed over, so the server prepares page N+1 while the caller works on page
 * N. Without `maxItems` the next request goes out even before page N's JSON is parsed, so the server
 * prepares page N+1 while this side parses page N (the larger part of a page's cost on both sides:
 * bench/RESULTS.md, pagination speed). At most one page is ever in flight ahead of the caller, never
 * past `maxItems`, and never after a repeated key. When the caller stops early (`break`, `return`), or
 * page N turns out not to be a JSON array, the walk aborts the page it fetched ahead; a failure of that
 * page reaches the caller only if it asks for the page.
 *
 * With prefetch, every page request carries the walk's own signal, which follows the caller's: aborting
 * the caller's signal aborts the walk as before, with the caller's reason, and stopping early aborts the
 * page fetched ahead. Without prefetch (and for `await` and `.firstPage()`) nothing is fetched ahead, and
 * each page request carries the caller's own signal.
 *
 * In a browser, a cross-origin (CORS) response shows only the headers the server lists in
 * `Access-Control-Expose-Headers`: a hidden next key reads as "last page", and the walk would end with
 * a partial list that looks complete. A walk that has never read a next key therefore hands a CORS
 * page that would end it to `onCursorMaybeHidden`, which refuses a full page and warns otherwise.
 */
import { PaginationLoopError } from '../errors/errors.js';
import { followSignal } from '../transport/signals.js';
import type { CallOptions } from '../transport/transport.js';

/**
 * One page of a list operation: its items, the next key, and the HTTP response.
 *
 * @example
 * ```ts
 * import type { BatchJob, Page } from 'soracom-batch';
 *
 * const page: Page<BatchJob> = await batch.listBatchJobs({ batch_group_id, limit: 50 }).firstPage();
 * console.log(page.items.length, page.nextKey, page.requestId, page.response.headers.get('x-soracom-next-key'));
 * ```
 * @category Pagination
 */
export type Page<T> = {
  /** The items of this page (fewer than `limit` is normal: the server decides). */
  items: T[];
  /** The `x-soracom-next-key` the server sent, or `undefined` on the last page. */
  nextKey: string | undefined;
  /** The HTTP response of this page, e.g. for rate-limit headers; its body has been read. */
  response: Response;
  /** The request ID the API answered this page with (`X-Soracom-Request-Id`), when it sent one. */
  requestId: string | undefined;
};

/**
 * Call options of a list operation: those of every call, plus a cap on the walk.
 *
 * @example
 * ```ts
 * import type { PageCallOptions } from 'soracom-batch';
 *
 * const options: PageCallOptions = { maxItems: 1_000, signal: AbortSignal.timeout(60_000) };
 * const tasks = await batch.listTasksOfBatchJob({ batch_group_id, job_id, limit: 100 }, options).toArray();
 * ```
 * @category Pagination
 */
export type PageCallOptions = CallOptions & {
  /**
   * Stop after this many items in total, across pages. `limit` (a parameter of the operation) is the
   * page size the API is asked for on every page; it is not a total.
   */
  maxItems?: number | undefined;
  /**
   * Request the next page while the caller works on this one (default `true`): the server prepares
   * page N+1 while page N is read, so a walk takes the longer of the two rather than their sum. At
   * most one page is fetched ahead, never past `maxItems`; stopping early aborts it. `false` requests
   * each page only when it is asked for.
   */
  prefetch?: boolean | undefined;
};

/**
 * What a list operation returns: `await` it for the first page's items, `for await` it for every
 * item across pages, or use `.pages()` / `.toArray()`.
 *
 * Nothing is sent until it is awaited or iterated; the next key of each answer
 * (`x-soracom-next-key`) is sent back as `last_evaluated_key` for the next page.
 *
 * @example
 * ```ts
 * import type { BatchTask, PagedCall } from 'soracom-batch';
 *
 * const call: PagedCall<BatchTask> = batch.listTasksOfBatchJob({ batch_group_id, job_id, status: 'error' });
 * const firstItems = await call; // the first page's items
 * for await (const task of call) console.log(task.taskId); // every item, page after page
 * ```
 * @category Pagination
 */
export interface PagedCall<T> extends PromiseLike<T[]>, AsyncIterable<T> {
  /**
   * Every page, in order, starting from the first (or from `last_evaluated_key` when given).
   *
   * @example
   * ```ts
   * for await (const page of batch.listBatchJobs({ batch_group_id }).pages()) {
   *   console.log(page.items.length, page.nextKey);
   * }
   * ```
   */
  pages(): AsyncIterableIterator<Page<T>>;
  /**
   * Every item across pages, collected (honours `maxItems`).
   *
   * @example
   * ```ts
   * const groups = await batch.listBatchGroups({}, { maxItems: 500 }).toArray();
   * ```
   */
  toArray(): Promise<T[]>;
  /**
   * The first page, with its next key and response.
   *
   * @example
   * ```ts
   * const { items, nextKey } = await batch.listBatchGroups({ limit: 10 }).firstPage();
   * if (nextKey) {
   *   const more = await batch.listBatchGroups({ limit: 10, last_evaluated_key: nextKey }).firstPage();
   * }
   * ```
   */
  firstPage(): Promise<Page<T>>;
  /**
   * Like `Promise.catch`: handles a failure of the first page.
   *
   * @example
   * ```ts
   * const groups = await batch.listBatchGroups().catch(() => []);
   * ```
   */
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T[] | R>;
  /**
   * Like `Promise.finally`: runs once the first page has arrived or failed.
   *
   * @example
   * ```ts
   * const groups = await batch.listBatchGroups().finally(() => console.log('listed'));
   * ```
   */
  finally(onFinally?: (() => void) | null): Promise<T[]>;
}

/** A page as it arrived: its next key and response at once, its items parsed (and checked) when asked for. */
export type FetchedPage<T> = Omit<Page<T>, 'items'> & { items: () => T[] };

/**
 * The walk's own signal, which follows the caller's, and the attempts that follow it: what a page
 * request is sent under (the transport's `SendControl`).
 */
export type WalkControl = { signal: AbortSignal; followers: Set<AbortController> };

/**
 * Fetches one page given the key to start from (`undefined` for the first page), under the walk's
 * control when it has one (a walk that fetches ahead).
 */
export type PageFetcher<T> = (key: string | undefined, walk: WalkControl | undefined) => Promise<FetchedPage<T>>;

const ignore = () => undefined;

export type WalkOptions<T = unknown> = {
  operationId: string;
  /** Key to start from (the operation's `last_evaluated_key` parameter), if any. */
  startKey?: string | undefined;
  /** Total item cap across pages. */
  maxItems?: number | undefined;
  /** Request the next page while the caller works on this one (default true). */
  prefetch?: boolean | undefined;
  /** The caller's signal, if any: the walk's own signal follows it. */
  signal?: AbortSignal | undefined;
  /**
   * Called with a page that ends the walk although its next key may only be hidden: a CORS response
   * (whose headers a browser hides unless the server exposes them), with items, in a walk that has not
   * read a next key yet. It throws to refuse the page, or warns and returns to end the walk there.
   */
  onCursorMaybeHidden?: ((page: { items: T[]; response: Response }) => void) | undefined;
};

export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  options: WalkOptions<T>,
): AsyncGenerator<Page<T>, void, undefined> {
  const seen = new Set<string>();
  let key = options.startKey;
  if (key !== undefined) seen.add(key);
  let remaining = options.maxItems ?? Number.POSITIVE_INFINITY;
  let pagesRead = 0;
  let cursorRead = false;
  const prefetch = options.prefetch !== false;
  // With no cap, whether there is a next page does not depend on this page's items.
  const uncapped = remaining === Number.POSITIVE_INFINITY;
  // A signal of its own only to abort a page fetched ahead: without prefetch, the caller's signal is enough.
  const walk = prefetch ? followSignal(options.signal) : undefined;
  try {
    let next: Promise<FetchedPage<T>> | undefined = fetchPage(key, walk);
    while (next !== undefined) {
      const page: FetchedPage<T> = await next;
      next = undefined;
      pagesRead++;
      const nextKey = page.nextKey === '' ? undefined : page.nextKey;
      if (nextKey !== undefined) cursorRead = true;
      const loops = nextKey !== undefined && seen.has(nextKey);
      const ahead = () => {
        seen.add(nextKey as string);
        key = nextKey;
        next = fetchPage(key, walk);
        // Observed now so an unread failure is not reported as unhandled; awaited (and thrown) later.
        next.catch(ignore);
      };
      if (prefetch && uncapped && nextKey !== undefined && !loops) ahead();
      const all = page.items();
      // Without a next key nothing was fetched ahead, so the check may throw before the walk goes on.
      if (nextKey === undefined && !cursorRead && all.length > 0 && page.response.type === 'cors')
        options.onCursorMaybeHidden?.({ items: all, response: page.response });
      const items = all.length > remaining ? all.slice(0, remaining) : all;
      remaining -= items.length;
      const more = nextKey !== undefined && !loops && remaining > 0;
      if (more && next === undefined) {
        if (prefetch) ahead();
        else {
          seen.add(nextKey);
          key = nextKey;
        }
      }
      yield { items, nextKey, response: page.response, requestId: page.requestId };
      if (loops) throw new PaginationLoopError(options.operationId, nextKey, pagesRead);
      if (more && !prefetch) next = fetchPage(key, walk);
    }
  } finally {
    walk?.end();
  }
}

/**
 * Items of every page, one by one. Written by hand instead of `yield*` in an async generator: within
 * a page each item is already here, so `next()` hands it over in an already-resolved promise instead
 * of going through the generator machinery for each of 100,000 items (bench/RESULTS.md, walk).
 * Breaking out of `for await` closes the page walk, so no further page is requested.
 */
function iterateItems<T>(pages: AsyncGenerator<Page<T>, void, undefined>): AsyncIterableIterator<T> {
  let items: T[] = [];
  let index = 0;
  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T>> {
      if (index < items.length) return Promise.resolve({ value: items[index++] as T, done: false });
      return pages.next().then((page) => {
        if (page.done) return { value: undefined, done: true };
        items = page.value.items;
        index = 0;
        return iterator.next();
      });
    },
    async return(): Promise<IteratorResult<T>> {
      items = [];
      await pages.return(undefined);
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

export function createPagedCall<T>(fetchPage: PageFetcher<T>, options: WalkOptions<T>): PagedCall<T> {
  let first: Promise<Page<T>> | undefined;
  const firstPage = (): Promise<Page<T>> => {
    first ??= (async () => {
      // One page and no more: nothing is fetched ahead.
      for await (const page of walkPages(fetchPage, { ...options, prefetch: false })) return page;
      throw new Error('unreachable: a walk yields at least one page');
    })();
    return first;
  };
  const firstItems = () => firstPage().then((page) => page.items);

  return {
    // biome-ignore lint/suspicious/noThenProperty: a paged call is a thenable on purpose: `await` gives the first page.
    then: (onFulfilled, onRejected) => firstItems().then(onFulfilled, onRejected),
    catch: (onRejected) => firstItems().catch(onRejected),
    finally: (onFinally) => firstItems().finally(onFinally),
    firstPage,
    pages: () => walkPages(fetchPage, options),
    [Symbol.asyncIterator]: () => iterateItems(walkPages(fetchPage, options)),
    async toArray() {
      const all: T[] = [];
      for await (const page of walkPages(fetchPage, options)) all.push(...page.items);
      return all;
    },
  };
}

/** Whether `value` is a valid `maxItems`: a positive integer, the total number of items a walk reads. */
export function isItemCap(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
