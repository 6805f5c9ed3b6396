import type { RequestDetails } from './request-details.js';
import { SoracomError } from './soracom-error.js';

/**
 * The caller aborted the call (its `signal`) without giving a reason of its own. When the signal was
 * aborted with a reason (`controller.abort(reason)`, `AbortSignal.timeout()`), the call rejects with
 * that reason unchanged instead. Its `name` is `AbortError`, like the DOM's, so code checking
 * `error.name === 'AbortError'` keeps working; `cause` is the signal's own reason.
 */
export class AbortError extends SoracomError {
  static override readonly kind: string = 'AbortError';
  readonly method: string;
  readonly path: string;
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
