import { SoracomError } from './soracom-error.js';

/**
 * Bad input caught before any request is sent. `argument` names what was wrong (an option, a
 * parameter, a task field) and `rule` the rule it broke, so the message can tell the caller the fix.
 */
export class BatchValidationError extends SoracomError {
  static override readonly kind: string = 'BatchValidationError';
  readonly argument: string;
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
