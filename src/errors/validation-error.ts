import { SoracomError } from './soracom-error.js';

/**
 * Bad input caught before any request is sent. `argument` names what was wrong (an option, a
 * parameter, a task field) and `rule` the rule it broke, so the message can tell the caller the fix.
 *
 * @example
 * ```ts
 * import { isBatchValidationError, tasks } from 'soracom-batch';
 *
 * try {
 *   tasks.setSimGroup(simId, '');
 * } catch (error) {
 *   if (!isBatchValidationError(error)) throw error;
 *   console.error(error.argument, error.rule); // setSimGroup.groupId must not be empty
 * }
 * ```
 * @category Errors
 */
export class BatchValidationError extends SoracomError {
  static override readonly kind: string = 'BatchValidationError';
  /** What was wrong: an option, a parameter or a task field, e.g. `options.timeoutMs` or `putSimTags.tags`. */
  readonly argument: string;
  /** The rule it broke, e.g. `must be a non-empty string`. */
  readonly rule: string;

  constructor(argument: string, rule: string, message?: string) {
    super(message ?? `${argument}: ${rule}`);
    this.argument = argument;
    this.rule = rule;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), argument: this.argument, rule: this.rule };
  }
}
