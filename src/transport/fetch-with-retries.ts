/**
 * The retry loop: send an attempt, and when it failed (a retryable status, a timeout, a connection
 * failure) let retry-step.ts decide, log and wait, then repeat. Resolves with the final response,
 * whatever its status (the error middleware turns a non-2xx into an error); rejects with a
 * `ConnectionError` or `TimeoutError` when no answer came, or with the signal's reason when the
 * caller aborted (the transport turns that into the caller's error).
 *
 * An answer no policy would repeat (a 2xx, a 404) returns at once: the retry step is loaded on the
 * first failed attempt, so a client whose calls succeed never loads it (core bundle size).
 */
import type { SdkLog } from '../logging/sdk-log.js';
import type { BufferedRequest } from './buffered-request.js';
import type { RetrySettings } from './retry-settings.js';
import { RETRYABLE_STATUSES } from './retryable-statuses.js';
import { sendAttempt } from './send-attempt.js';

export type FetchWithRetriesInput = {
  fetch: typeof globalThis.fetch | undefined;
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

export async function fetchWithRetries(input: FetchWithRetriesInput): Promise<Response> {
  const { request, log } = input;
  for (let attempt = 1; ; attempt++) {
    input.signal?.throwIfAborted();
    input.counter.attempts++;
    const started = now();
    const result = await sendAttempt({
      fetch: input.fetch,
      request,
      headers: input.headers,
      signal: input.signal,
      timeoutMs: input.settings.timeoutMs,
    });
    if (result.kind === 'aborted') throw input.signal?.reason;
    if (result.kind === 'response') {
      // Built only when debug is on: this line runs on every attempt of every call.
      if (log.enabled('debug')) {
        log.debug(
          `${request.method} ${request.path} → ${result.response.status} (attempt ${input.counter.attempts}, ${Math.round(now() - started)} ms)`,
        );
      }
      if (!RETRYABLE_STATUSES.has(result.response.status)) return result.response;
    }
    const { afterFailedAttempt } = await import('./retry-step.js');
    const final = await afterFailedAttempt(result, input, { attempt, elapsedMs: now() - started });
    if (final) return final;
  }
}
