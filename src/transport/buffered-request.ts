/**
 * A request whose body has been read once, so each attempt can be sent as a fresh `Request`: a
 * `Request` body is a stream that can be consumed only once, which is why openapi-fetch middleware
 * cannot re-send (sdk-bar.md, what users ask for #1).
 */
export type BufferedRequest = {
  method: string;
  url: string;
  /** The path without the query string, for messages and logs. */
  path: string;
  headers: Headers;
  /**
   * The `fetch` arguments of one attempt, with these headers and that attempt's signal. A URL and an
   * init rather than a `Request`: constructing a `Request` per attempt costs more than the rest of an
   * attempt's own work (bench/RESULTS.md, per-call overhead), and `fetch(url, init)` is the same request.
   */
  init(headers: Headers, signal: AbortSignal): RequestInit;
};

export async function bufferRequest(request: Request, path: string): Promise<BufferedRequest> {
  const body = request.body === null ? undefined : await request.arrayBuffer();
  return {
    method: request.method,
    url: request.url,
    path,
    headers: new Headers(request.headers),
    // fetch copies an ArrayBuffer body, so every attempt sends all of it.
    init: (headers, signal) => ({ method: request.method, headers, body, signal, redirect: request.redirect }),
  };
}
