/**
 * `maxLength` as JSON Schema (and so the API's validator) counts it: in Unicode code points, not the
 * UTF-16 units of `String.length`; an emoji is one character, not two.
 */
import { BatchValidationError } from '../errors/validation-error.js';
import { describeValue } from './describe-value.js';

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Checks an optional string field; `undefined` passes. */
export function checkTextLength(argument: string, value: unknown, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    throw new BatchValidationError(
      argument,
      'must be a string',
      `${argument} must be a string (got ${describeValue(value)})`,
    );
  }
  // A string of at most `max` UTF-16 units has at most `max` code points: no need to count.
  if (value.length <= max) return;
  const length = codePointLength(value);
  if (length > max) {
    throw new BatchValidationError(
      argument,
      `must be at most ${max} characters`,
      `${argument} must be at most ${max} characters (got ${length})`,
    );
  }
}
