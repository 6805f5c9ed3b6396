import type { RequestDetails } from './request-details.js';
import { SoracomError } from './soracom-error.js';

/**
 * No HTTP answer: the connection was refused, reset or failed before a response arrived. `cause` is
 * what `fetch` threw (for Node, a `TypeError` whose own `cause` carries the socket `code`, e.g.
 * `ECONNREFUSED`). `notSent` is true when the request provably never reached the server.
 *
 * @example
 * ```ts
 * import { isConnectionError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (!isConnectionError(error)) throw error;
 *   console.error(`no answer after ${error.attempts} attempts`, error.notSent ? '(never sent)' : '', error.cause);
 * }
 * ```
 * @category Errors
 */
export class ConnectionError extends SoracomError {
  static override readonly kind: string = 'ConnectionError';
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  readonly path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  readonly attempts: number;
  /** True when the failure happened before the request could reach the server (e.g. ECONNREFUSED). */
  readonly notSent: boolean;

  constructor(message: string, details: RequestDetails & { cause: unknown; notSent: boolean }) {
    super(message, { cause: details.cause });
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.notSent = details.notSent;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path, attempts: this.attempts, notSent: this.notSent };
  }
}
