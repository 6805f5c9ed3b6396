/**
 * The HTTP side: one request goes latency → route → injected fault → authentication → handler, and
 * every answer is JSON (`{code, message}` for errors) and one request log entry. Nothing here knows
 * about batch jobs.
 *
 * The request log is what tests see of the traffic: method, path, query, operation and status of
 * every request. It deliberately keeps no headers and no bodies, so an API key, token or AuthKey
 * secret can never end up in it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthStore, Session } from './auth.js';
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

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

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

// The server.

/** Big enough for 10,000 tasks with bodies; larger bodies are refused with 413. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

type ServerDeps = {
  handlers: Record<EmulatorOperationId, Handler>;
  auth: AuthStore;
  faults: FaultInjector;
  log: RequestLog;
  /** Live settings: read on every request. */
  settings: { latencyMs: number; expiredTokenStatus: 400 | 401 };
  /** Set by close(): requests still waiting are dropped. */
  isClosed: () => boolean;
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

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.status !== 204 && reply.body !== undefined) {
    if (typeof reply.body === 'string') {
      headers['content-type'] = 'text/plain; charset=utf-8';
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

export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seq = deps.log.nextSeq();
    const time = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    let operationId: EmulatorOperationId | undefined;
    let fault = false;
    let reply: Reply;
    res.on('error', () => {}); // a client that went away is not the emulator's problem

    try {
      const text = await readBody(req);
      if (deps.settings.latencyMs > 0) await sleep(deps.settings.latencyMs);
      if (deps.isClosed()) return;
      const route = matchRoute(method, url.pathname);
      if (route.kind === 'not-found') {
        throw new EmulatorHttpError(
          404,
          codes.routeNotFound,
          `No such API: ${method} ${url.pathname} (the emulator serves the Batch and auth APIs under /v1)`,
        );
      }
      if (route.kind === 'method-not-allowed') {
        throw new EmulatorHttpError(405, codes.methodNotAllowed, `${method} is not allowed on ${url.pathname}`, {
          allow: route.allowed.join(', '),
        });
      }
      operationId = route.operationId;
      const injected = deps.faults.take(route.operationId);
      if (injected) {
        fault = true;
        reply = { status: injected.status, body: injected.body, headers: injected.headers };
      } else {
        let session: Session | undefined;
        if (route.secured) {
          const check = deps.auth.check(req.headers);
          if (!check.ok) {
            // Renewing with an expired token is documented as 400 ("log in again"), not 401.
            if (check.reason === 'expired' && route.operationId === 'generateAuthToken') {
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
        reply = deps.handlers[route.operationId]({
          params: route.params,
          query: url.searchParams,
          body: parseJson(text),
          session,
        });
      }
    } catch (error) {
      if (error instanceof EmulatorHttpError) reply = errorReply(error);
      else if (error instanceof BodyTooLarge) {
        reply = errorReply(
          new EmulatorHttpError(413, codes.bodyTooLarge, `The request body is larger than ${MAX_BODY_BYTES} bytes`),
        );
      } else {
        reply = { status: 500, body: { code: codes.internalError, message: `Emulator bug: ${String(error)}` } };
      }
    }
    send(res, reply);
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
