/**
 * A fault-injecting HTTP proxy for the chaos tier, in front of the emulator: it forwards every request
 * and, for the requests a rule matches, breaks the exchange the way networks do. What only the server
 * can do (a create processed late, a job without a summary, a 2xx body that is not JSON) is the
 * emulator's own `faults` and controls.
 *
 * - `drop-answer`: the request reaches the server and is handled; the client's connection is cut before
 *   the answer arrives (a lost answer: the client cannot know the job was made).
 * - `reset`: the connection is cut before the request is forwarded (the server never sees it).
 * - `delay-answer`: the answer is held for `delayMs` (longer than the client's time limit: a timeout).
 * - `transform`: the request is handled; the answer the client gets is `transform(answer)` (a server that
 *   answers a create with another job, repeats a page, loses its next key, calls a job finished early).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultAction = 'drop-answer' | 'reset' | 'delay-answer' | 'transform';

/** An answer as the proxy got it from the server, and as `transform` hands it on. */
export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export type ProxyRule = {
  method: string;
  /** Matched against the request path (without the query). */
  path: RegExp;
  action: FaultAction;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  delayMs?: number;
  /** For `transform`: the answer the client gets instead of the server's. */
  transform?: (answer: Answer, path: string) => Answer;
};

export type FaultProxy = {
  /** The proxy's base URL, `/v1` included, as the client's `baseUrl`. */
  baseUrl: string;
  add(rule: ProxyRule): void;
  /** Faults applied so far, as `METHOD path action`. */
  applied: string[];
  close(): Promise<void>;
};

export const CREATE_JOB = { method: 'POST', path: /^\/v1\/batch_groups\/[^/]+\/jobs$/ };
export const GET_JOB = { method: 'GET', path: /^\/v1\/batch_groups\/[^/]+\/jobs\/[^/]+$/ };
export const LIST_TASKS = { method: 'GET', path: /^\/v1\/batch_groups\/[^/]+\/jobs\/[^/]+\/tasks$/ };

/** A proxy to `upstream` (the emulator's origin, e.g. `http://127.0.0.1:PORT`) on a free loopback port. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: Array<ProxyRule & { left: number }> = [];
  const applied: string[] = [];
  const take = (req: IncomingMessage): ProxyRule | undefined => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const rule = rules.find((r) => r.left > 0 && r.method === req.method && r.path.test(path));
    if (!rule) return undefined;
    rule.left--;
    applied.push(`${req.method} ${path} ${rule.action}`);
    return rule;
  };
  const server: Server = createServer((req, res) => {
    const rule = take(req);
    const action = rule?.action;
    if (action === 'reset') {
      req.socket.destroy();
      return;
    }
    const delay = action === 'delay-answer' ? (rule?.delayMs ?? 0) : 0;
    const upstreamReq = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          if (action === 'drop-answer') {
            req.socket.destroy();
            return;
          }
          let answer: Answer = {
            status: upstreamRes.statusCode ?? 502,
            headers: { ...upstreamRes.headers },
            body: Buffer.concat(chunks).toString('utf8'),
          };
          if (action === 'transform' && rule?.transform) answer = rule.transform(answer, req.url ?? '');
          delete answer.headers['content-length'];
          setTimeout(() => {
            if (res.destroyed) return;
            res.writeHead(answer.status, answer.headers);
            res.end(answer.body);
          }, delay);
        });
      },
    );
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    add: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    applied,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
