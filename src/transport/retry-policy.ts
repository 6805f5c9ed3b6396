/**
 * When an attempt may be repeated: the retry policy written as data, decided in a fixed order.
 *
 * The rule for non-idempotent requests (POST, PATCH): repeat one only when it provably did not run,
 * because a second createBatchJob or createBatchGroup would create a second job or group. Proof is:
 *   - 429: the API refused the request before running it (createBatchJob's description: under high
 *     load the job is not created; "wait and try again later");
 *   - 503: the service (or the load balancer in front of it) did not take the request;
 *   - a connection failure before any byte was sent (refused, DNS failure, unreachable host).
 * A 500/502/504, a timeout or a connection reset may come after the server ran the request, so a POST
 * that meets one is not repeated; the error says so. Idempotent methods (GET, HEAD, OPTIONS, PUT,
 * DELETE: repeating them has the effect of doing them once) are repeated after any retryable outcome.
 * Login and token renewal are marked replay-safe by the auth code: a duplicate only mints a key pair
 * that expires on its own.
 */

import { RETRYABLE_STATUSES } from './retryable-statuses.js';

export { RETRYABLE_STATUSES };

/** Statuses that prove the request was not executed, so even a POST may be repeated. */
export const NOT_EXECUTED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** RFC 9110 §9.2.2: repeating these has the same effect as sending them once. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

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

function describe(outcome: AttemptOutcome): string {
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
  if (repeatable) return { retry: true, reason: describe(outcome) };
  // 4. Non-idempotent requests: only when provably not executed.
  if (outcome.kind === 'response' && NOT_EXECUTED_STATUSES.has(outcome.status))
    return { retry: true, reason: describe(outcome) };
  if (outcome.kind === 'network' && outcome.notSent) return { retry: true, reason: describe(outcome) };
  return {
    retry: false,
    reason: `a ${context.method.toUpperCase()} is repeated only when it provably did not run (429, 503, or no connection), and ${describe(outcome)} may come after it ran`,
  };
}
