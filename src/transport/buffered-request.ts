/**
 * A request whose body has been read once, so each attempt can be sent again: a `Request` body is a
 * stream that can be consumed only once, which is why openapi-fetch middleware cannot re-send
 * (sdk-bar.md, what users ask for #1).
 */
import { PreparedRequest } from './prepared-request.js';

export type BufferedRequest = {
  method: string;
  url: string;
  /** The path without the query string, for messages and logs (worked out when first asked for). */
  readonly path: string;
  /** The request's headers, names in lower case. */
  headers: Record<string, string>;
  /**
   * The `fetch` arguments of one attempt, with these headers and that attempt's signal. A URL and an
   * init rather than a `Request`: constructing a `Request` per attempt costs more than the rest of an
   * attempt's own work (bench/RESULTS.md, per-call overhead), and `fetch(url, init)` is the same request.
   */
  init(headers: Record<string, string>, signal: AbortSignal | undefined): RequestInit;
};

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function buffered(request: Request | PreparedRequest, body: BodyInit | undefined): BufferedRequest {
  const { method, url, redirect } = request;
  let path: string | undefined;
  return {
    method,
    url,
    get path() {
      path ??= new URL(url).pathname;
      return path;
    },
    headers: headerRecord(request.headers),
    // fetch copies an ArrayBuffer or string body, so every attempt sends all of it.
    init: (headers, signal) => ({ method, headers, body, signal, redirect }),
  };
}

/** The SDK's own prepared requests carry their body as a string already: nothing to read. */
export function bufferRequest(request: Request | PreparedRequest): BufferedRequest | Promise<BufferedRequest> {
  if (request instanceof PreparedRequest) return buffered(request, request.payload);
  if (request.body === null) return buffered(request, undefined);
  return request.arrayBuffer().then((body) => buffered(request, body));
}
