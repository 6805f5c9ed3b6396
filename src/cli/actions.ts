/**
 * The eight actions `run` applies, by their CLI names, and how input rows become their tasks: through
 * the SDK's task builders, so the CLI checks exactly what the SDK checks. Every row is looked at,
 * whatever happens to the others: each invalid row is reported with its position and reason, never
 * only the first. A target that appears twice with the same values is a duplicate (reported,
 * submitted once); with other values it is a conflict, reported as invalid, since nothing tells which
 * of the two was meant.
 */
import { BatchValidationError, isSoracomError } from '../errors/errors.js';
import type { RunnableTask } from '../runner/run-types.js';
import { type KnownSurvey, SurveyTally } from '../runner/sources.js';
import type { TaskAction } from '../tasks/actions.js';
import { tasks as build } from '../tasks/builders.js';
import { UsageError } from './errors.js';
import {
  COLUMN_OF,
  type FieldName,
  type InputColumns,
  type InputFile,
  type InputRow,
  parseTagCell,
  type RowFields,
  type RowProblem,
  type TagPair,
} from './input.js';
import type { RowTask } from './shared-pass.js';

export type CliActionName =
  | 'activate'
  | 'deactivate'
  | 'standby'
  | 'suspend'
  | 'set-group'
  | 'unset-group'
  | 'put-tags'
  | 'put-ip-address-map-entry';

export type CliAction = {
  name: CliActionName;
  operationId: TaskAction;
  /** `sim`: the SIM ID only; the others take one more argument per row (or from a flag). */
  kind: 'sim' | 'set-group' | 'put-tags' | 'vpg';
  summary: string;
  /** The columns a row may have, for `--help`. */
  columns: string;
  examples: readonly string[];
};

const SIM_COLUMNS = 'sim_id (or a plain list of SIM IDs, one per line)';

export const CLI_ACTIONS: readonly CliAction[] = [
  {
    name: 'activate',
    operationId: 'activateSim',
    kind: 'sim',
    summary: 'activate SIMs (POST /v1/sims/{sim_id}/activate)',
    columns: SIM_COLUMNS,
    examples: [
      'soracom-batch run activate --input sims.txt --batch-group-name "activate July" --state-file activate.state.json',
    ],
  },
  {
    name: 'deactivate',
    operationId: 'deactivateSim',
    kind: 'sim',
    summary: 'deactivate SIMs (POST /v1/sims/{sim_id}/deactivate)',
    columns: SIM_COLUMNS,
    examples: ['soracom-batch run deactivate --input sims.csv --batch-group-name cleanup'],
  },
  {
    name: 'standby',
    operationId: 'setSimToStandby',
    kind: 'sim',
    summary: 'put SIMs in standby (POST /v1/sims/{sim_id}/set_to_standby; SIMs without standby fail with 400)',
    columns: SIM_COLUMNS,
    examples: ['soracom-batch run standby --input sims.txt --batch-group-name standby'],
  },
  {
    name: 'suspend',
    operationId: 'suspendSim',
    kind: 'sim',
    summary: 'suspend SIMs (POST /v1/sims/{sim_id}/suspend)',
    columns: SIM_COLUMNS,
    examples: ['cut -d, -f1 lost.csv | soracom-batch run suspend --input - --input-format ids --batch-group-name lost'],
  },
  {
    name: 'set-group',
    operationId: 'setSimGroup',
    kind: 'set-group',
    summary: 'put SIMs in a SIM group (POST /v1/sims/{sim_id}/set_group)',
    columns: 'sim_id, group_id (per row; --group-id for rows without one)',
    examples: [
      'soracom-batch run set-group --input sims.txt --group-id 11111111-2222-3333-4444-555555555555 --batch-group-name regroup',
      '# per-row groups: a CSV with columns sim_id,group_id',
      'soracom-batch run set-group --input moves.csv --batch-group-id 0000000a-1111-2222-3333-444444444444',
    ],
  },
  {
    name: 'unset-group',
    operationId: 'unsetSimGroup',
    kind: 'sim',
    summary: 'take SIMs out of their SIM group (POST /v1/sims/{sim_id}/unset_group)',
    columns: SIM_COLUMNS,
    examples: ['soracom-batch run unset-group --input sims.txt --batch-group-name ungroup'],
  },
  {
    name: 'put-tags',
    operationId: 'putSimTags',
    kind: 'put-tags',
    summary: 'add or update tags of SIMs (PUT /v1/sims/{sim_id}/tags); other tags are kept',
    columns:
      'sim_id, tag:<name> (one column per tag) and/or tags ("area=tokyo;floor=3"); --tag name=value for every row (a row value wins)',
    examples: [
      'soracom-batch run put-tags --input sims.txt --tag fleet=north --tag owner=ops --batch-group-name tagging',
      '# per-row tags: a CSV with columns sim_id,tag:area,tag:floor',
      'soracom-batch run put-tags --input fleet.csv --batch-group-name tagging --state-file tags.state.json --failed-output failed.csv',
    ],
  },
  {
    name: 'put-ip-address-map-entry',
    operationId: 'putVirtualPrivateGatewayIpAddressMapEntry',
    kind: 'vpg',
    summary: 'map IMSIs to fixed IP addresses in a VPG (POST /v1/virtual_private_gateways/{vpg_id}/ip_address_map)',
    columns: 'imsi (or key), ip_address, vpg_id (per row; --vpg-id for rows without one)',
    examples: [
      'soracom-batch run put-ip-address-map-entry --input fixed-ips.csv --vpg-id 00000000-0000-4000-8000-00000000f00d --batch-group-name fixed-ips',
    ],
  },
];

/** The fields each kind of action reads from a row. */
const USED_FIELDS: Record<CliAction['kind'], readonly (FieldName | 'tag')[]> = {
  sim: ['simId'],
  'set-group': ['simId', 'groupId'],
  'put-tags': ['simId', 'tags', 'tag'],
  vpg: ['vpgId', 'imsi', 'ipAddress'],
};

/** The input's columns (as written) that give something none of `actions` reads, e.g. `tag:area` for activate. */
export function unusedColumns(
  columns: InputColumns,
  actions: readonly CliAction[],
  alsoUsed: readonly FieldName[] = [],
): string[] {
  return [...columns.fields]
    .filter(
      ([field]) =>
        !actions.some((action) => USED_FIELDS[action.kind].includes(field)) && !alsoUsed.includes(field as FieldName),
    )
    .flatMap(([, names]) => names);
}

export type TaskDefaults = { groupId?: string; vpgId?: string; tags?: readonly TagPair[] };

/** A row that cannot become a task; the message names the column. */
class RowError extends Error {}

/** Maps an SDK builder's argument name to the column it came from. */
const COLUMN_FOR_ARGUMENT: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.simId$/, 'sim_id'],
  [/\.groupId$/, 'group_id'],
  [/\.vpgId$/, 'vpg_id'],
  [/\.entry\.key$/, 'imsi'],
  [/\.entry\.ipAddress$/, 'ip_address'],
  [/\.tags\b/, 'tags'],
];

function rowMessageOf(error: { argument: string; message: string }): string {
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
function taskOf(
  action: CliAction,
  fields: RowFields,
  defaults: TaskDefaults,
): { task: RunnableTask; key: string; target: string } {
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

/**
 * Targets already seen in a pass, in flat memory: a 64-bit hash of each target key and a hash of its
 * request, with the position of its first row, in typed arrays (about 21 bytes per target at most, so
 * a million targets cost 21 MB, not the ~100 MB a `Map` of strings would). Two different targets share
 * a 64-bit hash with a chance of about 1 in 37 million for a million targets.
 */
class TargetIndex {
  #slots = new Uint32Array(0);
  #size = 0;
  #mask = 0;

  /**
   * The first position and request hash of the target whose key hashes to `key` (`hash64`), recording
   * this one when it is new.
   */
  see(
    key: readonly [number, number],
    requestHash: number,
    position: number,
  ): { position: number; requestHash: number } | undefined {
    if ((this.#size + 1) * 4 > (this.#slots.length / 4) * 3) this.#grow();
    const [h1, h2] = key;
    for (let slot = h1 & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const at = slot * 4;
      const used = this.#slots[at + 3] !== 0;
      if (!used) {
        this.#slots[at] = h1;
        this.#slots[at + 1] = h2;
        this.#slots[at + 2] = requestHash;
        this.#slots[at + 3] = position + 1;
        this.#size++;
        return undefined;
      }
      if (this.#slots[at] === h1 && this.#slots[at + 1] === h2) {
        return { requestHash: this.#slots[at + 2] as number, position: (this.#slots[at + 3] as number) - 1 };
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = Math.max(1024, (old.length / 4) * 2);
    this.#slots = new Uint32Array(capacity * 4);
    this.#mask = capacity - 1;
    this.#size = 0;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] === 0) continue;
      for (let slot = (old[at] as number) & this.#mask; ; slot = (slot + 1) & this.#mask) {
        if (this.#slots[slot * 4 + 3] === 0) {
          this.#slots.set(old.subarray(at, at + 4), slot * 4);
          this.#size++;
          break;
        }
      }
    }
  }
}

/** A 32-bit FNV-1a hash of a string (a request's JSON, to tell a duplicate from a conflict). */
function hash32(text: string): number {
  let a = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return a;
}

/** Two independent 32-bit FNV-1a hashes (different offset bases) of a string. */
function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 15)) >>> 0;
  }
  return [a, b];
}

/** One action of a run over an input, and the rows it takes (every row, for `run <action>`). */
export type StreamSpec = { action: CliAction; takes: (fields: RowFields) => boolean };

/** What one stream of the survey found: its task count, and where each of its jobs starts and ends. */
export type StreamSurvey = {
  action: CliAction;
  tasks: number;
  chunks: Array<{ from: string; to: string; first: unknown; last: unknown }>;
  /**
   * The runner's survey of the stream's tasks (count and fingerprints), made in this pass from the tasks
   * it built, so the runner need not read the input once more per stream before the first job.
   */
  known: KnownSurvey;
};

export type InputSurvey = {
  /** Rows read (valid or not). */
  rows: number;
  invalid: RowProblem[];
  duplicates: RowProblem[];
  streams: StreamSurvey[];
  /** Per stream, the positions it leaves out: invalid rows (with --skip-invalid) and its duplicates. */
  skip: Array<Set<number>>;
};

/** The key of a row's target in a stream, its task, and how messages name the target. */
type Built = { task: RunnableTask; key: string; target: string };

function buildRow(stream: StreamSpec, fields: RowFields, defaults: TaskDefaults): Built {
  return taskOf(stream.action, fields, defaults);
}

/**
 * The first pass over the input: every row checked by every stream that takes it (through the SDK's
 * task builders), duplicates found, tasks counted and each job's first and last task noted for the dry
 * run. Nothing is kept but the problems and a compact index of the targets.
 */
export async function surveyInput(
  input: InputFile,
  streams: readonly StreamSpec[],
  defaults: TaskDefaults,
  chunkSize: number,
): Promise<InputSurvey> {
  const survey: InputSurvey = {
    rows: 0,
    invalid: [],
    duplicates: [],
    streams: [],
    skip: streams.map(() => new Set<number>()),
  };
  const indexes = streams.map(() => new TargetIndex());
  const tallies = streams.map(() => new SurveyTally(chunkSize));
  const counted = streams.map((s) => ({ action: s.action, tasks: 0, chunks: [] as StreamSurvey['chunks'] }));
  const many = streams.length > 1;
  for await (const row of input.rows()) {
    survey.rows++;
    if (!row.fields) {
      survey.invalid.push(row);
      continue;
    }
    const problems: string[] = [];
    const accepted: Array<[number, Built]> = [];
    streams.forEach((stream, k) => {
      if (!stream.takes(row.fields)) return;
      try {
        accepted.push([k, buildRow(stream, row.fields, defaults)]);
      } catch (error) {
        const message =
          error instanceof RowError
            ? error.message
            : isSoracomError(error, BatchValidationError)
              ? rowMessageOf(error)
              : undefined;
        if (message === undefined) throw error;
        problems.push(many ? `${stream.action.name}: ${message}` : message);
      }
    });
    if (problems.length > 0) {
      survey.invalid.push(problem(row, problems.join('; ')));
      for (const skip of survey.skip) skip.add(row.position);
      continue;
    }
    // The streams of a row mostly share its target (its SIM): its key is hashed once for all of them.
    let keyText: string | undefined;
    let keyHash: [number, number] = [0, 0];
    for (const [k, built] of accepted) {
      const json = JSON.stringify(built.task.request);
      const requestHash = hash32(json);
      if (built.key !== keyText) {
        keyText = built.key;
        keyHash = hash64(built.key);
      }
      const first = (indexes[k] as TargetIndex).see(keyHash, requestHash, row.position);
      if (first) {
        const prefix = many ? `${streams[k]?.action.name}: ` : '';
        (survey.skip[k] as Set<number>).add(row.position);
        if (first.requestHash === requestHash)
          survey.duplicates.push(
            problem(row, `${prefix}${built.target} is already on ${whereOf(input, first.position)}: submitted once`),
          );
        else
          survey.invalid.push(
            problem(
              row,
              `${prefix}${built.target} is also on ${whereOf(input, first.position)} with other values: a target may appear once per run`,
            ),
          );
        continue;
      }
      (tallies[k] as SurveyTally).addJson(json);
      const stream = counted[k] as (typeof counted)[number];
      if (stream.tasks % chunkSize === 0)
        stream.chunks.push({ from: row.where, to: row.where, first: built.task.request, last: built.task.request });
      const chunk = stream.chunks.at(-1) as StreamSurvey['chunks'][number];
      chunk.to = row.where;
      chunk.last = built.task.request;
      stream.tasks++;
    }
  }
  survey.streams = counted.map((stream, k) => ({
    ...stream,
    known: { chunkSize, survey: (tallies[k] as SurveyTally).survey(stream.action.operationId) },
  }));
  survey.invalid.sort((a, b) => a.position - b.position);
  survey.duplicates.sort((a, b) => a.position - b.position);
  return survey;
}

/** `line 7` or `item 7`, as the input names its rows. */
function whereOf(input: InputFile, position: number): string {
  return `${input.format === 'json' ? 'item' : 'line'} ${position}`;
}

/**
 * The task of one row for one stream, as the runner reads the input again to send it (shared-pass.ts):
 * rows the survey left out are skipped, and the tasks are the ones the survey built, in the same order.
 */
export function rowTask(stream: StreamSpec, defaults: TaskDefaults, skip: ReadonlySet<number>): RowTask {
  return (row) => {
    if (!row.fields || skip.has(row.position) || !stream.takes(row.fields)) return undefined;
    return buildRow(stream, row.fields, defaults).task;
  };
}

/**
 * Refuses inputs that cannot fit the action at all with one message, instead of one per row: known
 * once the first pass has seen the columns (a CSV header; every JSON key).
 */
export function checkShape(input: InputFile, rows: number, action: CliAction): void {
  if (action.kind === 'vpg' && input.format === 'ids') {
    throw new UsageError(
      `${input.label}: put-ip-address-map-entry needs an IMSI and an IP address per row: give a CSV with columns imsi,ip_address (or JSON)`,
    );
  }
  if (rows === 0 || input.format === 'ids') return;
  const need: FieldName[] = action.kind === 'vpg' ? ['imsi', 'ipAddress'] : ['simId'];
  for (const field of need) {
    if (!input.columns.fields.has(field)) {
      throw new UsageError(
        `${input.label} has no ${COLUMN_OF[field]} column${input.format === 'csv' ? ' (the first line must be a header, e.g. sim_id)' : ''}`,
      );
    }
  }
}

function problem(row: InputRow, message: string): RowProblem {
  return { where: row.where, position: row.position, message };
}
