/** Statuses worth another attempt (soracom-facts: rate limits and errors from in front of the API). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
