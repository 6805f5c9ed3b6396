/**
 * `limit` + `last_evaluated_key` pagination, as the three list operations declare it
 * (`x-soracom-cli-pagination`: request param `last_evaluated_key`, response header
 * `x-soracom-next-key`). The key is the last item returned; the next page starts after it. The
 * header is sent only when more items follow, so clients stop when it is absent.
 */
import { badRequest, codes } from './error-codes.js';

export const NEXT_KEY_HEADER = 'x-soracom-next-key';

export type PageLimits = { defaultPageLimit: number; maxPageLimit: number };
export type Page<T> = { items: T[]; headers: Record<string, string> };

/** `limit`: a positive integer; larger than the maximum is served as the maximum (the spec allows fewer). */
export function parseLimit(query: URLSearchParams, limits: PageLimits): number {
  const raw = query.get('limit');
  if (raw === null) return limits.defaultPageLimit;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(limit) || limit < 1) {
    throw badRequest(codes.invalidPagination, `limit must be a positive integer (got ${JSON.stringify(raw)})`);
  }
  return Math.min(limit, limits.maxPageLimit);
}

/**
 * One page of `items` (sorted by key), starting at `start`, keeping the items `accept` lets through.
 * `keyOf` gives the `x-soracom-next-key` of the last item when more accepted items follow.
 */
export function takePage<T>(
  items: readonly T[],
  start: number,
  limit: number,
  keyOf: (item: T) => string,
  accept: (item: T) => boolean = () => true,
): Page<T> {
  const page: T[] = [];
  let i = start;
  for (; i < items.length && page.length < limit; i++) {
    const item = items[i] as T;
    if (accept(item)) page.push(item);
  }
  let more = false;
  for (; i < items.length; i++) {
    if (accept(items[i] as T)) {
      more = true;
      break;
    }
  }
  const last = page[page.length - 1];
  return { items: page, headers: more && last !== undefined ? { [NEXT_KEY_HEADER]: keyOf(last) } : {} };
}

/** Index of the first item whose key sorts after `key` (string keys in ascending order). */
export function startAfterKey<T>(items: readonly T[], key: string | null, keyOf: (item: T) => string): number {
  if (key === null || key === '') return 0;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(items[mid] as T) <= key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Task keys are task IDs (1, 2, ...): the page starts after that task. */
export function startAfterTaskId(key: string | null): number {
  if (key === null || key === '') return 0;
  if (!/^\d+$/.test(key))
    throw badRequest(
      codes.invalidPagination,
      `last_evaluated_key ${JSON.stringify(key)} is not a key this list returned`,
    );
  return Number(key);
}
