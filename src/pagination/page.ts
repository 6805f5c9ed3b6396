import type { CallOptions } from '../transport/call-options.js';

/**
 * One page of a list operation: its items, the next key, and the HTTP response.
 *
 * @example
 * ```ts
 * import type { BatchJob, Page } from 'soracom-batch';
 *
 * const page: Page<BatchJob> = await batch.listBatchJobs({ batch_group_id, limit: 50 }).firstPage();
 * console.log(page.items.length, page.nextKey, page.response.headers.get('x-soracom-next-key'));
 * ```
 * @category Pagination
 */
export type Page<T> = {
  /** The items of this page (fewer than `limit` is normal: the server decides). */
  items: T[];
  /** The `x-soracom-next-key` the server sent, or `undefined` on the last page. */
  nextKey: string | undefined;
  /** The HTTP response of this page, e.g. for rate-limit headers. */
  response: Response;
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
  maxItems?: number;
  /**
   * Request the next page while the caller works on this one (default `true`): the server prepares
   * page N+1 while page N is read, so a walk takes the longer of the two rather than their sum. At
   * most one page is fetched ahead, never past `maxItems`; stopping early aborts it. `false` requests
   * each page only when it is asked for.
   */
  prefetch?: boolean;
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
