/**
 * The light request object of the floors (openapi-fetch-baseline.ts, in-memory.ts): openapi-fetch's
 * `Request` option builds it instead of a whole `Request`, and the floor's `fetch` sends its fields. The
 * SDK itself no longer does this (it sends real `Request`s through one openapi-fetch client); the floors
 * keep it as what openapi-fetch alone can be made to cost.
 */
export class PreparedRequest {
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly signal: AbortSignal | undefined;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? undefined;
  }
}
