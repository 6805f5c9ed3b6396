/**
 * One attempt: send the request and read the whole answer within the attempt's time limit. The body
 * is read here, not later by openapi-fetch, so that a server that sends headers and then stalls still
 * hits the time limit, and so the transport can look at an error body (the invalid-token 400) before
 * deciding to renew credentials. Batch answers are small JSON documents.
 */
import { createAttemptSignal } from './attempt-signal.js';
import type { BufferedRequest } from './buffered-request.js';
import { serveBufferedBody } from './buffered-response.js';

export type AttemptResult =
  | { kind: 'response'; response: Response }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown }
  | { kind: 'aborted' };

/** An attempt the retry step looks at: an answer with a retryable status, or none. */
export type FailedAttempt = Exclude<AttemptResult, { kind: 'aborted' }>;

export async function sendAttempt(input: {
  fetch: typeof globalThis.fetch | undefined;
  request: BufferedRequest;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}): Promise<AttemptResult> {
  const attempt = createAttemptSignal(input.signal, input.timeoutMs);
  // Called as a plain function: browsers and Cloudflare Workers refuse a platform fetch whose `this` is
  // anything but the global object or undefined ("Illegal invocation"), e.g. the options object it came
  // in. Without a fetch of the user's, the runtime's own is looked up now, not when the client was made.
  const fetchFn = input.fetch ?? globalThis.fetch;
  try {
    const response = await fetchFn(input.request.url, input.request.init(input.headers, attempt.signal));
    return { kind: 'response', response: serveBufferedBody(response, await response.arrayBuffer()) };
  } catch (error) {
    if (input.signal?.aborted) return { kind: 'aborted' };
    if (attempt.timedOut()) return { kind: 'timeout' };
    return { kind: 'network', error };
  } finally {
    attempt.dispose();
  }
}
