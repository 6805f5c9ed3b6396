/**
 * The request and response objects the transport handles.
 *
 * - `PreparedRequest`: what openapi-fetch builds for an operation method when nothing but the SDK reads
 *   it, instead of a whole `Request`.
 * - `BufferedRequest`: a request whose body has been read once, so each attempt can send it again (a
 *   `Request` body is a stream that can be consumed only once, which is also why openapi-fetch
 *   middleware cannot re-send).
 * - `serveBufferedBody`: the answer of one attempt with its body already read, handed on as the same
 *   `Response` object.
 */

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
 * middleware of the user's is registered on `.raw` (client/client.ts). Middleware may do
 * anything a `Request` allows (`clone()`, `new Request(request, ...)`, read the body), so as soon as
 * there is one, every call builds a real `Request` again, and `.raw` calls always do.
 */
export class PreparedRequest {
  // Declared only (set in the constructor): no field initialisers in the bundle.
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly redirect: RequestRedirect;
  declare readonly signal: AbortSignal | undefined;
  /** The body as openapi-fetch serialized it (a JSON string for the Batch API), sent as it is. */
  declare readonly payload: BodyInit | undefined;

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

export type BufferedRequest = {
  method: string;
  url: string;
  /** The path without the query string, for messages and logs (worked out when first asked for). */
  readonly path: string;
  /**
   * The request's headers with `credentials` and then `extra` set over them (a name set again, in any
   * case, replaces the earlier value rather than being sent twice).
   */
  headersWith(credentials: Record<string, string>, extra: Record<string, string>): HeadersInit;
  /**
   * The `fetch` arguments of one attempt, with these headers and that attempt's signal. A URL and an
   * init rather than a `Request`: constructing a `Request` per attempt costs more than the rest of an
   * attempt's own work (bench/RESULTS.md, per-call overhead), and `fetch(url, init)` is the same request.
   * Only what is set is passed: fetch converts every member of `init` it finds, and a GET has no body.
   */
  init(headers: HeadersInit, signal: AbortSignal | undefined): RequestInit;
};

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function assignAll(record: Record<string, string>, values: Record<string, string>): void {
  for (const name in values) record[name.toLowerCase()] = values[name] as string;
}

/** One class for both kinds of request, so a call allocates no closures for it. */
class SendableRequest implements BufferedRequest {
  // Declared only (set in the constructor): no field initialisers in the bundle.
  declare readonly method: string;
  declare readonly url: string;
  declare private readonly redirect: RequestRedirect;
  declare private readonly body: BodyInit | undefined;
  /** The SDK's own request: its Headers (openapi-fetch's, made for this call alone) are set in place. */
  declare private readonly own: Headers | undefined;
  /** A `Request`'s headers, copied once into a record (names in lower case): the `Request` is left as it is. */
  declare private copied: Record<string, string> | undefined;
  declare private pathname: string | undefined;

  constructor(request: Request | PreparedRequest, body: BodyInit | undefined) {
    this.method = request.method;
    this.url = request.url;
    this.redirect = request.redirect;
    this.body = body;
    if (request instanceof PreparedRequest) this.own = request.headers;
    else this.copied = headerRecord(request.headers);
  }

  get path(): string {
    this.pathname ??= new URL(this.url).pathname;
    return this.pathname;
  }

  headersWith(credentials: Record<string, string>, extra: Record<string, string>): HeadersInit {
    if (this.own) {
      try {
        for (const name in credentials) this.own.set(name, credentials[name] as string);
        for (const name in extra) this.own.set(name, extra[name] as string);
        return this.own;
      } catch {
        // A name or value fetch would refuse: sent as a record instead, for fetch to refuse as it
        // refuses one in a Request's headers.
      }
    }
    this.copied ??= headerRecord(this.own as Headers);
    const headers = { ...this.copied };
    assignAll(headers, credentials);
    assignAll(headers, extra);
    return headers;
  }

  init(headers: HeadersInit, signal: AbortSignal | undefined): RequestInit {
    // fetch copies an ArrayBuffer or string body, so every attempt sends all of it.
    const init: RequestInit = { method: this.method, headers };
    if (this.body !== undefined) init.body = this.body;
    if (signal !== undefined) init.signal = signal;
    if (this.redirect !== 'follow') init.redirect = this.redirect;
    return init;
  }
}

/** The SDK's own prepared requests carry their body as a string already: nothing to read. */
export function bufferRequest(request: Request | PreparedRequest): BufferedRequest | Promise<BufferedRequest> {
  if (request instanceof PreparedRequest) return new SendableRequest(request, request.payload);
  if (request.body === null) return new SendableRequest(request, undefined);
  return request.arrayBuffer().then((body) => new SendableRequest(request, body));
}

/**
 * The answer of one attempt with its body already read (`sendAttempt` in transport.ts reads it within the
 * attempt's time limit), handed on as the same `Response` object.
 *
 * Copying it into a `new Response(bytes, ...)` instead costs as much as everything else the SDK adds
 * to a call (bench/RESULTS.md, per-call overhead), so the original keeps its identity, status, headers
 * and `url`, and only its body accessors change: the object's prototype becomes one shared prototype
 * (itself inheriting from `Response.prototype`, so `instanceof Response` and every other member work)
 * whose `text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()`, `clone()` and `body` answer from the
 * bytes read, as often as asked. Nothing is added per response but the bytes: no closures, no copies
 * that outlive it.
 */

const BYTES = Symbol('soracom-batch.body');
const STREAM = Symbol('soracom-batch.bodyStream');

/** The body as read: one view of the bytes (a chunk as it came, or the chunks joined), never changed. */
type Bytes = Uint8Array<ArrayBuffer>;
type Buffered = Response & { [BYTES]: Bytes; [STREAM]?: ReadableStream<Uint8Array> | null };

/** Statuses whose response must not have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
let decoder: TextDecoder | undefined;
function decode(bytes: Bytes): string {
  decoder ??= new TextDecoder();
  return decoder.decode(bytes);
}

const bufferedMembers: PropertyDescriptorMap = {
  text: {
    value: async function text(this: Buffered) {
      return decode(this[BYTES]);
    },
  },
  json: {
    value: async function json(this: Buffered) {
      return JSON.parse(decode(this[BYTES])) as unknown;
    },
  },
  arrayBuffer: {
    value: async function arrayBuffer(this: Buffered) {
      return this[BYTES].slice().buffer;
    },
  },
  bytes: {
    value: async function bytes(this: Buffered) {
      return this[BYTES].slice();
    },
  },
  blob: {
    value: async function blob(this: Buffered) {
      return new Blob([this[BYTES]], { type: this.headers.get('content-type') ?? '' });
    },
  },
  clone: {
    value: function clone(this: Buffered) {
      return new Response(NULL_BODY_STATUSES.has(this.status) ? null : this[BYTES].slice(), {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
    },
  },
  body: {
    get(this: Buffered) {
      if (this[STREAM] === undefined) {
        this[STREAM] = NULL_BODY_STATUSES.has(this.status) ? null : new Blob([this[BYTES]]).stream();
      }
      return this[STREAM];
    },
  },
  // The bytes can be read again and again: the body is never used up.
  bodyUsed: { get: () => false },
};

// The runtime's own Response, as it was at the first answer (a later swap of the global, such as a
// test's counting subclass, is a custom class like any other). Read then, not when the module loads:
// in Node, touching the global `Response` loads undici, which would double the SDK's import time.
let nativePrototype: object | undefined;
let bufferedPrototype: object | undefined;

/** Whether `response` is a plain `Response` of this runtime (not a custom `fetch`'s own class or a subclass). */
function isNative(response: Response): boolean {
  nativePrototype ??= globalThis.Response?.prototype;
  return nativePrototype !== undefined && Object.getPrototypeOf(response) === nativePrototype;
}

/**
 * Reads the whole body of `response`. A plain `Response` of this runtime is read from its stream, which
 * keeps the chunks as they came (joined only when there are several): `arrayBuffer()` would copy the
 * whole body once more into a new buffer, on every answer (bench/RESULTS.md, pagination speed).
 */
export async function readWholeBody(response: Response): Promise<Bytes> {
  if (!isNative(response)) return new Uint8Array(await response.arrayBuffer());
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Bytes[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value as Bytes);
  const [only] = chunks;
  // A plain view of the one chunk: a Node `Buffer` (a chunk may be one) slices without copying.
  if (chunks.length === 1 && only) return new Uint8Array(only.buffer, only.byteOffset, only.byteLength);
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

/**
 * A response that serves `bytes` (its body, already read by the caller): the same object when it is
 * a plain `Response` of this runtime, else (a custom `fetch`'s own response class, a subclass) a copy,
 * so no class ever loses members it relies on.
 */
export function serveBufferedBody(response: Response, bytes: Bytes): Response {
  if (!isNative(response)) {
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
  bufferedPrototype ??= Object.create(nativePrototype as object, bufferedMembers) as object;
  (response as Buffered)[BYTES] = bytes;
  Object.setPrototypeOf(response, bufferedPrototype);
  return response;
}
