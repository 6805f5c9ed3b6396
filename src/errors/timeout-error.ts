import type { RequestDetails } from './request-details.js';
import { SoracomError } from './soracom-error.js';

/** The last attempt did not complete (headers and body) within `timeoutMs` (a per-attempt limit). */
export class TimeoutError extends SoracomError {
  static override readonly kind: string = 'TimeoutError';
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
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
