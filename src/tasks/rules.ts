/**
 * The input rules of the task builders, each throwing a `BatchValidationError` that names the argument
 * and the rule broken: IDs that go into a task's path, IMSIs, IPv4 addresses, text lengths and tags.
 */
import type { components } from '../../generated/actions.js';
import { BatchValidationError, describeValue } from '../errors/errors.js';

/**
 * The rules for an ID that goes into a task's path (SIM, group, VPG IDs). Encoding alone would make
 * any string safe to send, but an ID with one of these characters is almost surely a mistake (a
 * pasted URL, a path, a padded CSV cell), and `..` or `.` would be collapsed by URL normalisation
 * and call another resource: refusing them is safer than sending them.
 */

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
  throw new BatchValidationError(argument, rule, ` (got ${describeValue(value)})`);
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

/** An IMSI, the `key` of a VPG fixed-IP mapping entry: exactly 15 decimal digits (ITU-T E.212). */

const IMSI = /^[0-9]{15}$/;

export function checkImsi(argument: string, value: unknown): string {
  if (typeof value !== 'string') {
    // A number would lose nothing at 15 digits, but IMSIs may start with 0 and are strings in the API.
    throw new BatchValidationError(argument, 'must be a string', ` (an IMSI; got ${describeValue(value)})`);
  }
  if (!IMSI.test(value)) {
    throw new BatchValidationError(
      argument,
      'must be an IMSI of 15 digits',
      `, e.g. "440101234567890" (got ${describeValue(value)})`,
    );
  }
  return value;
}

/**
 * A dotted-quad IPv4 address, the `ipAddress` of a VPG fixed-IP mapping. Octets with a leading zero
 * are refused: some parsers read them as octal, so `010.0.0.1` is ambiguous.
 */

/**
 * Four octets 0-255 joined by dots; each octet is `25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]`. A literal
 * rather than `new RegExp(...)`: bundlers drop an unused literal, not a constructor call.
 */
const IPV4 = /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;

export function checkIpv4(argument: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new BatchValidationError(argument, 'must be a string', ` (an IPv4 address; got ${describeValue(value)})`);
  }
  if (!IPV4.test(value)) {
    throw new BatchValidationError(
      argument,
      'must be an IPv4 address',
      ` (dotted quad, no leading zeros, e.g. "10.0.0.10"; got ${describeValue(value)})`,
    );
  }
  return value;
}

/**
 * `maxLength` as JSON Schema (and so the API's validator) counts it: in Unicode code points, not the
 * UTF-16 units of `String.length`; an emoji is one character, not two.
 */

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Checks an optional string field; `undefined` passes. */
export function checkTextLength(argument: string, value: unknown, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    throw new BatchValidationError(argument, 'must be a string', ` (got ${describeValue(value)})`);
  }
  // A string of at most `max` UTF-16 units has at most `max` code points: no need to count.
  if (value.length <= max) return;
  const length = codePointLength(value);
  if (length > max) {
    throw new BatchValidationError(argument, `must be at most ${max} characters`, ` (got ${length})`);
  }
}

/**
 * The tags of `tasks.putSimTags`, given as the API's list (`[{ tagName, tagValue }]`) or as a
 * `{ name: value }` record, turned into the body putSimTags takes: a non-empty array of
 * `{ tagName, tagValue }` (both required strings). Entries are copied, so the task never shares an
 * object with the caller and extra keys are not sent.
 */

/**
 * One tag as putSimTags sends it: `{ tagName, tagValue }` (the actions spec's `TagUpdateRequest`).
 *
 * @example
 * ```ts
 * import { type TagUpdate, tasks } from 'soracom-batch';
 *
 * const tags: TagUpdate[] = [{ tagName: 'area', tagValue: 'tokyo' }];
 * const task = tasks.putSimTags(simId, tags);
 * ```
 * @category Tasks
 * @useDeclaredType
 */
export type TagUpdate = components['schemas']['TagUpdateRequest'];

/**
 * The tags `tasks.putSimTags` takes: `[{ tagName: 'area', tagValue: 'tokyo' }]` or `{ area: 'tokyo' }`.
 *
 * @example
 * ```ts
 * import { type TagsInput, tasks } from 'soracom-batch';
 *
 * const asRecord: TagsInput = { area: 'tokyo', plan: 'iot' };
 * const asList: TagsInput = [{ tagName: 'area', tagValue: 'tokyo' }];
 * const tagged = [tasks.putSimTags(simId, asRecord), tasks.putSimTags(simId, asList)];
 * ```
 * @category Tasks
 */
export type TagsInput = readonly TagUpdate[] | Readonly<Record<string, string>>;

/** Checks one tag; `at` names it, and is only called to build an error message (it is on the hot path). */
function checkTag(at: () => string, name: unknown, value: unknown): TagUpdate {
  if (typeof name !== 'string') {
    throw new BatchValidationError(`${at()}.tagName`, 'must be a string', ` (got ${describeValue(name)})`);
  }
  if (name.trim() === '') {
    throw new BatchValidationError(`${at()}.tagName`, 'must not be empty');
  }
  if (typeof value !== 'string') {
    throw new BatchValidationError(
      `${at()}.tagValue`,
      'must be a string',
      ` (got ${describeValue(value)}); convert numbers and booleans yourself`,
    );
  }
  return { tagName: name, tagValue: value };
}

export function normalizeTags(argument: string, tags: unknown): TagUpdate[] {
  if (tags === null || typeof tags !== 'object') {
    throw new BatchValidationError(
      argument,
      'must be a list of { tagName, tagValue } or a { name: value } record',
      ` (got ${describeValue(tags)})`,
    );
  }
  const body: TagUpdate[] = [];
  if (Array.isArray(tags)) {
    for (let i = 0; i < tags.length; i++) {
      const entry: unknown = tags[i];
      const at = () => `${argument}[${i}]`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        throw new BatchValidationError(
          at(),
          'must be a { tagName, tagValue } object',
          ` (got ${describeValue(entry)})`,
        );
      }
      const { tagName, tagValue } = entry as Record<string, unknown>;
      body.push(checkTag(at, tagName, tagValue));
    }
  } else {
    for (const name in tags) {
      if (!Object.hasOwn(tags, name)) continue;
      body.push(checkTag(() => `${argument}[${JSON.stringify(name)}]`, name, (tags as Record<string, unknown>)[name]));
    }
  }
  if (body.length === 0) {
    throw new BatchValidationError(argument, 'must not be empty', ': pass at least one tag');
  }
  return body;
}
