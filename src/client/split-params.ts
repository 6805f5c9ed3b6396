/**
 * Splits a method's argument into path parameters, query parameters and body by the generated
 * operation table (which came from the spec), and checks them for callers without types. Loaded on
 * the first call of any operation method (operation-method.ts): a method rejects rather than throws,
 * so its checks can wait for that call, and a client that is only created keeps them out of the core
 * bundle. Every problem is a `BatchValidationError` naming the argument and the fix, before anything
 * is sent.
 */
import { BatchValidationError } from '../errors/validation-error.js';
import { isItemCap } from '../pagination/item-cap.js';
import type { PageCallOptions } from '../pagination/page.js';
import type { OperationEntry, Split } from './operation-method.js';

const CALL_OPTION_KEYS = new Set([
  'signal',
  'headers',
  'maxItems',
  'prefetch',
  'timeoutMs',
  'maxRetries',
  'maxRetryDelayMs',
]);

/** The message is always `<argument> <rule><detail>`, so the argument and the rule read as one sentence. */
function invalid(argument: string, rule: string, detail = ''): never {
  throw new BatchValidationError(argument, rule, `${argument} ${rule}${detail}`);
}

function checkScalar(argument: string, type: string, value: unknown, allowed?: readonly string[]): void {
  const got = ` (got ${typeof value})`;
  if (type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) invalid(argument, 'must be an integer', got);
    return;
  }
  if (typeof value !== 'string') invalid(argument, 'must be a string', got);
  if (allowed && !allowed.includes(value))
    invalid(argument, `must be one of ${allowed.join(', ')}`, ` (got ${JSON.stringify(value)})`);
}

/** Splits and checks the method's argument; throws `BatchValidationError` before anything is sent. */
export function splitParams(entry: OperationEntry, params: unknown): Split {
  const { operationId } = entry;
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    invalid(
      operationId,
      'takes one object of parameters',
      `, e.g. { ${entry.pathParams.map((p) => `${p}: '...'`).join(', ')} }`,
    );
  }
  const given = (params ?? {}) as Record<string, unknown>;
  const known = new Set<string>([...entry.parameters.map((p) => p.name), ...(entry.hasBody ? ['body'] : [])]);
  for (const key of Object.keys(given)) {
    if (known.has(key) || given[key] === undefined) continue;
    const hint = CALL_OPTION_KEYS.has(key) ? ' (call options such as signal go in the second argument)' : '';
    invalid(
      `${operationId}.${key}`,
      'is not a parameter of this operation',
      `${hint}; its parameters are ${[...known].join(', ') || 'none'}`,
    );
  }
  const split: Split = { path: {}, query: {}, body: undefined };
  for (const p of entry.parameters) {
    const argument = `${operationId}.${p.name}`;
    const value = given[p.name];
    if (value === undefined) {
      if (p.required) invalid(argument, 'is required', ': pass it in the first argument');
      continue;
    }
    checkScalar(argument, p.type, value, 'enum' in p ? p.enum : undefined);
    if (p.in === 'path') {
      if (typeof value === 'string' && value.trim() === '') invalid(argument, 'must not be empty');
      split.path[p.name] = value as string | number;
    } else if (p.in === 'query') {
      split.query[p.name] = value;
    }
  }
  if (entry.hasBody) {
    const { body } = given;
    if (body === undefined && entry.bodyRequired) invalid(`${operationId}.body`, 'is required');
    if (body !== undefined && (body === null || typeof body !== 'object'))
      invalid(`${operationId}.body`, 'must be a JSON object');
    split.body = body;
  }
  return split;
}

/** `maxItems` of a list call: a cap on the items read across pages. */
export function checkPageOptions(entry: OperationEntry, call: PageCallOptions | undefined): void {
  const maxItems = call?.maxItems;
  if (maxItems !== undefined && !isItemCap(maxItems)) {
    invalid(
      `${entry.operationId}.options.maxItems`,
      'must be a positive integer',
      ' (the total number of items to read); leave it out to read every page',
    );
  }
  if (call?.prefetch !== undefined && typeof call.prefetch !== 'boolean') {
    invalid(
      `${entry.operationId}.options.prefetch`,
      'must be a boolean',
      '; pass false to request each page only when it is asked for',
    );
  }
}
