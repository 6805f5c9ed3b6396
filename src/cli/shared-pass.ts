/**
 * The tasks of a run's streams as the runner reads them to send them, with one parse of the input for
 * the streams that read it at the same time. `run apply` makes one stream per action from the same
 * rows; read apart, each stream would parse the whole input itself (reading a row costs far more than
 * building its task), so three actions would parse it three times where one action parses it once.
 *
 * The streams of a stage read side by side, a chunk each while their jobs run, so a shared pass reads
 * each row once and hands its task to every stream that takes it, each stream keeping the tasks it has
 * not asked for yet in a queue. Memory stays flat: a stream that falls behind by more than
 * `QUEUE_LIMIT` tasks (its job runs longer, or it reads later: another stage, the runner's own survey)
 * leaves the shared pass, drains its queue, then goes on with a pass of its own from the row where it
 * left (the rows before it parsed again, their tasks not built). A stream that starts reading once the
 * shared pass has read a row cannot join it, and reads alone. Each stream gets exactly the tasks, in
 * the same order, a pass of its own would give (`rowTask` in actions.ts).
 */
import type { RunnableTask } from '../runner/run-types.js';
import { batchLimits } from '../tasks/job-body.js';
import type { InputFile, RowOrProblem } from './input.js';

/** Tasks a stream may hold that it has not asked for yet: two jobs' worth. */
export const QUEUE_LIMIT = 2 * batchLimits.maxTasksPerJob;

/** The task of one row for one stream, or undefined when the stream does not take the row. */
export type RowTask = (row: RowOrProblem) => RunnableTask | undefined;

/** One stream's pass over the input while it reads through the shared pass. */
class Reader {
  #queue: Array<RunnableTask | undefined> = [];
  #head = 0;
  /** Rows of the input this reader was given (their tasks queued or not taken). */
  seen = 0;
  /** What building one of its tasks (or reading the input) threw: thrown once the queue is drained. */
  failure: { error: unknown } | undefined;
  attached = true;

  constructor(readonly taskOf: RowTask) {}

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  push(task: RunnableTask): void {
    this.#queue.push(task);
  }

  shift(): RunnableTask | undefined {
    if (this.#head === this.#queue.length) return undefined;
    const task = this.#queue[this.#head];
    this.#queue[this.#head++] = undefined;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
    return task;
  }
}

/** One parse of the input, each row handed to the readers attached to it. */
class Cursor {
  readonly readers = new Set<Reader>();
  /** A row has been handed out: a reader that starts now would miss it. */
  started = false;
  ended = false;
  #reading: Promise<void> | undefined;

  constructor(readonly rows: AsyncGenerator<RowOrProblem, void, undefined>) {}

  /** Reads the next row for every attached reader; readers that wait together share the one read. */
  advance(): Promise<void> {
    this.#reading ??= this.#readRow().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #readRow(): Promise<void> {
    let next: IteratorResult<RowOrProblem, void>;
    try {
      next = await this.rows.next();
    } catch (error) {
      this.ended = true;
      for (const reader of this.readers) reader.failure ??= { error };
      return;
    }
    if (next.done) {
      this.ended = true;
      return;
    }
    // From here on, a reader that joins would miss this row (one that joined while it was read gets it).
    this.started = true;
    for (const reader of this.readers) {
      reader.seen++;
      try {
        const task = reader.taskOf(next.value);
        if (task !== undefined) reader.push(task);
      } catch (error) {
        reader.failure = { error };
        this.detach(reader);
        continue;
      }
      if (reader.queued > QUEUE_LIMIT) this.detach(reader);
    }
  }

  detach(reader: Reader): void {
    reader.attached = false;
    this.readers.delete(reader);
    // Nobody reads on: the parse stops (after a read in progress, which the generator queues it behind).
    if (this.readers.size === 0 && !this.ended) {
      this.ended = true;
      this.rows.return(undefined).catch(() => undefined);
    }
  }
}

/** The sources of several streams over one input, sharing a parse between the streams that read together. */
export class SharedPass {
  #cursor: Cursor | undefined;

  constructor(readonly input: InputFile) {}

  /** The tasks of one stream, read afresh each time it is called (a runner reads a source twice). */
  source(taskOf: RowTask): () => AsyncIterable<RunnableTask> {
    return () => this.#read(taskOf);
  }

  async *#read(taskOf: RowTask): AsyncGenerator<RunnableTask, void, undefined> {
    if (!this.#cursor || this.#cursor.started || this.#cursor.ended) this.#cursor = new Cursor(this.input.rows());
    const cursor = this.#cursor;
    const reader = new Reader(taskOf);
    cursor.readers.add(reader);
    try {
      for (;;) {
        if (reader.queued > 0) {
          yield reader.shift() as RunnableTask;
          continue;
        }
        if (reader.failure) throw reader.failure.error;
        if (!reader.attached) break;
        if (cursor.ended) return;
        await cursor.advance();
      }
    } finally {
      if (reader.attached) cursor.detach(reader);
    }
    // Left behind: on alone from the first row it was not given.
    let row = 0;
    for await (const next of this.input.rows()) {
      if (row++ < reader.seen) continue;
      const task = taskOf(next);
      if (task !== undefined) yield task;
    }
  }
}
