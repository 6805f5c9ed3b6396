/**
 * The `fetch` that openapi-fetch calls, once per request. It sits beneath openapi-fetch's
 * middleware so that it can re-send a request, which middleware cannot: it adds the credentials
 * and, where the API rejects them, renews and replays.
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { CallOptions } from './call-options.js';

export type TransportOptions = {
  fetch: typeof globalThis.fetch;
  auth: AuthSession;
};

/** Metadata about how a response was obtained, read by the error factory. */
export type ResponseMeta = { attempts: number; url: string };

export type Transport = {
  /** Sends `request` with the per-call options; resolves with the final response. */
  send(request: Request, call?: CallOptions): Promise<Response>;
  /** How many attempts produced `response` (1 when it was not retried). */
  meta(response: Response): ResponseMeta;
};

export function createTransport(options: TransportOptions): Transport {
  const metas = new WeakMap<Response, ResponseMeta>();

  async function send(request: Request, call: CallOptions = {}): Promise<Response> {
    const signal = call.signal ?? request.signal;
    signal?.throwIfAborted();
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(await options.auth.headers(signal))) headers.set(name, value);
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const response = await options.fetch(
      new Request(request.url, { method: request.method, headers, body, signal, redirect: request.redirect }),
    );
    metas.set(response, { attempts: 1, url: request.url });
    return response;
  }

  return { send, meta: (response) => metas.get(response) ?? { attempts: 1, url: response.url } };
}
