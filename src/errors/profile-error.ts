import { SoracomError } from './soracom-error.js';

/**
 * A soracom-cli profile (or the environment) could not be used: missing, readable by others,
 * malformed JSON, or a field of the wrong type. `file` and `field` say where; the message says the
 * fix. Values are never echoed: profile files hold secrets.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { fromProfile, isProfileError } from 'soracom-batch/node';
 *
 * try {
 *   const batch = createBatchClient(fromProfile('prod'));
 * } catch (error) {
 *   if (!isProfileError(error)) throw error;
 *   console.error(`${error.file}${error.field ? ` (${error.field})` : ''}: ${error.message}`);
 * }
 * ```
 * @category Errors
 */
export class ProfileError extends SoracomError {
  static override readonly kind: string = 'ProfileError';
  /** The profile file (or `environment` for a variable). */
  readonly file: string;
  /** The field or variable at fault, when one is. */
  readonly field: string | undefined;

  constructor(message: string, details: { file: string; field?: string }) {
    super(message);
    this.file = details.file;
    this.field = details.field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), file: this.file, field: this.field };
  }
}
