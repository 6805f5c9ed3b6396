import type { CallOptions } from '../transport/call-options.js';

/** One page of a list operation. */
export type Page<T> = {
  /** The items of this page (fewer than `limit` is normal: the server decides). */
  items: T[];
  /** The `x-soracom-next-key` the server sent, or `undefined` on the last page. */
  nextKey: string | undefined;
  /** The HTTP response of this page, e.g. for rate-limit headers. */
  response: Response;
};

/** Call options of a list operation: those of every call, plus a cap on the walk. */
export type PageCallOptions = CallOptions & {
  /**
   * Stop after this many items in total, across pages. `limit` (a parameter of the operation) is the
   * page size the API is asked for on every page; it is not a total.
   */
  maxItems?: number;
};

/**
 * What a list operation returns: `await` it for the first page's items, `for await` it for every
 * item across pages, or use `.pages()` / `.toArray()`.
 */
export interface PagedCall<T> extends PromiseLike<T[]>, AsyncIterable<T> {
  /** Every page, in order, starting from the first (or from `last_evaluated_key` when given). */
  pages(): AsyncIterableIterator<Page<T>>;
  /** Every item across pages, collected (honours `maxItems`). */
  toArray(): Promise<T[]>;
  /** The first page, with its next key and response. */
  firstPage(): Promise<Page<T>>;
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T[] | R>;
  finally(onFinally?: (() => void) | null): Promise<T[]>;
}
