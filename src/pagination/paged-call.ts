/**
 * Wraps a page walk into the object a list method returns. Nothing is sent until it is awaited or
 * iterated; awaiting it sends one request (memoised), iterating walks every page from the start.
 */
import type { Page, PagedCall } from './page.js';
import { type PageFetcher, type WalkOptions, walkPages } from './walk-pages.js';

export function createPagedCall<T>(fetchPage: PageFetcher<T>, options: WalkOptions): PagedCall<T> {
  let first: Promise<Page<T>> | undefined;
  const firstPage = (): Promise<Page<T>> => {
    first ??= (async () => {
      for await (const page of walkPages(fetchPage, options)) return page;
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
    async *[Symbol.asyncIterator]() {
      for await (const page of walkPages(fetchPage, options)) yield* page.items;
    },
    async toArray() {
      const all: T[] = [];
      for await (const page of walkPages(fetchPage, options)) all.push(...page.items);
      return all;
    },
  };
}
