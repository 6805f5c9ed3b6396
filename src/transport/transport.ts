/**
 * The `fetch` that openapi-fetch calls, once per request. It sits beneath openapi-fetch's middleware
 * so that it can re-send a request, which middleware cannot (sdk-bar.md: users' first request). Per
 * request it: buffers the body once; adds the credentials (logging in first when needed); sends with
 * retries (fetch-with-retries.ts); and when the API rejects the credentials, renews them once and
 * replays, never more (a second rejection is returned and becomes an `AuthenticationError`).
 */
import type { AuthSession } from '../auth/auth-session.js';
import { transportError } from '../errors/transport-error-on-demand.js';
import type { SdkLog } from '../logging/sdk-log.js';
import { bufferRequest } from './buffered-request.js';
import type { CallOptions } from './call-options.js';
import { fetchWithRetries } from './fetch-with-retries.js';
import type { PreparedRequest } from './prepared-request.js';
import type { RetrySettings } from './retry-settings.js';

/** Call options after checking, with the client's settings filled in (options.ts). */
export type ResolvedCall = RetrySettings & { signal: AbortSignal | undefined; headers: Record<string, string> };

export type TransportOptions = {
  fetch: typeof globalThis.fetch | undefined;
  auth: AuthSession;
  log: SdkLog;
  redact: (text: string) => string;
  /** Checks per-call options and merges them over the client's (options.ts owns the rules). */
  resolveCall: (call: CallOptions | undefined) => ResolvedCall;
  /** Source of jitter; tests pin it. */
  random?: () => number;
};

/** How the SDK's own auth requests are sent (auth-api.ts). */
export type SendControl = {
  /** Send without the session's credentials and never renew (login; renewal and logout carry their own). */
  anonymous?: boolean;
  /** Repeat whatever the method: a duplicate has no harmful effect (login, token renewal). */
  replaySafe?: boolean;
  /**
   * A signal of the SDK's own that ends the request (a page walk's, which follows the caller's
   * signal and also aborts a page fetched ahead that nobody will read); it takes the call's place.
   */
  signal?: AbortSignal;
};

/** Metadata about how a response was obtained, read by the error factory. */
export type ResponseMeta = { attempts: number; url: string };

export type Transport = {
  /** Sends `request` with the per-call options; resolves with the final response. */
  send(request: Request | PreparedRequest, call?: CallOptions, control?: SendControl): Promise<Response>;
  /** How many attempts produced `response` (1 when it was not retried). */
  meta(response: Response): ResponseMeta;
};

/** 401, or the 400 the API has been seen to give an expired token (soracom-facts: authentication). */
async function rejectsCredentials(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  if (response.status !== 400) return false;
  const text = await response.clone().text();
  let body: unknown = text === '' ? undefined : text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the text itself is the message.
  }
  // Loaded only now: most clients never see a 400 (core bundle size).
  const { describeErrorBody, isInvalidCredentialsAnswer } = await import('../errors/create-api-error.js');
  const { message } = describeErrorBody(400, body, response.headers.get('content-type') ?? '');
  return isInvalidCredentialsAnswer(400, message);
}

export function createTransport(options: TransportOptions): Transport {
  const metas = new WeakMap<Response, ResponseMeta>();

  async function send(
    request: Request | PreparedRequest,
    call?: CallOptions,
    control: SendControl = {},
  ): Promise<Response> {
    const resolved = options.resolveCall(call);
    const signal = control.signal ?? resolved.signal ?? request.signal;
    const counter = { attempts: 0 };
    try {
      signal?.throwIfAborted();
      const buffered = await bufferRequest(request);
      for (let replayed = false; ; replayed = true) {
        const credentials = control.anonymous ? {} : await options.auth.headers(signal);
        // One plain record per attempt's headers (fetch builds its Headers from it anyway); names in
        // lower case so a per-call header replaces the request's rather than being sent twice.
        const headers = { ...buffered.headers };
        for (const name in credentials) headers[name.toLowerCase()] = credentials[name] as string;
        for (const name in resolved.headers) headers[name.toLowerCase()] = resolved.headers[name] as string;
        const response = await fetchWithRetries({
          fetch: options.fetch,
          request: buffered,
          headers,
          signal,
          settings: resolved,
          replaySafe: control.replaySafe === true,
          log: options.log,
          redact: options.redact,
          counter,
          ...(options.random ? { random: options.random } : {}),
        });
        // A rejected request did not run, so replaying it (even a POST) is safe. Only once: a second
        // rejection right after fresh credentials will not be cured by a third.
        if (!control.anonymous && !replayed && (await rejectsCredentials(response))) {
          options.log.info(
            `${request.method} ${buffered.path} answered ${response.status}: renewing the credentials and replaying once`,
          );
          if (await options.auth.renew(credentials, signal)) continue;
        }
        metas.set(response, { attempts: counter.attempts, url: request.url });
        return response;
      }
    } catch (error) {
      if (signal?.aborted) {
        throw await transportError({
          kind: 'abort',
          reason: signal.reason,
          method: request.method,
          path: new URL(request.url).pathname,
          attempts: counter.attempts,
          redact: options.redact,
        });
      }
      throw error;
    }
  }

  return { send, meta: (response) => metas.get(response) ?? { attempts: 1, url: response.url } };
}
