/**
 * The answer of one attempt with its body already read (send-attempt.ts reads it within the attempt's
 * time limit). Rather than copying it into a `new Response`, which costs about as much as the rest of a
 * call's own work (bench/RESULTS.md, per-call overhead), the original response keeps its status,
 * headers and identity and serves the bytes read: `text()`, `json()`, `arrayBuffer()`, `bytes()`,
 * `blob()` and `clone()` answer from the buffer, as often as asked.
 */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function withBufferedBody(response: Response, bytes: ArrayBuffer): Response {
  let text: string | undefined;
  const decoded = () => (text ??= new TextDecoder().decode(bytes));
  const own = (value: unknown) => ({ value, configurable: true, writable: true });
  Object.defineProperties(response, {
    text: own(async () => decoded()),
    json: own(async () => JSON.parse(decoded()) as unknown),
    arrayBuffer: own(async () => bytes.slice(0)),
    bytes: own(async () => new Uint8Array(bytes.slice(0))),
    blob: own(async () => new Blob([bytes], { type: response.headers.get('content-type') ?? '' })),
    clone: own(
      () =>
        new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes.slice(0), {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
    ),
  });
  return response;
}
