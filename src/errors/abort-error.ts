import type { RequestDetails } from './request-details.js';
import { SoracomError } from './soracom-error.js';

/**
 * The caller aborted the call (its `signal`) without giving a reason of its own. When the signal was
 * aborted with a reason (`controller.abort(reason)`, `AbortSignal.timeout()`), the call rejects with
 * that reason unchanged instead. Its `name` is `AbortError`, like the DOM's, so code checking
 * `error.name === 'AbortError'` keeps working; `cause` is the signal's own reason.
 *
 * @example
 * ```ts
 * import { isAbortError } from 'soracom-batch';
 *
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1_000);
 * try {
 *   await batch.listBatchGroups({}, { signal: controller.signal });
 * } catch (error) {
 *   if (!isAbortError(error)) throw error;
 *   console.log(`cancelled ${error.method} ${error.path}`);
 * }
 * ```
 * @category Errors
 */
export class AbortError extends SoracomError {
  static override readonly kind: string = 'AbortError';
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  readonly path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  readonly attempts: number;

  constructor(message: string, details: RequestDetails & { cause?: unknown }) {
    super(message, { cause: details.cause });
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path, attempts: this.attempts };
  }
}
