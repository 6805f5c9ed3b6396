/**
 * Where a request that got no usable answer was going, shared by the transport-level errors.
 *
 * @inline
 */
export type RequestDetails = {
  /** HTTP method, upper case. */
  method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  attempts: number;
};

export function requestDetailsJson(details: RequestDetails): Record<string, unknown> {
  return { method: details.method, path: details.path, attempts: details.attempts };
}
