/** An IMSI, the `key` of a VPG fixed-IP mapping entry: exactly 15 decimal digits (soracom-facts: "IMSI 15 digits"). */
import { BatchValidationError } from '../errors/validation-error.js';
import { describeValue } from './describe-value.js';

const IMSI = /^[0-9]{15}$/;

export function checkImsi(argument: string, value: unknown): string {
  if (typeof value !== 'string') {
    // A number would lose nothing at 15 digits, but IMSIs may start with 0 and are strings in the API.
    throw new BatchValidationError(
      argument,
      'must be a string',
      `${argument} must be an IMSI string (got ${describeValue(value)})`,
    );
  }
  if (!IMSI.test(value)) {
    throw new BatchValidationError(
      argument,
      'must be an IMSI of 15 digits',
      `${argument} must be an IMSI of 15 digits, e.g. "440101234567890" (got ${describeValue(value)})`,
    );
  }
  return value;
}
