/**
 * Where a run's tasks come from, read in two passes so that memory does not grow with the number of
 * tasks: a survey (every task checked, counted and fingerprinted chunk by chunk, nothing kept) before
 * anything is sent, then the chunks themselves, read, checked again against the survey and submitted
 * one at a time. A source must therefore be readable twice: an array, any iterable or async iterable
 * whose iterator is fresh each time (a `Set`, a class with its own `[Symbol.iterator]`), or a function
 * that returns a fresh one. A generator object can be read once only, so it is refused up front: wrap
 * it in a function (`tasks: () => readRows()`).
 */
import { BatchValidationError } from '../errors/errors.js';
import type { TaskAction } from '../tasks/actions.js';
import { oneActionChecker } from '../tasks/job-body.js';
import type { PlainTask, Task } from '../tasks/types.js';
import { runIdentity } from './identity.js';

type Many<T> = Iterable<T> | AsyncIterable<T>;

/**
 * Tasks of one action `A`, in any of the shapes a run reads twice: for a source that must hold that
 * action only.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import type { TaskSourceOf } from 'soracom-batch/jobs';
 *
 * const activations: TaskSourceOf<'activateSim'> = () => simIds.map((id) => tasks.activateSim(id));
 * ```
 * @category Jobs
 */
export type TaskSourceOf<A extends TaskAction> =
  | readonly (Task<A> | PlainTask)[]
  | Iterable<Task<A> | PlainTask>
  | AsyncIterable<Task<A> | PlainTask>
  | (() => Iterable<Task<A> | PlainTask> | AsyncIterable<Task<A> | PlainTask>);

/**
 * The tasks of one stream of a run: all of one action, as an array, an iterable or async iterable
 * that can be read twice, or a function returning a fresh one. Built tasks of two actions in one
 * source do not compile, as for createBatchJob.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { runTasks, type TaskSource } from 'soracom-batch/jobs';
 *
 * // A million SIMs without holding a million tasks: read twice (checked, then sent chunk by chunk).
 * const source: TaskSource = function* () {
 *   for (let i = 0; i < 1_000_000; i++) yield tasks.activateSim(String(8981100000000000000n + BigInt(i)));
 * };
 * await runTasks(batch, { batch_group_id, tasks: source });
 * ```
 * @category Jobs
 */
export type TaskSource = { [A in TaskAction]: TaskSourceOf<A> }[TaskAction];

/**
 * What the survey learnt: the action, the count, a fingerprint per chunk and for the whole list, and
 * the stream's identity (identity.ts: the action and a 64-bit hash of every task, in order).
 */
export type Survey = {
  action: TaskAction;
  taskCount: number;
  chunkFingerprints: string[];
  fingerprint: string;
  identity: string;
};

const FNV_OFFSET = 0x811c9dc5;
/** A second offset basis: with the first, two independent 32-bit hashes of the whole list (64 bits). */
const FNV_OFFSET_2 = 0x811c9dc5 ^ 0x5bd1e995;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the tasks' JSON: cheap, runtime-agnostic, and enough to notice a different task list. */
export class Fingerprint {
  #hash = FNV_OFFSET;
  #count = 0;

  add(request: unknown): void {
    const text = JSON.stringify(request);
    let hash = this.#hash;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
    this.#hash = Math.imul(hash ^ 0x0a, FNV_PRIME) >>> 0;
    this.#count++;
  }

  /** `<count>:<8 hex digits>`: the count is part of it, so a cut list never matches the whole. */
  digest(): string {
    return digestOf(this.#count, this.#hash);
  }
}

function digestOf(count: number, hash: number): string {
  return `${count}:${hash.toString(16).padStart(8, '0')}`;
}

function isIterable(value: unknown): value is Many<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

/** Opens the source for one pass; `argument` names it in errors. */
function open(source: unknown, argument: string): Many<unknown> {
  const many = typeof source === 'function' ? (source as () => unknown)() : source;
  if (!isIterable(many)) {
    throw new BatchValidationError(
      argument,
      'must be an array, an iterable or async iterable, or a function returning one',
      ` (got ${typeof many})`,
    );
  }
  return many;
}

/** Refuses a source that cannot be read twice (a generator object is its own iterator). */
export function checkReadableTwice(source: unknown, argument: string): void {
  if (typeof source === 'function' || Array.isArray(source)) return;
  const many = open(source, argument);
  const iterator =
    typeof (many as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
      ? (many as AsyncIterable<unknown>)[Symbol.asyncIterator]()
      : (many as Iterable<unknown>)[Symbol.iterator]();
  if ((iterator as unknown) === many) {
    throw new BatchValidationError(
      argument,
      'must be readable twice',
      ': a generator can be read once only, and a run reads its tasks twice (checked, then sent); ' +
        'pass a function that returns a fresh one, e.g. tasks: () => readTasks()',
    );
  }
}

/**
 * Reads the source in chunks of `chunkSize`, each task checked (one action, a `{ request }` object).
 * Holds one chunk at a time.
 */
export async function* readChunks(
  source: unknown,
  chunkSize: number,
  argument: string,
): AsyncGenerator<Array<Task | PlainTask>, void, undefined> {
  const check = oneActionChecker(argument, 'run one list per action');
  let chunk: Array<Task | PlainTask> = [];
  let index = 0;
  for await (const task of open(source, argument)) {
    check(task, index++);
    chunk.push(task as Task | PlainTask);
    if (chunk.length === chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The survey's count and fingerprints, fed one task at a time: what `survey` computes while it reads a
 * source, kept apart so that a caller that already reads every task before the run (the CLI checks its
 * whole input) can compute the same survey in that pass and spare the runner a pass of its own.
 */
export class SurveyTally {
  readonly #chunkSize: number;
  // FNV-1a hashes kept as `Fingerprint` keeps one, the whole list's (twice, with two offset bases: 64
  // bits for the identity) and the current chunk's, advanced in one loop over each request.
  #whole = FNV_OFFSET;
  #whole2 = FNV_OFFSET_2;
  #current = FNV_OFFSET;
  #inChunk = 0;
  #count = 0;
  readonly #chunkFingerprints: string[] = [];

  constructor(chunkSize: number) {
    this.#chunkSize = chunkSize;
  }

  /** The next task's request, as `JSON.stringify` writes it. */
  addJson(request: string): void {
    let whole = this.#whole;
    let whole2 = this.#whole2;
    let current = this.#current;
    for (let i = 0; i < request.length; i++) {
      const c = request.charCodeAt(i);
      whole = Math.imul(whole ^ c, FNV_PRIME) >>> 0;
      whole2 = Math.imul(whole2 ^ c, FNV_PRIME) >>> 0;
      current = Math.imul(current ^ c, FNV_PRIME) >>> 0;
    }
    this.#whole = Math.imul(whole ^ 0x0a, FNV_PRIME) >>> 0;
    this.#whole2 = Math.imul(whole2 ^ 0x0a, FNV_PRIME) >>> 0;
    this.#current = Math.imul(current ^ 0x0a, FNV_PRIME) >>> 0;
    this.#count++;
    if (++this.#inChunk === this.#chunkSize) {
      this.#chunkFingerprints.push(digestOf(this.#inChunk, this.#current));
      this.#current = FNV_OFFSET;
      this.#inChunk = 0;
    }
  }

  get count(): number {
    return this.#count;
  }

  /** The survey of the tasks added so far, all of `action`. */
  survey(action: TaskAction): Survey {
    const chunkFingerprints = [...this.#chunkFingerprints];
    if (this.#inChunk > 0) chunkFingerprints.push(digestOf(this.#inChunk, this.#current));
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    return {
      action,
      taskCount: this.#count,
      chunkFingerprints,
      fingerprint: digestOf(this.#count, this.#whole),
      identity: runIdentity(action, this.#count, `${hex(this.#whole)}${hex(this.#whole2)}`),
    };
  }
}

/** The first pass: checks every task, and counts and fingerprints them chunk by chunk. */
export async function survey(source: unknown, chunkSize: number, argument: string): Promise<Survey> {
  checkReadableTwice(source, argument);
  const check = oneActionChecker(argument, 'run one list per action');
  const tally = new SurveyTally(chunkSize);
  let action: TaskAction | undefined;
  for await (const task of open(source, argument)) {
    action = check(task, tally.count);
    tally.addJson(JSON.stringify((task as { request: unknown }).request));
  }
  if (action === undefined) throw new BatchValidationError(argument, 'must not be empty', ': pass at least one task');
  return tally.survey(action);
}

/**
 * A survey made beforehand by the caller (a `SurveyTally` fed in the caller's own pass), with the chunk
 * size it was made for: the runner takes it instead of reading the source once more when the run's
 * chunk size is the same. The second pass still checks every chunk against it before sending it.
 */
export type KnownSurvey = { chunkSize: number; survey: Survey };

/** The fingerprint of one chunk as read in the second pass, to compare with the survey's. */
export function fingerprintChunk(chunk: ReadonlyArray<{ request: unknown }>): string {
  const fingerprint = new Fingerprint();
  for (const task of chunk) fingerprint.add(task.request);
  return fingerprint.digest();
}
