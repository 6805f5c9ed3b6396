/**
 * A scripted HTTP server on 127.0.0.1 (a free port) for behaviour tests: each route answers from a
 * queue of replies (the last one repeats), and every request is recorded. Replies can answer JSON,
 * text, HTML or nothing, reset the connection, or never answer. `close()` ends everything.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Recorded = {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
};

export type Reply = (res: ServerResponse, request: Recorded, raw: IncomingMessage) => void | Promise<void>;

export type ScriptedServer = {
  /** Origin, e.g. `http://127.0.0.1:51234`. */
  origin: string;
  /** `origin + '/v1'`: what a client uses as baseUrl. */
  baseUrl: string;
  requests: Recorded[];
  /** Requests to `method path` (path with `/v1`). */
  count(method: string, path: string): number;
  /** Scripts `method path`: the replies are used in order, the last one for every later request. */
  route(method: string, path: string, ...replies: Reply[]): void;
  /** Called for each request before it is answered (e.g. to abort a client at the right moment). */
  onRequest(listener: (request: Recorded) => void): void;
  close(): Promise<void>;
};

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

export const text =
  (status: number, body: string, contentType = 'text/plain', headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(body);
  };

export const empty =
  (status: number, headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, headers);
    res.end();
  };

/** Destroys the connection without any answer (a reset, as a crashed proxy would). */
export const reset = (): Reply => (res) => {
  res.socket?.destroy();
};

/** Never answers; the connection stays open until the client gives up or the server closes. */
export const hang = (): Reply => () => undefined;

/** Answers with `reply` after `ms` (a slow server). */
export const delayed =
  (ms: number, reply: Reply): Reply =>
  (res, request, raw) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(reply(res, request, raw)), ms);
      res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });

export async function startScriptedServer(): Promise<ScriptedServer> {
  const routes = new Map<string, Reply[]>();
  const requests: Recorded[] = [];
  const listeners: Array<(request: Recorded) => void> = [];
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://placeholder');
      const request: Recorded = {
        method: raw.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      for (const listener of listeners) listener(request);
      const queue = routes.get(`${request.method} ${request.path}`);
      const reply = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      if (!reply) {
        json(418, { code: 'TEST0418', message: `unscripted request ${request.method} ${request.path}` })(
          res,
          request,
          raw,
        );
        return;
      }
      void Promise.resolve(reply(res, request, raw)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    requests,
    count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
    route: (method, path, ...replies) => {
      routes.set(`${method} ${path}`, replies);
    },
    onRequest: (listener) => {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
