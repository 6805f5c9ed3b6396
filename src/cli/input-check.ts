/**
 * The check pass over `run`'s input: every row read once, checked by every stream that takes it
 * (through the SDK's task builders, row-tasks.ts), before anything is sent. Each invalid row is
 * reported with its position and reason, never only the first. A target that appears twice with the
 * same values is a duplicate (reported, submitted once); with other values it is a conflict, reported as
 * invalid, since nothing tells which of the two was meant. The same pass counts and fingerprints each
 * stream's tasks for the runner (its survey: the runner then reads the input only to send it), notes
 * where each job starts and ends for the dry run, and the tag names for the failed output's columns.
 * Nothing is kept but the problems, the positions a stream leaves out, and a compact index of targets.
 */
import type { KnownSurvey } from '../runner/sources.js';
import { SurveyTally } from '../runner/sources.js';
import type { InputFile, InputRow, RowFields, RowProblem } from './input.js';
import { type Built, buildRow, parseTagCell, type StreamSpec, type TaskDefaults } from './row-tasks.js';

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

  /** The first position and request hash of the target whose key hashes to `key`, recording this one when new. */
  see(
    key: readonly [number, number],
    requestHash: number,
    position: number,
  ): { position: number; requestHash: number } | undefined {
    if ((this.#size + 1) * 4 > (this.#slots.length / 4) * 3) this.#grow();
    const [h1, h2] = key;
    for (let slot = h1 & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const at = slot * 4;
      if (this.#slots[at + 3] === 0) {
        this.#slots.set([h1, h2, requestHash, position + 1], at);
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

/** Where a job of the dry run starts and ends: rows and tasks. */
export type ChunkEnds = { from: string; to: string; first: unknown; last: unknown };

/** One stream as the check pass found it. */
export class StreamCheck {
  /** Dropped once the pass ends (`release`): the one structure that grows with the input. */
  #targets: TargetIndex | undefined = new TargetIndex();
  readonly #tally: SurveyTally;
  tasks = 0;
  readonly chunks: ChunkEnds[] = [];
  /** Positions this stream leaves out when sending: invalid rows (with --skip-invalid) and its duplicates. */
  readonly skip = new Set<number>();

  constructor(
    readonly spec: StreamSpec,
    private readonly chunkSize: number,
  ) {
    this.#tally = new SurveyTally(chunkSize);
  }

  /** Takes the row's task, or says why not: a duplicate (same values) or a conflict (other values). */
  accept(row: InputRow, built: Built, keyHash: readonly [number, number], whereOf: (position: number) => string) {
    const json = JSON.stringify(built.task.request);
    const requestHash = hash32(json);
    const targets = this.#targets;
    if (!targets) throw new Error('the check pass of this stream has ended');
    const first = targets.see(keyHash, requestHash, row.position);
    if (first) {
      this.skip.add(row.position);
      const where = whereOf(first.position);
      return first.requestHash === requestHash
        ? { duplicate: `${built.target} is already on ${where}: submitted once` }
        : { conflict: `${built.target} is also on ${where} with other values: a target may appear once per run` };
    }
    this.#tally.addJson(json);
    if (this.tasks % this.chunkSize === 0)
      this.chunks.push({ from: row.where, to: row.where, first: built.task.request, last: built.task.request });
    const chunk = this.chunks.at(-1) as ChunkEnds;
    chunk.to = row.where;
    chunk.last = built.task.request;
    this.tasks++;
    return {};
  }

  /** Lets the index of targets go: the pass is over, and the run that follows must not hold it. */
  release(): void {
    this.#targets = undefined;
  }

  /** The runner's survey of the stream's tasks. */
  get known(): KnownSurvey {
    return { chunkSize: this.chunkSize, survey: this.#tally.survey(this.spec.action.operationId) };
  }
}

export type InputCheck = {
  /** Rows read (valid or not). */
  rows: number;
  invalid: RowProblem[];
  duplicates: RowProblem[];
  /** Every stream given, with the tasks it found (none, for a `run apply` action no row asks for). */
  streams: StreamCheck[];
  /** Tag names the rows (and `--tag`) give: one failed-output column each. */
  tagNames: Set<string>;
};

/** Tag names a row gives. */
function tagNamesOf(fields: RowFields, into: Set<string>): void {
  for (const [name] of fields.tagCells ?? []) into.add(name);
  if (typeof fields.tags === 'string') {
    const parsed = parseTagCell(fields.tags);
    if (!('error' in parsed)) for (const [name] of parsed) into.add(name);
  } else if (fields.tags && typeof fields.tags === 'object' && !Array.isArray(fields.tags)) {
    for (const name of Object.keys(fields.tags)) into.add(name);
  }
}

function problem(row: InputRow, message: string): RowProblem {
  return { where: row.where, position: row.position, message };
}

type Pass = InputCheck & { input: InputFile; many: boolean };

/** Checks one row for every stream that takes it. */
function checkRow(
  pass: Pass,
  row: InputRow,
  defaults: TaskDefaults,
  validate: (fields: RowFields) => string | undefined,
) {
  tagNamesOf(row.fields, pass.tagNames);
  const label = (s: StreamCheck) => (pass.many ? `${s.spec.action.name}: ` : '');
  const refused = validate(row.fields);
  const problems: string[] = refused === undefined ? [] : [refused];
  const accepted: Array<[StreamCheck, Built]> = [];
  for (const stream of pass.streams) {
    if (!stream.spec.takes(row.fields)) continue;
    const built = buildRow(stream.spec, row.fields, defaults);
    if ('problem' in built) problems.push(`${label(stream)}${built.problem}`);
    else accepted.push([stream, built]);
  }
  if (problems.length > 0) {
    pass.invalid.push(problem(row, problems.join('; ')));
    for (const stream of pass.streams) stream.skip.add(row.position);
    return;
  }
  // The streams of a row mostly share its target (its SIM): its key is hashed once for all of them.
  let keyText: string | undefined;
  let keyHash: [number, number] = [0, 0];
  const whereOf = (position: number) => `${pass.input.format === 'json' ? 'item' : 'line'} ${position}`;
  for (const [stream, built] of accepted) {
    if (built.key !== keyText) {
      keyText = built.key;
      keyHash = hash64(built.key);
    }
    const seen = stream.accept(row, built, keyHash, whereOf);
    if ('duplicate' in seen) pass.duplicates.push(problem(row, `${label(stream)}${seen.duplicate}`));
    if ('conflict' in seen) pass.invalid.push(problem(row, `${label(stream)}${seen.conflict}`));
  }
}

/** The check pass (see the module comment). `validate` refuses a row outright (e.g. an unknown status). */
export async function checkInput(
  input: InputFile,
  specs: readonly StreamSpec[],
  defaults: TaskDefaults,
  chunkSize: number,
  validate: (fields: RowFields) => string | undefined = () => undefined,
): Promise<InputCheck> {
  const pass: Pass = {
    input,
    many: specs.length > 1,
    rows: 0,
    invalid: [],
    duplicates: [],
    streams: specs.map((spec) => new StreamCheck(spec, chunkSize)),
    tagNames: new Set(defaults.tags?.map(([name]) => name)),
  };
  for await (const row of input.rows()) {
    pass.rows++;
    if (row.fields) checkRow(pass, row, defaults, validate);
    else pass.invalid.push(row);
  }
  for (const stream of pass.streams) stream.release();
  pass.invalid.sort((a, b) => a.position - b.position);
  pass.duplicates.sort((a, b) => a.position - b.position);
  const { input: _input, many: _many, ...check } = pass;
  return check;
}
