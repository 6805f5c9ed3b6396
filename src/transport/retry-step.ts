/**
 * What happens after an attempt that failed (a retryable status, a timeout, a connection failure):
 * decide (retry-policy.ts), log, and either wait (retry-delay.ts, abortable) for the next attempt or
 * end the call. Loaded by fetch-with-retries.ts on the first failed attempt, so a client whose calls
 * succeed never loads the policy, the backoff or their messages (core bundle size).
 */
import { transportError } from '../errors/transport-error-on-demand.js';
import { abortableSleep } from './abortable-sleep.js';
import type { FetchWithRetriesInput } from './fetch-with-retries.js';
import { errorCodes, failedBeforeSending } from './network-failure.js';
import { retryDelay } from './retry-delay.js';
import { type AttemptOutcome, decideRetry } from './retry-policy.js';
import type { FailedAttempt } from './send-attempt.js';

function outcomeOf(result: FailedAttempt): AttemptOutcome {
  if (result.kind === 'response') return { kind: 'response', status: result.response.status };
  if (result.kind === 'timeout') return { kind: 'timeout' };
  return { kind: 'network', notSent: failedBeforeSending(result.error) };
}

function describeFailure(result: FailedAttempt): string {
  if (result.kind === 'response') return String(result.response.status);
  if (result.kind === 'timeout') return 'timeout';
  const codes = errorCodes(result.error);
  return `connection failure${codes.length ? ` (${codes.join(', ')})` : ''}`;
}

export type StepContext = {
  /** Attempts of this retry loop so far, counting the one that failed. */
  attempt: number;
  /** How long the failed attempt took, for the debug line. */
  elapsedMs: number;
};

/**
 * Resolves with the response when the failed attempt's answer is final (out of retries, or a POST
 * that may have run); resolves with `undefined` after waiting when another attempt should follow;
 * rejects with a `TimeoutError` or `ConnectionError` when no answer came and none will be tried.
 */
export async function afterFailedAttempt(
  result: FailedAttempt,
  input: FetchWithRetriesInput,
  { attempt, elapsedMs }: StepContext,
): Promise<Response | undefined> {
  const { request, settings, log } = input;
  const where = `${request.method} ${request.path}`;
  // fetch-with-retries.ts logs the answers; a failure without one is logged here.
  if (result.kind !== 'response') {
    log.debug(`${where} → ${describeFailure(result)} (attempt ${input.counter.attempts}, ${Math.round(elapsedMs)} ms)`);
  }
  const outcome = outcomeOf(result);
  const decision = decideRetry(outcome, {
    method: request.method,
    replaySafe: input.replaySafe,
    attempt,
    maxRetries: settings.maxRetries,
  });
  if (!decision.retry) {
    if (result.kind === 'response') {
      if (decision.reason) log.debug(`${where}: not retried: ${decision.reason}`);
      return result.response;
    }
    const common = {
      method: request.method,
      path: request.path,
      attempts: input.counter.attempts,
      redact: input.redact,
      ...(decision.reason ? { notRetried: decision.reason } : {}),
    };
    throw await (result.kind === 'timeout'
      ? transportError({ ...common, kind: 'timeout', timeoutMs: settings.timeoutMs })
      : transportError({
          ...common,
          kind: 'connection',
          cause: result.error,
          notSent: outcome.kind === 'network' && outcome.notSent,
        }));
  }

  const response = result.kind === 'response' ? result.response : undefined;
  const delay = retryDelay({
    retry: attempt,
    status: response?.status,
    headers: response?.headers,
    maxRetryDelayMs: settings.maxRetryDelayMs,
    ...(input.random ? { random: input.random } : {}),
  });
  const capped =
    delay.cappedFromMs !== undefined
      ? ` (the server asked for ${delay.cappedFromMs} ms; capped by maxRetryDelayMs)`
      : '';
  log.info(
    `${where} got ${decision.reason}; retrying in ${delay.delayMs} ms${delay.source === 'server' ? ' as the server asked' : ''}${capped} ` +
      `(attempt ${input.counter.attempts + 1} of at most ${input.counter.attempts - attempt + settings.maxRetries + 1})`,
  );
  await abortableSleep(delay.delayMs, input.signal);
  return undefined;
}
