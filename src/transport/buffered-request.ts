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
  /** Builds the request for one attempt, with these headers and that attempt's signal. */
  build(headers: Headers, signal: AbortSignal): Request;
};

export async function bufferRequest(request: Request): Promise<BufferedRequest> {
  const body = request.body === null ? undefined : await request.arrayBuffer();
  return {
    method: request.method,
    url: request.url,
    path: new URL(request.url).pathname,
    headers: new Headers(request.headers),
    // The Request constructor copies an ArrayBuffer body, so every attempt gets its own.
    build: (headers, signal) =>
      new Request(request.url, { method: request.method, headers, body, signal, redirect: request.redirect }),
  };
}
