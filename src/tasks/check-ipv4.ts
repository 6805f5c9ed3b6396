/**
 * A dotted-quad IPv4 address, the `ipAddress` of a VPG fixed-IP mapping. Octets with a leading zero
 * are refused: some parsers read them as octal, so `010.0.0.1` is ambiguous.
 */
import { BatchValidationError } from '../errors/validation-error.js';
import { describeValue } from './describe-value.js';

/**
 * Four octets 0-255 joined by dots; each octet is `25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]`. A literal
 * rather than `new RegExp(...)`: bundlers drop an unused literal, not a constructor call.
 */
const IPV4 = /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;

export function checkIpv4(argument: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new BatchValidationError(
      argument,
      'must be a string',
      `${argument} must be an IPv4 address string (got ${describeValue(value)})`,
    );
  }
  if (!IPV4.test(value)) {
    throw new BatchValidationError(
      argument,
      'must be an IPv4 address',
      `${argument} must be a dotted-quad IPv4 address without leading zeros, e.g. "10.0.0.10" (got ${describeValue(value)})`,
    );
  }
  return value;
}
