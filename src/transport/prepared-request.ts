/**
 * The request object openapi-fetch builds for an operation method when nothing but the SDK reads it.
 *
 * openapi-fetch constructs one `Request` per call (of the class its `Request` option names), and the
 * transport then sends `fetch(url, init)`, inside which undici constructs another: the first one was
 * a whole `Request` (with its own `Headers`, `AbortController` and body stream) built only to be taken
 * apart again (bench/RESULTS.md, per-call overhead). This class keeps what openapi-fetch hands the
 * constructor as plain fields, for the transport to send as they are.
 *
 * It is not a `Request` and does not pretend to be one: the operation methods use it only while no
 * middleware of the user's is registered on `.raw` (create-batch-client.ts). Middleware may do
 * anything a `Request` allows (`clone()`, `new Request(request, ...)`, read the body), so as soon as
 * there is one, every call builds a real `Request` again, and `.raw` calls always do.
 */
export class PreparedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly redirect: RequestRedirect;
  readonly signal: AbortSignal | undefined;
  /** The body as openapi-fetch serialized it (a JSON string for the Batch API), sent as it is. */
  readonly payload: BodyInit | undefined;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = init.method ?? 'GET';
    // openapi-fetch always passes the Headers it merged; anything else is copied like Request would.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.redirect = init.redirect ?? 'follow';
    this.signal = init.signal ?? undefined;
    this.payload = init.body ?? undefined;
  }
}
