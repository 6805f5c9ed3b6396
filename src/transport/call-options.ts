/**
 * Options every SDK call accepts as its last argument; checked by `normalizeCallOptions` (options.ts).
 *
 * @example
 * ```ts
 * import type { CallOptions } from 'soracom-batch';
 *
 * const options: CallOptions = { signal: AbortSignal.timeout(30_000), maxRetries: 0, headers: { 'X-Trace-Id': 'abc' } };
 * const job = await batch.getBatchJob({ batch_group_id, job_id }, options);
 * ```
 * @category Retries and timeouts
 */
export type CallOptions = {
  /**
   * Cancels the call at once, including a login it waits for and any retry backoff. The call rejects
   * with the signal's reason when it has one of its own (`controller.abort(reason)`,
   * `AbortSignal.timeout()`), else with an `AbortError`.
   */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
  /** Retries for this call only (overrides the client's `maxRetries`); 0 sends once. */
  maxRetries?: number;
  /** Longest wait between two attempts of this call, in ms (overrides the client's `maxRetryDelayMs`). */
  maxRetryDelayMs?: number;
  /** Time limit of each attempt of this call, in ms, or `Infinity` for none (overrides the client's `timeoutMs`). */
  timeoutMs?: number;
};
