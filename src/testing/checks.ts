/**
 * How option values are checked: each check throws `TypeError` (wrong kind of value) or `RangeError`
 * (out of range) with a message that names the option (`startBatchEmulator: options.faults[0].times must
 * be ...`) and the value given, never a secret's value.
 */

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export function typeError(option: string, expected: string, value: unknown): never {
  throw new TypeError(`startBatchEmulator: options.${option} must be ${expected} (got ${describe(value)})`);
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** An integer in [min, max], or the default when undefined. */
export function integerOption(
  option: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) typeError(option, 'a number', value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `startBatchEmulator: options.${option} must be an integer from ${min} to ${max} (got ${value})`,
    );
  }
  return value;
}

/** A non-negative, finite number of milliseconds (fractions allowed), or 0 when undefined. */
export function durationOption(option: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || Number.isNaN(value)) typeError(option, 'a number', value);
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `startBatchEmulator: options.${option} must be a finite number of milliseconds ≥ 0 (got ${value})`,
    );
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A count of times: a positive integer, or `Infinity`. */
export function timesOption(option: string, value: unknown, fallback: number): number {
  return value === Infinity ? Infinity : integerOption(option, value, fallback, 1);
}

/** A status code from 400 to 599: what failing tasks answer. */
export function errorStatus(option: string, value: unknown): number {
  return integerOption(option, value, 500, 400, 599);
}

export function headerList(option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((h) => typeof h !== 'string' || !HEADER_NAME.test(h))) {
    typeError(option, 'an array of header names', value);
  }
  return [...(value as string[])];
}

export function booleanOption(option: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') typeError(option, 'a boolean', value);
  return value === true;
}
