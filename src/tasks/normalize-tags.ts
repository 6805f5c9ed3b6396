/**
 * The tags of `tasks.putSimTags`, given as the API's list (`[{ tagName, tagValue }]`) or as a
 * `{ name: value }` record, turned into the body putSimTags takes: a non-empty array of
 * `{ tagName, tagValue }` (both required strings). Entries are copied, so the task never shares an
 * object with the caller and extra keys are not sent.
 */
import type { components } from '../../generated/actions.js';
import { BatchValidationError } from '../errors/validation-error.js';
import { describeValue } from './describe-value.js';

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
    throw new BatchValidationError(
      `${at()}.tagName`,
      'must be a string',
      `${at()}.tagName must be a string (got ${describeValue(name)})`,
    );
  }
  if (name.trim() === '') {
    throw new BatchValidationError(`${at()}.tagName`, 'must not be empty', `${at()}.tagName must not be empty`);
  }
  if (typeof value !== 'string') {
    throw new BatchValidationError(
      `${at()}.tagValue`,
      'must be a string',
      `${at()}.tagValue must be a string (got ${describeValue(value)}); convert numbers and booleans yourself`,
    );
  }
  return { tagName: name, tagValue: value };
}

export function normalizeTags(argument: string, tags: unknown): TagUpdate[] {
  if (tags === null || typeof tags !== 'object') {
    throw new BatchValidationError(
      argument,
      'must be a list of { tagName, tagValue } or a { name: value } record',
      `${argument} must be a list of { tagName, tagValue } or a { name: value } record (got ${describeValue(tags)})`,
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
          `${at()} must be a { tagName, tagValue } object (got ${describeValue(entry)})`,
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
    throw new BatchValidationError(argument, 'must not be empty', `${argument} must hold at least one tag`);
  }
  return body;
}
