import type { RequestDetails } from './request-details.js';
import { SoracomError } from './soracom-error.js';

/**
 * The last attempt did not complete (headers and body) within `timeoutMs` (a per-attempt limit).
 *
 * @example
 * ```ts
 * import { isTimeoutError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchJob({ batch_group_id, job_id }, { timeoutMs: 5_000, maxRetries: 1 });
 * } catch (error) {
 *   if (!isTimeoutError(error)) throw error;
 *   console.error(`${error.path}: no answer within ${error.timeoutMs} ms, ${error.attempts} attempts`);
 * }
 * ```
 * @category Errors
 */
export class TimeoutError extends SoracomError {
  static override readonly kind: string = 'TimeoutError';
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  readonly path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  readonly attempts: number;
  /** The per-attempt time limit that was reached, in ms. */
  readonly timeoutMs: number;

  constructor(message: string, details: RequestDetails & { timeoutMs: number }) {
    super(message);
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.timeoutMs = details.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      method: this.method,
      path: this.path,
      attempts: this.attempts,
      timeoutMs: this.timeoutMs,
    };
  }
}
