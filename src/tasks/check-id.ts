/**
 * The rules for an ID that goes into a task's path (SIM, group, VPG IDs). Encoding alone would make
 * any string safe to send, but an ID with one of these characters is almost surely a mistake (a
 * pasted URL, a path, a padded CSV cell), and `..` or `.` would be collapsed by URL normalisation
 * and call another resource: refusing them is safer than sending them.
 */
import { BatchValidationError } from '../errors/validation-error.js';
import { describeValue } from './describe-value.js';

/** What the ID must not contain, checked in this order; each entry is one rule. */
const FORBIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/\s/u, 'must not contain whitespace'],
  [/\//, 'must not contain "/"'],
  [/\?/, 'must not contain "?"'],
  [/#/, 'must not contain "#"'],
  [/%/, 'must not contain "%" (pass the ID unencoded; the builder encodes it)'],
  [/\.\./, 'must not contain ".."'],
  [/\p{Cc}/u, 'must not contain control characters'],
  // A lone UTF-16 surrogate cannot be URL-encoded (encodeURIComponent throws URIError).
  [/\p{Cs}/u, 'must be well-formed Unicode'],
];

/** Everything that passes, checked in one go so that valid IDs (the common case) cost one test. */
const QUICK_PASS = /^[A-Za-z0-9_\-:+@=,;!~*'()&$]+$/;

function fail(argument: string, rule: string, value: unknown): never {
  throw new BatchValidationError(argument, rule, `${argument} ${rule} (got ${describeValue(value)})`);
}

/** Returns the ID unchanged, or throws `BatchValidationError` naming `argument` and the rule broken. */
export function checkId(argument: string, value: unknown): string {
  if (typeof value !== 'string') {
    // Numbers are refused too: SIM IDs have 19-20 digits, beyond what a JS number holds exactly.
    fail(argument, 'must be a string', value);
  }
  if (QUICK_PASS.test(value)) return value;
  if (value.trim() === '') fail(argument, 'must not be empty', value);
  for (const [pattern, rule] of FORBIDDEN) if (pattern.test(value)) fail(argument, rule, value);
  if (value === '.') fail(argument, 'must not be "."', value);
  return value;
}
