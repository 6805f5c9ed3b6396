/**
 * Reads a `fetch` rejection to tell whether the request provably never reached the server. Node's
 * fetch (undici) rejects with `TypeError('fetch failed')` whose `cause` is the socket error with a
 * `code`; a connection attempt to several addresses nests them in an AggregateError. Other runtimes
 * give no code, so their failures count as "may have been sent", the safe side for a POST.
 */

/** Failures that happen before a connection exists, so no byte of the request was sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', // nothing listens on the port
  'ENOTFOUND', // DNS: no such host
  'EAI_AGAIN', // DNS: temporary failure
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', // undici gave up connecting
]);

/** Every `code` found in the error's cause chain (and AggregateError members). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 5 || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const record = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (Array.isArray(record.errors)) for (const member of record.errors) visit(member, depth + 1);
    visit(record.cause, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** True when every code found says the connection was never made (and at least one was found). */
export function failedBeforeSending(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
}
