/**
 * The transport: what openapi-fetch's `fetch` calls, once per request, for the operation methods, `.raw`
 * and the auth requests alike. It sits beneath openapi-fetch's middleware because it must be able to
 * send a request again, which middleware cannot. A request's life, top to bottom:
 *
 * 1. `send`: read the request's body once, so that every attempt can send it; add the credentials
 *    (logging in first when needed), and only to a request for the configured origin; run the retry
 *    loop. When the API rejects the credentials, renew them once and replay, never more. A final answer
 *    that is not 2xx is thrown here as the `SoracomApiError` that `createApiError` (errors/factories.ts)
 *    builds: the one place where an answer becomes an error.
 * 2. `retryLoop`: send an attempt; when it failed (a retryable status, a timeout, a connection failure)
 *    decide with the retry policy (retry.ts), log, wait (abortable) and repeat.
 * 3. `sendAttempt`: one attempt within its time limit: `fetch` with `redirect: 'manual'`, a redirect
 *    followed only within the request's origin (`fetchFollowing`, redirects.ts), and the whole answer read.
 *
 * A 2xx answer is delivered as the `Response` fetch returned, with the body it read (`Delivered`): the
 * operation methods, the hot path, decode those bytes; a `.raw` or auth call gets a new `Response` of
 * them for openapi-fetch to read (`readableResponse`), which costs a second `Response` and a second read.
 */
import {
  createApiError,
  createRedirectError,
  createTransportError,
  describeErrorBody,
  isInvalidCredentialsAnswer,
  parseErrorBody,
} from '../errors/factories.js';
import type { SdkLog } from '../logging/logging.js';
import { fetchFollowing, type Outgoing } from './redirects.js';
import {
  type AttemptOutcome,
  decideRetry,
  errorCodes,
  failedBeforeSending,
  RETRYABLE_STATUSES,
  type RetrySettings,
  retryDelay,
} from './retry.js';
import { abortableSleep, createAttemptSignal } from './signals.js';

/**
 * Options every SDK call accepts as its last argument; checked by `normalizeCallOptions` (client/options.ts).
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
  signal?: AbortSignal | undefined;
  /** Extra headers for this call only. */
  headers?: Record<string, string> | undefined;
  /** Retries for this call only (overrides the client's `maxRetries`); 0 sends once. */
  maxRetries?: number | undefined;
  /** Longest wait between two attempts of this call, in ms (overrides the client's `maxRetryDelayMs`). */
  maxRetryDelayMs?: number | undefined;
  /** Time limit of each attempt of this call, in ms, or `Infinity` for none (overrides the client's `timeoutMs`). */
  timeoutMs?: number | undefined;
};

/**
 * What the transport needs from authentication: headers for a request, a way to renew them when the
 * API rejects them, and the secret values that must never be shown. Implemented in auth/session.ts;
 * declared here, beside its one consumer, so the transport depends on no auth code.
 */
export interface AuthSession {
  /** Headers that authenticate a request (logging in first when needed). */
  headers(signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
  /**
   * The API rejected `rejected` (401 or the invalid-token 400). Resolves true when new credentials are
   * in place and a replay may succeed, false when nothing can be renewed (static key and token).
   */
  renew(rejected: Record<string, string>, signal?: AbortSignal): Promise<boolean>;
  /** Revokes the current API key and token (`POST /auth/logout`) and forgets them. */
  logout(signal?: AbortSignal): Promise<void>;
  /** Every secret value known so far (API key, token, AuthKey secret, password, MFA code), for redaction. */
  secrets(): string[];
  /** A short, secret-free description for errors and `inspect`, e.g. `a fixed API key and token`. */
  describe(): string;
  /** Advice added to an authentication failure's message, when there is any. */
  rejectionHint(): string | undefined;
}

/** Call options after checking, with the client's settings filled in (client/options.ts). */
export type ResolvedCall = RetrySettings & { signal: AbortSignal | undefined; headers: Record<string, string> };

export type TransportOptions = {
  /** The user's fetch; undefined means the runtime's own, looked up on every attempt. */
  fetch: typeof globalThis.fetch | undefined;
  /** The origin of the configured `baseUrl`: the only one credentials are sent to. */
  origin: string;
  /** Set once the session exists (the session's auth requests are sent through this transport). */
  auth: () => AuthSession;
  log: SdkLog;
  redact: (text: string) => string;
  /** Checks per-call options and merges them over the client's (client/options.ts owns the rules). */
  resolveCall: (call: CallOptions | undefined) => ResolvedCall;
  /** Source of jitter; tests pin it. */
  random?: () => number;
};

/** How a request is sent beyond its call options: the SDK's own auth requests and page walks. */
export type SendControl = {
  /** Send without the session's credentials and never renew (login; renewal and logout carry their own). */
  anonymous?: boolean;
  /** Repeat whatever the method: a duplicate has no harmful effect (login, token renewal). */
  replaySafe?: boolean;
  /** Advice for an authentication failure, instead of the session's (a refused login names its options). */
  authHint?: () => string | undefined;
  /**
   * A signal of the SDK's own that ends the request (a page walk's, which follows the caller's
   * signal and also aborts a page fetched ahead that nobody will read); it takes the call's place.
   */
  signal?: AbortSignal;
  /** The attempts' controllers register here, and `signal`'s owner aborts them with it (signals.ts, followSignal). */
  followers?: Set<AbortController>;
  /**
   * The call's signal is its whole story (the operation methods, which carry it in the call options):
   * the `Request`'s own signal, which openapi-fetch made and nothing aborts, is not followed.
   */
  callSignalOnly?: boolean;
};

/**
 * A 2xx answer as the transport delivers it: the `Response` fetch returned (status, headers, `url`,
 * `type`), whose body the transport has read within the attempt's time limit, and that body.
 */
export type Delivered = { response: Response; body: Uint8Array<ArrayBuffer> };

export type Transport = {
  /**
   * Sends `request` with the per-call options. Resolves with the 2xx answer and its body (read within
   * the attempt's time limit); rejects with the error of anything else: a `SoracomApiError` for another
   * status, a `ConnectionError`, `TimeoutError` or `AbortError` (or the caller's own abort reason), an
   * `UnexpectedResponseError` for a redirect not followed.
   */
  send(request: Request, call?: CallOptions, control?: SendControl): Promise<Delivered>;
};

/**
 * A delivered answer as a `Response` whose body can be read (for openapi-fetch to parse a `.raw`
 * call's JSON): a new one, of the same status, headers and body.
 */
export function readableResponse({ response, body }: Delivered): Response {
  const { status, statusText, headers } = response;
  return new Response(NULL_BODY_STATUSES.has(status) ? null : body, { status, statusText, headers });
}

/** An answer: a 2xx with its body as read, another status with its body parsed (`parseErrorBody`). */
type Answer = { response: Response; bytes?: Uint8Array<ArrayBuffer>; body?: unknown };

type AttemptResult =
  | ({ kind: 'answer' } & Answer)
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown }
  /** A redirect that was not followed (another origin, or too many); `location` is where it pointed. */
  | { kind: 'redirect'; response: Response; location: string }
  | { kind: 'aborted' };

/** An attempt the retry policy looks at: an answer with a retryable status, or none. */
type FailedAttempt = Extract<AttemptResult, { kind: 'answer' | 'timeout' | 'network' }>;

type LoopInput = {
  request: Outgoing;
  signal: AbortSignal | undefined;
  /** Set when `signal` is the SDK's own and its owner aborts these attempts itself (SendControl). */
  followers: Set<AbortController> | undefined;
  settings: RetrySettings;
  replaySafe: boolean;
  /** Attempts of the whole call so far, shared with a replay after renewal; incremented here. */
  counter: { attempts: number };
};

/**
 * One attempt: send the request and read the whole answer within the attempt's time limit, so that a
 * server that sends headers and then stalls still hits the limit. A 2xx body is kept as bytes, for
 * `send` to hand on; another answer's body is parsed here, once, and becomes an error or a retry.
 */
async function sendAttempt(
  fetchImpl: typeof globalThis.fetch | undefined,
  input: LoopInput,
  timeoutMs: number,
): Promise<AttemptResult> {
  const attempt = createAttemptSignal(input.signal, timeoutMs, input.followers);
  // Called as a plain function: browsers and Cloudflare Workers refuse a platform fetch whose `this` is
  // anything but the global object or undefined ("Illegal invocation"). Without a fetch of the user's,
  // the runtime's own is looked up now, not when the client was made (test/transport/fetch-invocation.test.ts).
  const fetchFn = fetchImpl ?? globalThis.fetch;
  try {
    const { response: sent, refusedTo } = await fetchFollowing(fetchFn, input.request, attempt.signal);
    if (refusedTo !== undefined) return { kind: 'redirect', response: sent, location: refusedTo };
    if (sent.ok) return { kind: 'answer', response: sent, bytes: new Uint8Array(await sent.arrayBuffer()) };
    return { kind: 'answer', response: sent, body: parseErrorBody(await sent.text()) };
  } catch (error) {
    if (input.signal?.aborted) return { kind: 'aborted' };
    if (attempt.timedOut()) return { kind: 'timeout' };
    return { kind: 'network', error };
  } finally {
    attempt.dispose();
  }
}

function outcomeOf(result: FailedAttempt): AttemptOutcome {
  if (result.kind === 'answer') return { kind: 'response', status: result.response.status };
  if (result.kind === 'timeout') return { kind: 'timeout' };
  return { kind: 'network', notSent: failedBeforeSending(result.error) };
}

function describeAttempt(result: Exclude<AttemptResult, { kind: 'aborted' }>): string {
  if (result.kind === 'answer' || result.kind === 'redirect') return String(result.response.status);
  if (result.kind === 'timeout') return 'timeout';
  const codes = errorCodes(result.error);
  return `connection failure${codes.length ? ` (${codes.join(', ')})` : ''}`;
}

/** 401, or the 400 the API has been seen to give an expired token (test/auth/relogin.test.ts). */
function rejectsCredentials(answer: Answer): boolean {
  const { status, headers } = answer.response;
  if (status !== 401 && status !== 400) return false;
  const { message } = describeErrorBody(status, answer.body, headers.get('content-type') ?? '');
  return isInvalidCredentialsAnswer(status, message);
}

/** The request's own headers with `credentials` and then `extra` set over them (a name set again, in any case, replaces it). */
function headersWith(request: Request, credentials: Record<string, string>, extra: Record<string, string>): Headers {
  const headers = new Headers(request.headers);
  for (const name in credentials) headers.set(name, credentials[name] as string);
  for (const name in extra) headers.set(name, extra[name] as string);
  return headers;
}

/** Statuses whose response must not have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205]);

const NO_CONTROL: SendControl = Object.freeze({});
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function createTransport(options: TransportOptions): Transport {
  const { log } = options;

  /**
   * Resolves with the final answer, whatever its status; rejects with a `ConnectionError` or
   * `TimeoutError` when no answer came, an `UnexpectedResponseError` for a redirect not followed, or
   * the signal's reason when the caller aborted (`send` turns that into the caller's error).
   */
  async function retryLoop(input: LoopInput): Promise<Answer> {
    const { request, settings } = input;
    const where = `${request.method} ${request.path}`;
    for (let attempt = 1; ; attempt++) {
      input.signal?.throwIfAborted();
      input.counter.attempts++;
      // Read only when debug is on: this runs on every attempt of every call.
      const started = log.enabled('debug') ? Date.now() : 0;
      const result = await sendAttempt(options.fetch, input, settings.timeoutMs);
      if (result.kind === 'aborted') throw input.signal?.reason;
      if (started) {
        log.debug(
          `${where} → ${describeAttempt(result)} (attempt ${input.counter.attempts}, ${Date.now() - started} ms)`,
        );
      }
      if (result.kind === 'redirect') {
        throw createRedirectError({
          method: request.method,
          path: request.path,
          attempts: input.counter.attempts,
          status: result.response.status,
          location: result.location,
          origin: request.origin,
          redact: options.redact,
        });
      }
      if (result.kind === 'answer' && !RETRYABLE_STATUSES.has(result.response.status)) return result;

      const outcome = outcomeOf(result);
      const decision = decideRetry(outcome, {
        method: request.method,
        replaySafe: input.replaySafe,
        attempt,
        maxRetries: settings.maxRetries,
      });
      if (!decision.retry) {
        if (result.kind === 'answer') {
          if (decision.reason) log.debug(`${where}: not retried: ${decision.reason}`);
          return result;
        }
        const common = {
          method: request.method,
          path: request.path,
          attempts: input.counter.attempts,
          redact: options.redact,
          ...(decision.reason ? { notRetried: decision.reason } : {}),
        };
        throw result.kind === 'timeout'
          ? createTransportError({ ...common, kind: 'timeout', timeoutMs: settings.timeoutMs })
          : createTransportError({
              ...common,
              kind: 'connection',
              cause: result.error,
              notSent: outcome.kind === 'network' && outcome.notSent,
            });
      }

      const response = result.kind === 'answer' ? result.response : undefined;
      const delay = retryDelay({
        retry: attempt,
        status: response?.status,
        headers: response?.headers,
        maxRetryDelayMs: settings.maxRetryDelayMs,
        ...(options.random ? { random: options.random } : {}),
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
    }
  }

  async function send(request: Request, call?: CallOptions, control: SendControl = NO_CONTROL): Promise<Delivered> {
    const resolved = options.resolveCall(call);
    const signal = control.signal ?? resolved.signal ?? (control.callSignalOnly ? undefined : request.signal);
    const url = new URL(request.url);
    const counter = { attempts: 0 };
    const auth = options.auth();
    // Credentials go to the configured origin only: a request elsewhere (a `.raw` call with a baseUrl
    // of its own) is sent without them.
    const credentialed = !control.anonymous && url.origin === options.origin;
    try {
      signal?.throwIfAborted();
      const body = request.body === null ? undefined : await request.arrayBuffer();
      for (let replayed = false; ; replayed = true) {
        const credentials = credentialed ? await auth.headers(signal) : NO_HEADERS;
        const outgoing: Outgoing = {
          method: request.method,
          url: request.url,
          path: url.pathname,
          origin: url.origin,
          headers: headersWith(request, credentials, resolved.headers),
          body,
          redirect: request.redirect,
        };
        const answer = await retryLoop({
          request: outgoing,
          signal,
          followers: signal === control.signal ? control.followers : undefined,
          settings: resolved,
          replaySafe: control.replaySafe === true,
          counter,
        });
        if (answer.response.ok) return { response: answer.response, body: answer.bytes ?? new Uint8Array(0) };
        // A rejected request did not run, so replaying it (even a POST) is safe. Only once: a second
        // rejection right after fresh credentials will not be cured by a third.
        if (credentialed && !replayed && rejectsCredentials(answer)) {
          log.info(
            `${request.method} ${url.pathname} answered ${answer.response.status}: renewing the credentials and replaying once`,
          );
          if (await auth.renew(credentials, signal)) continue;
        }
        throw createApiError({
          method: request.method,
          url: request.url,
          status: answer.response.status,
          headers: answer.response.headers,
          body: answer.body,
          attempts: counter.attempts,
          redact: options.redact,
          authHint: control.authHint ? control.authHint() : auth.rejectionHint(),
        });
      }
    } catch (error) {
      if (signal?.aborted) {
        throw createTransportError({
          kind: 'abort',
          reason: signal.reason,
          method: request.method,
          path: url.pathname,
          attempts: counter.attempts,
          redact: options.redact,
        });
      }
      throw error;
    }
  }

  return { send };
}
