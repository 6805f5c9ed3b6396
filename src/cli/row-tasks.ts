/**
 * How an input row becomes the task of an action: through the SDK's task builders, so the CLI checks
 * exactly what the SDK checks, with every problem named by the column the user wrote (`sim_id must not
 * be empty`, not the builder's `activateSim.simId`). Tags come from `--tag` flags, a `tags` cell and
 * `tag:<name>` columns.
 */
import { BatchValidationError, isSoracomError } from '../errors/errors.js';
import type { RunnableTask } from '../runner/run-types.js';
import { tasks as build } from '../tasks/builders.js';
import type { CliAction } from './actions.js';
import { UsageError } from './errors.js';
import { COLUMN_OF, type FieldName, type RowFields, type RowOrProblem } from './input.js';

/**
 * Tags as people write them: `--tag area=tokyo` (repeatable) and a `tags` cell `area=tokyo;floor=3`.
 * The name ends at the first `=`, so a value may contain `=`; a value cannot contain `;` in a `tags`
 * cell (use a `tag:<name>` column for that).
 */
export type TagPair = [name: string, value: string];

function splitTag(text: string): TagPair | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  const name = text.slice(0, at).trim();
  return name === '' ? undefined : [name, text.slice(at + 1).trim()];
}

/** `--tag name=value` flags; a bad one is a usage error. */
export function parseTagFlags(values: readonly string[] | undefined): TagPair[] {
  return (values ?? []).map((value) => {
    const pair = splitTag(value);
    if (!pair) throw new UsageError(`--tag ${JSON.stringify(value)} must be name=value, e.g. --tag area=tokyo`);
    return pair;
  });
}

/** A `tags` cell; returns the reason when a part is not `name=value`. */
export function parseTagCell(text: string): TagPair[] | { error: string } {
  const pairs: TagPair[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const pair = splitTag(part);
    if (!pair)
      return {
        error: `tags part ${JSON.stringify(part.trim())} must be name=value (tags look like "area=tokyo;floor=3")`,
      };
    pairs.push(pair);
  }
  return pairs;
}

export type TaskDefaults = { groupId?: string; vpgId?: string; tags?: readonly TagPair[] };

/** A row that cannot become a task; the message names the column. */
export class RowError extends Error {}

/** Maps an SDK builder's argument name to the column it came from. */
const COLUMN_FOR_ARGUMENT: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.simId$/, 'sim_id'],
  [/\.groupId$/, 'group_id'],
  [/\.vpgId$/, 'vpg_id'],
  [/\.entry\.key$/, 'imsi'],
  [/\.entry\.ipAddress$/, 'ip_address'],
  [/\.tags\b/, 'tags'],
];

export function rowMessageOf(error: { argument: string; message: string }): string {
  for (const [pattern, column] of COLUMN_FOR_ARGUMENT) {
    const match = pattern.exec(error.argument);
    if (!match) continue;
    // `putSimTags.simId must not ...` → `sim_id must not ...`; `putSimTags.tags["a"].tagValue ...` → `tags["a"].tagValue ...`
    const tail = error.argument.slice(match.index + match[0].length);
    const spelled = column + tail;
    return error.message.startsWith(error.argument)
      ? spelled + error.message.slice(error.argument.length)
      : error.message;
  }
  return error.message;
}

/** A text value of a row: trimmed, absent when empty; a JSON number or boolean is refused, never guessed. */
function text(fields: RowFields, field: FieldName): string | undefined {
  const value = fields[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    const hint = field === 'simId' || field === 'imsi' ? ': quote it, a long ID does not survive as a JSON number' : '';
    throw new RowError(
      `${COLUMN_OF[field]} must be a string (got ${Array.isArray(value) ? 'an array' : typeof value})${hint}`,
    );
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function required(fields: RowFields, field: FieldName, fallback: string | undefined, how: string): string {
  const value = text(fields, field) ?? fallback;
  if (value === undefined) throw new RowError(`has no ${COLUMN_OF[field]}: ${how}`);
  return value;
}

function tagValue(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  // JSON input may carry numbers and booleans as tag values; a tag value is text, and these convert exactly.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string')
    throw new RowError(
      `tag ${JSON.stringify(name)} must have a text value (got ${Array.isArray(value) ? 'an array' : typeof value})`,
    );
  return value.trim() === '' ? undefined : value.trim();
}

/** Tags of one row: the `--tag` defaults, then the `tags` cell, then `tag:<name>` columns (later ones win). */
function rowTags(fields: RowFields, defaults: readonly TagPair[]): Array<{ tagName: string; tagValue: string }> {
  const merged = new Map<string, string>(defaults);
  const cell = fields.tags;
  if (typeof cell === 'string') {
    const parsed = parseTagCell(cell);
    if ('error' in parsed) throw new RowError(parsed.error);
    for (const [name, value] of parsed) merged.set(name, value);
  } else if (Array.isArray(cell)) {
    for (const entry of cell) {
      const { tagName, tagValue: value } = (entry ?? {}) as { tagName?: unknown; tagValue?: unknown };
      if (typeof tagName !== 'string') throw new RowError('tags must be a list of {"tagName", "tagValue"} objects');
      const v = tagValue(tagName, value);
      if (v !== undefined) merged.set(tagName, v);
    }
  } else if (cell !== null && typeof cell === 'object') {
    for (const [name, value] of Object.entries(cell as Record<string, unknown>)) {
      const v = tagValue(name, value);
      if (v !== undefined) merged.set(name, v);
    }
  } else if (cell !== undefined) {
    throw new RowError(`tags must be "name=value;name=value" text or an object (got ${typeof cell})`);
  }
  for (const [name, value] of fields.tagCells ?? []) {
    const v = tagValue(name, value);
    if (v !== undefined) merged.set(name, v);
  }
  if (merged.size === 0) throw new RowError('has no tags: pass --tag name=value, or fill tag:<name> or tags columns');
  return [...merged].map(([tagName, tagValue]) => ({ tagName, tagValue }));
}

/** The task of one row, and the key of its target (one SIM; one IMSI in one VPG). */
export function taskOf(action: CliAction, fields: RowFields, defaults: TaskDefaults): Built {
  if (action.kind === 'vpg') {
    const vpgId = required(fields, 'vpgId', defaults.vpgId, 'pass --vpg-id or fill the vpg_id column');
    const imsi = required(fields, 'imsi', undefined, 'fill the imsi column');
    const ipAddress = required(fields, 'ipAddress', undefined, 'fill the ip_address column');
    const task = build.putVirtualPrivateGatewayIpAddressMapEntry(vpgId, { key: imsi, ipAddress });
    return { task, key: `${vpgId}\u0000${imsi}`, target: `IMSI ${imsi} in VPG ${vpgId}` };
  }
  const simId = required(fields, 'simId', undefined, 'fill the sim_id column');
  const target = `SIM ${simId}`;
  switch (action.kind) {
    case 'set-group':
      return {
        task: build.setSimGroup(
          simId,
          required(fields, 'groupId', defaults.groupId, 'pass --group-id or fill the group_id column'),
        ),
        key: simId,
        target,
      };
    case 'put-tags':
      return { task: build.putSimTags(simId, rowTags(fields, defaults.tags ?? [])), key: simId, target };
    default: {
      const builder = build[action.operationId as 'activateSim'];
      return { task: builder(simId), key: simId, target };
    }
  }
}

/** One action of a run over an input, and the rows it takes (every row, for `run <action>`). */
export type StreamSpec = { action: CliAction; takes: (fields: RowFields) => boolean };

/** The task of one row for one stream, or undefined when the stream does not take the row. */
export type RowTask = (row: RowOrProblem) => RunnableTask | undefined;

/**
 * The task of one row for one stream, as the runner reads the input again to send it (shared-pass.ts):
 * rows the check left out are skipped, and the tasks are the ones the check built, in the same order.
 */
export function rowTask(stream: StreamSpec, defaults: TaskDefaults, skip: ReadonlySet<number>): RowTask {
  return (row) => {
    if (!row.fields || skip.has(row.position) || !stream.takes(row.fields)) return undefined;
    return taskOf(stream.action, row.fields, defaults).task;
  };
}

/** The task of a row for a stream, or the problem with it (named by column); other errors are thrown. */
export function buildRow(stream: StreamSpec, fields: RowFields, defaults: TaskDefaults): Built | { problem: string } {
  try {
    return taskOf(stream.action, fields, defaults);
  } catch (error) {
    if (error instanceof RowError) return { problem: error.message };
    if (isSoracomError(error, BatchValidationError)) return { problem: rowMessageOf(error) };
    throw error;
  }
}

/** A row's task, the key of its target, and how messages name the target. */
export type Built = { task: RunnableTask; key: string; target: string };
