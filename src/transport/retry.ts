/**
 * The retry policy, written as data and decided in a fixed order, and how long to wait.
 *
 * When an attempt may be repeated. The rule for non-idempotent requests (POST, PATCH): repeat one only
 * when it provably did not run, because a second createBatchJob or createBatchGroup would create a
 * second job or group. Proof is:
 *   - 429: the API refused the request before running it (the createBatchJob description in
 *     openapi/batch.yaml: under high load the job is not created; "wait and try again later");
 *   - 503: the service (or the load balancer in front of it) did not take the request;
 *   - a connection failure before any byte was sent (refused, DNS failure, unreachable host).
 * A 500/502/504, a timeout or a connection reset may come after the server ran the request, so a POST
 * that meets one is not repeated; the error says so. Idempotent methods (GET, HEAD, OPTIONS, PUT,
 * DELETE: repeating them has the effect of doing them once, RFC 9110 §9.2.2) are repeated after any
 * retryable outcome. Login and token renewal are marked replay-safe by the auth code: a duplicate only
 * mints a key pair that expires on its own.
 *
 * How long to wait. A wait the server asks for is authoritative (`Retry-After`, in seconds or as an
 * HTTP date; on 429 also Soracom's `X-Soracom-Ratelimit-Seconds-Before-Refresh`); otherwise the one
 * backoff curve of the SDK (`backoffMs`, also used between refused job submissions and between polls
 * of a job). Either way the wait is capped by `maxRetryDelayMs`.
 */

/**
 * How hard the transport tries. The defaults and why: Stainless SDKs (openai-node) retry twice with
 * min(0.5 s·2ⁿ, 8 s), the AWS SDK makes 3 attempts, Octokit retries 3 times, and soracom-cli
 * (https://github.com/soracom/soracom-cli) makes up to 5 attempts; Soracom's rate limits are per
 * operator, per API and per minute, and on 429 it advises waiting up to a minute
 * (https://developers.soracom.io/en/api/).
 */
export type RetrySettings = {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Longest wait between two attempts, whatever the server or the backoff asks for. */
  maxRetryDelayMs: number;
  /** Time limit of each attempt (headers and body), `Infinity` for none. */
  timeoutMs: number;
};

/** The client's retry defaults: 4 retries (5 attempts), waits of at most 60 s, 60 s per attempt. */
export const DEFAULT_RETRY_SETTINGS: Readonly<RetrySettings> = Object.freeze({
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

/** Statuses worth another attempt: rate limits, and failures of the API or of what stands in front of it. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses that prove the request was not executed, so even a POST may be repeated. */
const NOT_EXECUTED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** RFC 9110 §9.2.2: repeating these has the same effect as sending them once. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export type AttemptOutcome =
  | { kind: 'response'; status: number }
  | { kind: 'timeout' }
  | { kind: 'network'; notSent: boolean };

export type RetryDecision = { retry: true; reason: string } | { retry: false; reason?: string };

export type RetryContext = {
  method: string;
  /** The request has no effect a duplicate could harm (login, token renewal), whatever its method. */
  replaySafe: boolean;
  /** Attempts made so far, counting the one just finished. */
  attempt: number;
  maxRetries: number;
};

export function describeOutcome(outcome: AttemptOutcome): string {
  if (outcome.kind === 'response') return `status ${outcome.status}`;
  if (outcome.kind === 'timeout') return 'a timeout';
  return outcome.notSent ? 'a connection failure before sending' : 'a connection failure';
}

export function decideRetry(outcome: AttemptOutcome, context: RetryContext): RetryDecision {
  // 1. A response that is not a retryable status is final (success or an error to throw).
  if (outcome.kind === 'response' && !RETRYABLE_STATUSES.has(outcome.status)) return { retry: false };
  // 2. Out of attempts.
  if (context.attempt > context.maxRetries) return { retry: false };
  const repeatable = context.replaySafe || IDEMPOTENT_METHODS.has(context.method.toUpperCase());
  // 3. Idempotent (or replay-safe) requests: any retryable outcome.
  if (repeatable) return { retry: true, reason: describeOutcome(outcome) };
  // 4. Non-idempotent requests: only when provably not executed.
  if (outcome.kind === 'response' && NOT_EXECUTED_STATUSES.has(outcome.status))
    return { retry: true, reason: describeOutcome(outcome) };
  if (outcome.kind === 'network' && outcome.notSent) return { retry: true, reason: describeOutcome(outcome) };
  return {
    retry: false,
    reason: `a ${context.method.toUpperCase()} is repeated only when it provably did not run (429, 503, or no connection), and ${describeOutcome(outcome)} may come after it ran`,
  };
}

/**
 * The one backoff curve of the SDK. Before wait number `step` (0 for the first), the ceiling is
 * min(baseMs·2^step, maxMs), and the wait is drawn from its upper half, [ceiling/2, ceiling), never
 * below `floorMs`. The jitter spreads clients that failed together over half the window; the upper
 * half keeps a retry from coming back instantly. Its users:
 * - retries of one request: 0.5 s doubling to 8 s (Stainless' curve);
 * - refused job submissions (429, a same-action job running): 2 s doubling to 60 s;
 * - polls of a job that shows no progress: `minDelayMs` doubling to `maxDelayMs`, floor `minDelayMs`.
 */
export function backoffMs(
  step: number,
  curve: { baseMs: number; maxMs: number; floorMs?: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(curve.baseMs * 2 ** Math.min(Math.max(0, step), 30), curve.maxMs);
  return Math.round(Math.max(curve.floorMs ?? 0, ceiling * (0.5 + random() / 2)));
}

/** Retries of one request: Stainless' min(0.5 s·2ⁿ, 8 s). */
export const RETRY_BACKOFF = Object.freeze({ baseMs: 500, maxMs: 8_000 });

export const RATELIMIT_REFRESH_HEADER = 'x-soracom-ratelimit-seconds-before-refresh';

/** Milliseconds the server asks to wait, or undefined when it does not say (or says nonsense). */
export function serverRequestedDelayMs(status: number, headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    // An HTTP-date names its weekday (RFC 9110 §5.6.7); without one, Date.parse would read "-1" as a year.
    const date = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // Soracom's rate-limit header counts down to the next window; it only means "wait" on a 429.
  if (status === 429) {
    const refresh = headers.get(RATELIMIT_REFRESH_HEADER)?.trim();
    if (refresh && /^\d+(\.\d+)?$/.test(refresh)) return Math.round(Number(refresh) * 1000);
  }
  return undefined;
}

export type RetryDelay = {
  delayMs: number;
  /** Where the wait came from, for the log line. */
  source: 'server' | 'backoff';
  /** What the server asked for, when it was cut to `maxRetryDelayMs`. */
  cappedFromMs?: number;
};

/** The wait before retry number `retry` (1 for the first retry). */
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
  const backoff = backoffMs(input.retry - 1, RETRY_BACKOFF, input.random);
  return { delayMs: Math.min(backoff, input.maxRetryDelayMs), source: 'backoff' };
}

/**
 * Failures that happen before a connection exists, so no byte of the request was sent. Node's fetch
 * (undici) rejects with `TypeError('fetch failed')` whose `cause` is the socket error with a `code`; a
 * connection attempt to several addresses nests them in an AggregateError. Other runtimes give no
 * code, so their failures count as "may have been sent", the safe side for a POST.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', // nothing listens on the port
  'ENOTFOUND', // DNS: no such host
  'EAI_AGAIN', // DNS: temporary failure
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', // undici gave up connecting
]);

/** Every `code` found in the error's cause chain (and AggregateError members). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 5 || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const record = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (Array.isArray(record.errors)) for (const member of record.errors) visit(member, depth + 1);
    visit(record.cause, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** True when every code found says the connection was never made (and at least one was found). */
export function failedBeforeSending(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
}
