/**
 * The retry loop: send an attempt, log it, decide (retry-policy.ts), wait (retry-delay.ts, abortable),
 * repeat. Resolves with the final response, whatever its status (the error middleware turns a non-2xx
 * into an error); rejects with a `ConnectionError` or `TimeoutError` when no answer came, or with the
 * signal's reason when the caller aborted (the transport turns that into the caller's error).
 */
import { createTransportError } from '../errors/create-transport-error.js';
import type { SdkLog } from '../logging/sdk-log.js';
import { abortableSleep } from './abortable-sleep.js';
import type { BufferedRequest } from './buffered-request.js';
import { errorCodes } from './network-failure.js';
import { retryDelay } from './retry-delay.js';
import { type AttemptOutcome, decideRetry } from './retry-policy.js';
import type { RetrySettings } from './retry-settings.js';
import { type AttemptResult, sendAttempt } from './send-attempt.js';

export type FetchWithRetriesInput = {
  fetch: typeof globalThis.fetch;
  request: BufferedRequest;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  settings: RetrySettings;
  /** The request may be repeated whatever its method (login, token renewal). */
  replaySafe: boolean;
  log: SdkLog;
  redact: (text: string) => string;
  /** Attempts of the whole call so far, shared with a replay after renewal; incremented here. */
  counter: { attempts: number };
  random?: () => number;
};

const now = (): number => (globalThis.performance?.now ? globalThis.performance.now() : Date.now());

function outcomeOf(result: Exclude<AttemptResult, { kind: 'aborted' }>): AttemptOutcome {
  if (result.kind === 'response') return { kind: 'response', status: result.response.status };
  if (result.kind === 'timeout') return { kind: 'timeout' };
  return { kind: 'network', notSent: result.notSent };
}

function describeResult(result: AttemptResult): string {
  if (result.kind === 'response') return String(result.response.status);
  if (result.kind === 'timeout') return 'timeout';
  if (result.kind === 'aborted') return 'aborted';
  const codes = errorCodes(result.error);
  return `connection failure${codes.length ? ` (${codes.join(', ')})` : ''}`;
}

export async function fetchWithRetries(input: FetchWithRetriesInput): Promise<Response> {
  const { request, settings, log } = input;
  // Worked out only for a log line: working out the path parses the URL.
  const where = () => `${request.method} ${request.path}`;
  for (let attempt = 1; ; attempt++) {
    input.signal?.throwIfAborted();
    input.counter.attempts++;
    const started = now();
    const result = await sendAttempt({
      fetch: input.fetch,
      request,
      headers: input.headers,
      signal: input.signal,
      timeoutMs: settings.timeoutMs,
    });
    // Built only when debug is on: this line runs on every attempt of every call.
    if (log.enabled('debug')) {
      log.debug(
        `${where()} → ${describeResult(result)} (attempt ${input.counter.attempts}, ${Math.round(now() - started)} ms)`,
      );
    }
    if (result.kind === 'aborted') throw input.signal?.reason;

    const decision = decideRetry(outcomeOf(result), {
      method: request.method,
      replaySafe: input.replaySafe,
      attempt,
      maxRetries: settings.maxRetries,
    });
    if (!decision.retry) {
      if (result.kind === 'response') {
        if (decision.reason) log.debug(`${where()}: not retried: ${decision.reason}`);
        return result.response;
      }
      const common = {
        method: request.method,
        path: request.path,
        attempts: input.counter.attempts,
        redact: input.redact,
        ...(decision.reason ? { notRetried: decision.reason } : {}),
      };
      throw result.kind === 'timeout'
        ? createTransportError({ ...common, kind: 'timeout', timeoutMs: settings.timeoutMs })
        : createTransportError({ ...common, kind: 'connection', cause: result.error, notSent: result.notSent });
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
      `${where()} got ${decision.reason}; retrying in ${delay.delayMs} ms${delay.source === 'server' ? ' as the server asked' : ''}${capped} ` +
        `(attempt ${input.counter.attempts + 1} of at most ${input.counter.attempts - attempt + settings.maxRetries + 1})`,
    );
    await abortableSleep(delay.delayMs, input.signal);
  }
}
