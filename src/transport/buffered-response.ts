/**
 * The answer of one attempt with its body already read (send-attempt.ts reads it within the
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

type Buffered = Response & { [BYTES]: ArrayBuffer; [STREAM]?: ReadableStream<Uint8Array> | null };

/** Statuses whose response must not have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
let decoder: TextDecoder | undefined;
function decode(bytes: ArrayBuffer): string {
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
      return this[BYTES].slice(0);
    },
  },
  bytes: {
    value: async function bytes(this: Buffered) {
      return new Uint8Array(this[BYTES].slice(0));
    },
  },
  blob: {
    value: async function blob(this: Buffered) {
      return new Blob([this[BYTES]], { type: this.headers.get('content-type') ?? '' });
    },
  },
  clone: {
    value: function clone(this: Buffered) {
      return new Response(NULL_BODY_STATUSES.has(this.status) ? null : this[BYTES].slice(0), {
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

/**
 * A response that serves `bytes` (its body, already read by the caller): the same object when it is
 * a plain `Response` of this runtime, else (a custom `fetch`'s own response class, a subclass) a copy,
 * so no class ever loses members it relies on.
 */
export function serveBufferedBody(response: Response, bytes: ArrayBuffer): Response {
  nativePrototype ??= globalThis.Response?.prototype;
  if (nativePrototype === undefined || Object.getPrototypeOf(response) !== nativePrototype) {
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
  bufferedPrototype ??= Object.create(nativePrototype, bufferedMembers) as object;
  (response as Buffered)[BYTES] = bytes;
  Object.setPrototypeOf(response, bufferedPrototype);
  return response;
}
