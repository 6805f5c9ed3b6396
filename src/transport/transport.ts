/**
 * The transport: the `fetch` that openapi-fetch calls, once per request. It sits beneath openapi-fetch's
 * middleware because it must be able to send a request again, which middleware cannot. A request's
 * life, top to bottom:
 *
 * 1. `send`: buffer the body once; add the credentials (logging in first when needed); run the retry
 *    loop; when the API rejects the credentials, renew them once and replay, never more (a second
 *    rejection is returned and becomes an `AuthenticationError`).
 * 2. `retryLoop`: send an attempt; when it failed (a retryable status, a timeout, a connection failure)
 *    decide with the retry policy (retry.ts), log, wait (abortable) and repeat.
 * 3. `sendAttempt`: one attempt, its body read within the attempt's time limit.
 *
 * It knows no operation: the client decides what to send, and errors for answers are built by the
 * error middleware above it (errors/factories.ts).
 */
import {
  createTransportError,
  describeErrorBody,
  isInvalidCredentialsAnswer,
  readErrorBody,
} from '../errors/factories.js';
import type { SdkLog } from '../logging/logging.js';
import {
  type BufferedRequest,
  bufferRequest,
  type PreparedRequest,
  readWholeBody,
  serveBufferedBody,
} from './messages.js';
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

/**
 * What the transport needs from authentication: headers for a request, a way to renew them when the
 * API rejects them, and the secret values that must never be shown. Implemented in auth/session.ts;
 * declared here, beside its one consumer, so the transport depends on no auth code.
 */
export interface AuthSession {
  /**
   * Headers that authenticate a request (logging in first when needed); at once when they are at hand
   * (a fixed key and token), so the call does not wait a turn for them.
   */
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
  /** Set once the session exists (the session's auth requests are sent through this transport). */
  auth: () => AuthSession;
  log: SdkLog;
  redact: (text: string) => string;
  /** Checks per-call options and merges them over the client's (client/options.ts owns the rules). */
  resolveCall: (call: CallOptions | undefined) => ResolvedCall;
  /** Source of jitter; tests pin it. */
  random?: () => number;
};

/** How the SDK's own auth requests are sent (auth/auth-api.ts). */
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
  /** The attempts' controllers register here, and `signal`'s owner aborts them with it (signals.ts, followSignal). */
  followers?: Set<AbortController>;
};

/** How a response was obtained, read by the error middleware. */
export type ResponseMeta = { attempts: number; url: string };

export type Transport = {
  /** Sends `request` with the per-call options; resolves with the final response, whatever its status. */
  send(request: Request | PreparedRequest, call?: CallOptions, control?: SendControl): Promise<Response>;
  /** How many attempts produced `response` (1 when it was not retried). */
  meta(response: Response): ResponseMeta;
};

type AttemptResult =
  | { kind: 'response'; response: Response }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown }
  | { kind: 'aborted' };

/** An attempt the retry policy looks at: an answer with a retryable status, or none. */
type FailedAttempt = Exclude<AttemptResult, { kind: 'aborted' }>;

type LoopInput = {
  request: BufferedRequest;
  headers: HeadersInit;
  signal: AbortSignal | undefined;
  /** Set when `signal` is the SDK's own and its owner aborts these attempts itself (SendControl). */
  followers: Set<AbortController> | undefined;
  settings: RetrySettings;
  replaySafe: boolean;
  /** Attempts of the whole call so far, shared with a replay after renewal; incremented here. */
  counter: { attempts: number };
};

const now = (): number => (globalThis.performance?.now ? globalThis.performance.now() : Date.now());

/**
 * One attempt: send the request and read the whole answer within the attempt's time limit. The body
 * is read here, not later by openapi-fetch, so that a server that sends headers and then stalls still
 * hits the time limit, and so the transport can look at an error body (the invalid-token 400) before
 * deciding to renew credentials. Batch answers are small JSON documents.
 */
async function sendAttempt(
  fetchImpl: typeof globalThis.fetch | undefined,
  input: LoopInput,
  timeoutMs: number,
): Promise<AttemptResult> {
  const attempt = createAttemptSignal(input.signal, timeoutMs, input.followers);
  // Called as a plain function: browsers and Cloudflare Workers refuse a platform fetch whose `this` is
  // anything but the global object or undefined ("Illegal invocation"), e.g. an options object. Without
  // a fetch of the user's, the runtime's own is looked up now, not when the client was made
  // (test/transport/fetch-invocation.test.ts).
  const fetchFn = fetchImpl ?? globalThis.fetch;
  try {
    const response = await fetchFn(input.request.url, input.request.init(input.headers, attempt.signal));
    return { kind: 'response', response: serveBufferedBody(response, await readWholeBody(response)) };
  } catch (error) {
    if (input.signal?.aborted) return { kind: 'aborted' };
    if (attempt.timedOut()) return { kind: 'timeout' };
    return { kind: 'network', error };
  } finally {
    attempt.dispose();
  }
}

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

const NO_CONTROL: SendControl = Object.freeze({});
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Only a 401 or a 400 can say the credentials were rejected: the others need no look at the body. */
const mayRejectCredentials = (response: Response): boolean => response.status === 401 || response.status === 400;

/** 401, or the 400 the API has been seen to give an expired token (test/auth/relogin.test.ts). */
async function rejectsCredentials(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  if (response.status !== 400) return false;
  const body = await readErrorBody(response.clone());
  const { message } = describeErrorBody(400, body, response.headers.get('content-type') ?? '');
  return isInvalidCredentialsAnswer(400, message);
}

/**
 * A promise from any realm: not `instanceof Promise`, which is false for a promise made by another
 * realm's `Promise`, e.g. the platform's `Request.arrayBuffer()` seen from code that Jest runs in a
 * `vm` context (test/runtimes/, the Jest row).
 */
const isThenable = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown }).then === 'function';

/** How a response was obtained, kept on the response itself (a WeakMap entry per call costs more). */
const META = Symbol('soracom-batch.meta');

export function createTransport(options: TransportOptions): Transport {
  const { log } = options;

  /**
   * Resolves with the final response, whatever its status (the error middleware turns a non-2xx into
   * an error); rejects with a `ConnectionError` or `TimeoutError` when no answer came, or with the
   * signal's reason when the caller aborted (`send` turns that into the caller's error).
   */
  async function retryLoop(input: LoopInput): Promise<Response> {
    const { request, settings } = input;
    const where = `${request.method} ${request.path}`;
    for (let attempt = 1; ; attempt++) {
      input.signal?.throwIfAborted();
      input.counter.attempts++;
      // Read and built only when debug is on: this runs on every attempt of every call.
      const debug = log.enabled('debug');
      const started = debug ? now() : 0;
      const result = await sendAttempt(options.fetch, input, settings.timeoutMs);
      if (result.kind === 'aborted') throw input.signal?.reason;
      if (debug) {
        log.debug(
          `${where} → ${describeFailure(result)} (attempt ${input.counter.attempts}, ${Math.round(now() - started)} ms)`,
        );
      }
      if (result.kind === 'response' && !RETRYABLE_STATUSES.has(result.response.status)) return result.response;

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

      const response = result.kind === 'response' ? result.response : undefined;
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

  async function send(
    request: Request | PreparedRequest,
    call?: CallOptions,
    control: SendControl = NO_CONTROL,
  ): Promise<Response> {
    const resolved = options.resolveCall(call);
    const signal = control.signal ?? resolved.signal ?? request.signal ?? undefined;
    const counter = { attempts: 0 };
    const auth = options.auth();
    try {
      signal?.throwIfAborted();
      // The SDK's own requests are buffered at once; awaiting only what is a promise saves a turn of
      // the event loop's job queue on every call.
      const pending = bufferRequest(request);
      const buffered = isThenable(pending) ? await pending : pending;
      for (let replayed = false; ; replayed = true) {
        const issued = control.anonymous ? NO_HEADERS : auth.headers(signal);
        const credentials = isThenable(issued) ? await issued : issued;
        const response = await retryLoop({
          request: buffered,
          headers: buffered.headersWith(credentials, resolved.headers),
          signal,
          followers: signal === control.signal ? control.followers : undefined,
          settings: resolved,
          replaySafe: control.replaySafe === true,
          counter,
        });
        // A rejected request did not run, so replaying it (even a POST) is safe. Only once: a second
        // rejection right after fresh credentials will not be cured by a third.
        if (!control.anonymous && !replayed && mayRejectCredentials(response) && (await rejectsCredentials(response))) {
          log.info(
            `${request.method} ${buffered.path} answered ${response.status}: renewing the credentials and replaying once`,
          );
          if (await auth.renew(credentials, signal)) continue;
        }
        (response as { [META]?: ResponseMeta })[META] = { attempts: counter.attempts, url: request.url };
        return response;
      }
    } catch (error) {
      if (signal?.aborted) {
        throw createTransportError({
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

  return {
    send,
    meta: (response) => (response as { [META]?: ResponseMeta })[META] ?? { attempts: 1, url: response.url },
  };
}
