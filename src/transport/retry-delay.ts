/**
 * How long to wait before the next attempt. A wait the server asks for is authoritative
 * (`Retry-After`, in seconds or as an HTTP date; on 429 also Soracom's
 * `X-Soracom-Ratelimit-Seconds-Before-Refresh`); otherwise exponential backoff with jitter. Either
 * way the wait is capped by `maxRetryDelayMs`.
 */

/** First backoff and its ceiling: Stainless' min(0.5 s·2ⁿ, 8 s) (sdk-bar.md). */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

export const RATELIMIT_REFRESH_HEADER = 'x-soracom-ratelimit-seconds-before-refresh';

/** Milliseconds the server asks to wait, or undefined when it does not say (or says nonsense). */
export function serverRequestedDelayMs(status: number, headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // Soracom's rate-limit header counts down to the next window; it only means "wait" on a 429.
  if (status === 429) {
    const refresh = headers.get(RATELIMIT_REFRESH_HEADER)?.trim();
    if (refresh && /^\d+(\.\d+)?$/.test(refresh)) return Math.round(Number(refresh) * 1000);
  }
  return undefined;
}

/**
 * Backoff before retry number `retry` (1 for the first retry): min(0.5 s·2ʳ⁻¹, 8 s), scaled by a random
 * factor in [0.5, 1). The jitter spreads 50 clients that failed together over half the window, and
 * the floor keeps a retry from coming back instantly.
 */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1), BACKOFF_MAX_MS);
  return Math.round(ceiling * (0.5 + random() / 2));
}

export type RetryDelay = {
  delayMs: number;
  /** Where the wait came from, for the log line. */
  source: 'server' | 'backoff';
  /** What the server asked for, when it was cut to `maxRetryDelayMs`. */
  cappedFromMs?: number;
};

export function retryDelay(input: {
  retry: number;
  status: number | undefined;
  headers: Headers | undefined;
  maxRetryDelayMs: number;
  random?: () => number;
  now?: number;
}): RetryDelay {
  const requested =
    input.headers && input.status !== undefined
      ? serverRequestedDelayMs(input.status, input.headers, input.now)
      : undefined;
  if (requested !== undefined) {
    // Many clients told "the window refreshes in 30 s" would all come back in the same millisecond; a
    // little jitter (up to 10%, at most 1 s) on top of what the server asked for spreads them out.
    const jittered = requested + Math.min(1000, requested * 0.1) * (input.random ?? Math.random)();
    const delayMs = Math.round(Math.min(jittered, input.maxRetryDelayMs));
    return requested > input.maxRetryDelayMs
      ? { delayMs, source: 'server', cappedFromMs: requested }
      : { delayMs, source: 'server' };
  }
  return { delayMs: Math.min(backoffDelayMs(input.retry, input.random), input.maxRetryDelayMs), source: 'backoff' };
}
