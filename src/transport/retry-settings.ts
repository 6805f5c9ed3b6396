/**
 * How hard the transport tries, and the defaults. The anchors (sdk-bar.md, soracom-facts.md):
 * Stainless retries twice with min(0.5 s·2ⁿ, 8 s); AWS makes 3 attempts; Octokit retries 3 times;
 * Soracom's own CLI makes up to 5 attempts (sleeping 10, 10, 20, 30, 50 s, ignoring Retry-After);
 * Soracom advises waiting up to a minute on 429, since its rate limits are per operator, per API
 * path, per minute.
 *
 * @example
 * ```ts
 * import { createBatchClient, DEFAULT_RETRY_SETTINGS, type RetrySettings } from 'soracom-batch';
 *
 * const patient: RetrySettings = { ...DEFAULT_RETRY_SETTINGS, maxRetries: 8 };
 * const batch = createBatchClient({ ...patient, auth: { apiKey, token } });
 * ```
 * @category Retries and timeouts
 */
export type RetrySettings = {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Longest wait between two attempts, whatever the server or the backoff asks for. */
  maxRetryDelayMs: number;
  /** Time limit of each attempt (headers and body), `Infinity` for none. */
  timeoutMs: number;
};

/**
 * The client's retry defaults: 4 retries (5 attempts), waits of at most 60 s, 60 s per attempt.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY_SETTINGS } from 'soracom-batch';
 *
 * console.log(DEFAULT_RETRY_SETTINGS); // { maxRetries: 4, maxRetryDelayMs: 60000, timeoutMs: 60000 }
 * ```
 * @category Retries and timeouts
 */
export const DEFAULT_RETRY_SETTINGS: Readonly<RetrySettings> = /* @__PURE__ */ Object.freeze({
  // 5 attempts, as many as soracom-cli makes: a script moved from the CLI to the SDK is no less
  // patient, and a 429 under load (createBatchJob: "wait and try again later") gets several chances.
  maxRetries: 4,
  // Soracom's rate-limit window is one minute, so a wait the server asks for (Retry-After or
  // X-Soracom-Ratelimit-Seconds-Before-Refresh) is honoured up to 60 s, the same cap OpenAI uses.
  maxRetryDelayMs: 60_000,
  // Batch calls answer in well under a second; even a 10,000-task createBatchJob body is a few MB.
  // 60 s per attempt catches a hung connection long before Stainless' 10 min, without cutting off a
  // slow upload. The caller's `signal` bounds the whole call.
  timeoutMs: 60_000,
});

/** setTimeout's limit (2³¹−1 ms, about 24.8 days); longer values fire at once, so they are refused. */
export const MAX_TIMER_MS = 2_147_483_647;
