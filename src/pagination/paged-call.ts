/**
 * Wraps a page walk into the object a list method returns. Nothing is sent until it is awaited or
 * iterated; awaiting it sends one request (memoised), iterating walks every page from the start.
 */
import type { Page, PagedCall } from './page.js';
import type { PageFetcher, WalkOptions } from './walk-pages.js';

/**
 * The page walk, loaded when a paged call is first awaited or iterated (walking is async anyway), so
 * a client that never lists does not load it (core bundle size).
 */
async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  options: WalkOptions,
): AsyncGenerator<Page<T>, void, undefined> {
  const walk = await import('./walk-pages.js');
  yield* walk.walkPages(fetchPage, options);
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

export function createPagedCall<T>(fetchPage: PageFetcher<T>, options: WalkOptions): PagedCall<T> {
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
