/**
 * The HTTP side: one request goes latency → route → injected fault → authentication → handler, and
 * every answer is JSON (`{code, message}` for errors), carries the CORS headers, and makes one request
 * log entry. Nothing here knows about batch jobs.
 *
 * CORS (on by default) lets a browser app be tested against the emulator: a preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) is answered 204 at once, before latency, faults and the request
 * log, since it is the browser asking permission, not an API request; every other answer carries
 * `Access-Control-Allow-Origin` and exposes the headers a client reads (`x-soracom-next-key` for
 * pagination, `retry-after` and Soracom's rate-limit headers for retries). Soracom documents those
 * rate-limit headers at https://changelog.soracom.io/soracom-api-now-returns-rate-limit-information-as-a-response-4ff1VS.
 *
 * The request log is what tests see of the traffic: method, path, query, operation and status of
 * every request. It deliberately keeps no headers and no bodies, so an API key, token or AuthKey
 * secret can never end up in it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthStore, Session } from './auth.js';
import type { NormalizedCors } from './check-options.js';
import { HEADER_NAME } from './checks.js';
import type { ControlHandler } from './control.js';
import { codes, EmulatorHttpError, type ErrorBody, type FaultInjector } from './faults.js';
import type { EmulatorOperationId } from './options.js';
import { matchRoute } from './routes.js';

// What an operation handler receives and answers; the server does the rest.

type RequestContext = {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
  /** The authenticated session, for secured operations. */
  session: Session | undefined;
};

/**
 * An answer: a JSON `body` (an object or array), or a string sent as text (`contentType`, default
 * text/plain); nothing for 204.
 */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; contentType?: string };

export type Handler = (ctx: RequestContext) => Reply;

// The request log.

/**
 * One request the emulator received: method, path, query, operation and status (never headers or bodies).
 *
 * @example
 * ```ts
 * import type { RequestLogEntry } from 'soracom-batch/testing';
 *
 * const polls: RequestLogEntry[] = emulator.state.requests().filter((r) => r.operationId === 'getBatchJob');
 * console.log(`${polls.length} polls`);
 * ```
 * @category Emulator
 */
export type RequestLogEntry = {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  /** When the request arrived (ms since epoch). */
  time: number;
  /** HTTP method, upper case. */
  method: string;
  /** The path as requested, e.g. `/v1/batch_groups` (no query). */
  path: string;
  /** The query string without `?` (empty when none). */
  query: string;
  /** The operation the path and method matched, if any. */
  operationId: EmulatorOperationId | undefined;
  /** The status the emulator answered. */
  status: number;
  /** Whether the answer was an injected fault. */
  fault: boolean;
};

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit: number) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  add(entry: RequestLogEntry): void {
    if (this.limit === 0) return;
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}

// CORS.

const DEFAULT_EXPOSE_HEADERS = [
  'x-soracom-next-key',
  'retry-after',
  'x-soracom-ratelimit-limit',
  'x-soracom-ratelimit-remaining',
  'x-soracom-ratelimit-seconds-before-refresh',
  'x-soracom-request-id',
];
const DEFAULT_ALLOW_HEADERS = ['X-Soracom-API-Key', 'X-Soracom-Token', 'X-Soracom-Lang', 'Content-Type'];
/** The methods of the Batch and auth operations. */
const ALLOW_METHODS = 'GET, POST, PUT, DELETE';

type Cors = NonNullable<NormalizedCors>;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Names once each, ignoring case, first spelling kept. */
function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function allowOrigin(cors: Cors, req: IncomingMessage): Record<string, string> {
  if (cors.allowOrigin !== undefined) return { 'access-control-allow-origin': cors.allowOrigin };
  const origin = header(req, 'origin');
  // An echoed origin differs per request, so caches must key on it.
  return origin === undefined
    ? { 'access-control-allow-origin': '*' }
    : { 'access-control-allow-origin': origin, vary: 'Origin' };
}

function answerCorsHeaders(
  cors: Cors,
  req: IncomingMessage,
  replyHeaders: Record<string, string>,
): Record<string, string> {
  const expose = cors.exposeHeaders ?? unique([...DEFAULT_EXPOSE_HEADERS, ...Object.keys(replyHeaders)]);
  return { ...allowOrigin(cors, req), 'access-control-expose-headers': expose.join(', ') };
}

function preflightHeaders(cors: Cors, req: IncomingMessage): Record<string, string> {
  const headers = allowOrigin(cors, req);
  let allow = cors.allowHeaders;
  if (allow === undefined) {
    const asked = (header(req, 'access-control-request-headers') ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => HEADER_NAME.test(name));
    allow = unique([...DEFAULT_ALLOW_HEADERS, ...asked]);
    headers.vary = [headers.vary, 'Access-Control-Request-Headers'].filter(Boolean).join(', ');
  }
  return {
    ...headers,
    'access-control-allow-methods': ALLOW_METHODS,
    'access-control-allow-headers': allow.join(', '),
    'access-control-max-age': String(cors.maxAgeSeconds),
  };
}

// The server.

/** Big enough for 10,000 tasks with bodies; larger bodies are refused with 413. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

type ServerDeps = {
  handlers: Record<EmulatorOperationId, Handler>;
  /** The control paths (control.ts), answered before anything of the API's. */
  control: ControlHandler;
  auth: AuthStore;
  faults: FaultInjector;
  log: RequestLog;
  /** Live settings: read on every request. */
  settings: { latencyMs: number; expiredTokenStatus: 400 | 401 };
  /** Undefined when CORS is off. */
  cors: NormalizedCors;
  /** Aborted by close(): requests still waiting (latency, processDelayMs) are dropped unanswered. */
  closing: AbortSignal;
};

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EmulatorHttpError(400, codes.invalidJson, 'The request body is not valid JSON');
  }
}

function authError(reason: 'missing' | 'invalid' | 'expired', expiredStatus: number): EmulatorHttpError {
  if (reason === 'missing') {
    return new EmulatorHttpError(
      401,
      codes.missingCredentials,
      'Both X-Soracom-API-Key and X-Soracom-Token headers are required',
    );
  }
  if (reason === 'expired')
    return new EmulatorHttpError(expiredStatus, codes.expiredToken, 'The API token has expired: log in again');
  return new EmulatorHttpError(401, codes.invalidCredentials, 'Invalid API key or token');
}

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  // Every answer carries a request ID, as the API's do (what a support request quotes).
  const headers: Record<string, string> = { 'x-soracom-request-id': randomUUID(), ...reply.headers, ...extraHeaders };
  let payload = '';
  if (reply.status !== 204 && reply.body !== undefined) {
    if (typeof reply.body === 'string') {
      headers['content-type'] = reply.contentType ?? 'text/plain; charset=utf-8';
      payload = reply.body;
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(reply.body);
    }
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

const errorReply = (error: EmulatorHttpError): Reply => ({
  status: error.status,
  body: error.body satisfies ErrorBody,
  headers: error.headers,
});

type Matched = Extract<ReturnType<typeof matchRoute>, { kind: 'matched' }>;

function route(method: string, pathname: string): Matched {
  const route = matchRoute(method, pathname);
  if (route.kind === 'not-found') {
    throw new EmulatorHttpError(
      404,
      codes.routeNotFound,
      `No such API: ${method} ${pathname} (the emulator serves the Batch and auth APIs under /v1)`,
    );
  }
  if (route.kind === 'method-not-allowed') {
    throw new EmulatorHttpError(405, codes.methodNotAllowed, `${method} is not allowed on ${pathname}`, {
      allow: route.allowed.join(', '),
    });
  }
  return route;
}

export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const pause = (ms: number) => (ms > 0 ? sleep(ms, undefined, { signal: deps.closing }) : undefined);

  /** Authentication, then the operation's handler; a refusal becomes its `{code, message}` answer. */
  function answer(matched: Matched, req: IncomingMessage, query: URLSearchParams, text: string): Reply {
    try {
      let session: Session | undefined;
      if (matched.secured) {
        const check = deps.auth.check(req.headers);
        if (!check.ok) {
          // Renewing with an expired token answers 400 ("log in again"), not 401: generateAuthToken in openapi/auth.yaml.
          if (check.reason === 'expired' && matched.operationId === 'generateAuthToken') {
            throw new EmulatorHttpError(
              400,
              codes.renewAfterExpiry,
              'The API token has already expired and cannot be renewed: log in again',
            );
          }
          throw authError(check.reason, deps.settings.expiredTokenStatus);
        }
        session = check.session;
      }
      return deps.handlers[matched.operationId]({ params: matched.params, query, body: parseJson(text), session });
    } catch (error) {
      if (error instanceof EmulatorHttpError) return errorReply(error);
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    res.on('error', () => {}); // a client that went away is not the emulator's problem
    const { cors } = deps;
    if (cors && method === 'OPTIONS' && header(req, 'access-control-request-method') !== undefined) {
      req.resume();
      send(res, { status: 204 }, preflightHeaders(cors, req));
      return;
    }

    const control = deps.control(method, url.pathname);
    if (control) {
      req.resume();
      send(res, control, cors ? answerCorsHeaders(cors, req, control.headers ?? {}) : {});
      return;
    }

    const seq = deps.log.nextSeq();
    const time = Date.now();
    let operationId: EmulatorOperationId | undefined;
    let fault = false;
    let reply: Reply;
    try {
      const text = await readBody(req);
      await pause(deps.settings.latencyMs);
      const matched = route(method, url.pathname);
      operationId = matched.operationId;
      const taken = deps.faults.take(operationId);
      fault = taken !== undefined;
      // A late request is still handled when its client has gone: that is the point of processDelayMs.
      // Until it is, state.whenIdle() waits for it: it may yet create a job.
      const release = taken && taken.processDelayMs > 0 ? deps.faults.holdStarted() : undefined;
      try {
        if (taken) await pause(taken.processDelayMs);
        if (taken?.refusal) reply = taken.refusal;
        else {
          reply = answer(matched, req, url.searchParams, text);
          if (taken) reply = taken.spoil(reply);
        }
      } finally {
        release?.();
      }
    } catch (error) {
      if (deps.closing.aborted) return;
      if (error instanceof EmulatorHttpError) reply = errorReply(error);
      else if (error instanceof BodyTooLarge) {
        reply = errorReply(
          new EmulatorHttpError(413, codes.bodyTooLarge, `The request body is larger than ${MAX_BODY_BYTES} bytes`),
        );
      } else {
        reply = { status: 500, body: { code: codes.internalError, message: `Emulator bug: ${String(error)}` } };
      }
    }
    send(res, reply, cors ? answerCorsHeaders(cors, req, reply.headers ?? {}) : {});
    deps.log.add({
      seq,
      time,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      operationId,
      status: reply.status,
      fault,
    });
  }

  return (req, res) => {
    void handle(req, res);
  };
}
