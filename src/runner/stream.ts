/**
 * One stream of a run, as one object: its state, its tasks, and the moves that take each of its
 * chunks from planned to finished (chunk.ts), one chunk after another (the API runs one job per action
 * at a time). The loop reads each chunk's tasks (checked against the survey), then moves the chunk
 * until it is finished: submit it (submit.ts: looked up in the batch group first), wait for its job,
 * count what the job's summary leaves unclear, hand the failed tasks over, and run what an aborted job
 * never ran. While a job runs, the next chunk is read.
 */

import { BatchValidationError, UnexpectedResponseError } from '../errors/errors.js';
import type { BatchJob, BatchTask } from '../index.js';
import { waitForJob } from '../jobs/wait-for-job.js';
import type { JobTasks, PlainTask, Task } from '../tasks/types.js';
import { abortableSleep } from '../transport/signals.js';
import type { RunnerClient } from './api.js';
import {
  type ChunkJob,
  type ChunkState,
  counted,
  created,
  handOver,
  isChunkFinished,
  neverRun,
  notCreated,
  polled,
  send,
  statusOf,
  summaryAddsUp,
} from './chunk.js';
import { retryIdentity } from './identity.js';
import { countTasks, type ListingGap, neverRunTasks, readTasksOfStatus } from './job-tasks.js';
import { type LedgerJob, readLedger, type ServerClock } from './ledger.js';
import { chunkDescription, chunkJobName, formatMarker, type Marker, parseMarker, sameMarker } from './plan.js';
import type { RunProgress, StreamState } from './run-state.js';
import type { RunOptions } from './run-types.js';
import { fingerprintChunk, readChunks, type TaskSource } from './sources.js';
import { submitChunk } from './submit.js';

type Tasks = Array<Task | PlainTask>;

/** What the streams of one run share. */
export type RunContext = {
  api: RunnerClient;
  groupId: string;
  clock: ServerClock;
  params: RunOptions;
  settleWindowMs: number;
  /** Saves the run's state (queued: streams change it at the same time). */
  save: () => Promise<void>;
  report: (current?: RunProgress['current']) => void;
  /** Hands a failed task over (once per job and task ID, whoever reads it). */
  handOverFailed: (stream: StreamState, jobId: string, task: BatchTask) => Promise<void>;
  gaps: ListingGap[];
  /** Every job of the run: a create answered with one of them is not the new chunk's. */
  jobIds: Set<string>;
  /** Set when a job ended with failures under `abortOnFailure`: no stream submits another job. */
  stop: { byFailure: boolean };
};

/** The run's two stop signals: `signal` ends everything; `gentle` spares a create in flight. */
type Signals = { signal: AbortSignal; gentle: AbortSignal };

export class StreamRun {
  /** Until when a create of a stopped earlier run may land (the first submission looks until then). */
  #quietUntil: number | undefined;

  constructor(
    private readonly ctx: RunContext,
    readonly index: number,
    readonly state: StreamState,
    private readonly source: TaskSource,
    private readonly at: string,
    quietUntil: number | undefined,
  ) {
    this.#quietUntil = quietUntil;
  }

  /** Moves every chunk until it is finished, or the run stops. */
  async run(signals: Signals): Promise<void> {
    const chunks = readChunks(this.source, this.state.chunkSize, this.at);
    // The next chunk, read while the current job runs; its error is the run's only once awaited.
    let ahead: ReturnType<typeof chunks.next> | undefined;
    try {
      for (const chunk of this.state.chunks) {
        const read = { tasks: (await (ahead ?? chunks.next())).value || undefined };
        ahead = undefined;
        this.#checkRead(chunk, read.tasks);
        if (isChunkFinished(chunk)) continue;
        if (this.ctx.stop.byFailure) break;
        signals.gentle.throwIfAborted();
        const readAhead = () => {
          if (ahead || chunk.index + 1 >= this.state.chunks.length) return;
          ahead = chunks.next();
          ahead.catch(() => undefined);
        };
        await this.#advance(chunk, read, signals, readAhead);
      }
    } finally {
      await chunks.return(undefined);
    }
  }

  #checkRead(chunk: ChunkState, tasks: Tasks | undefined): void {
    if (tasks !== undefined && fingerprintChunk(tasks) === chunk.fingerprint) return;
    throw new BatchValidationError(
      this.at,
      'must give the same tasks when read again',
      `: chunk ${chunk.index + 1} differs from what was checked before sending (a stream or a generator read twice?)`,
    );
  }

  /**
   * One chunk's moves until it is finished, or the stream must stop. `read` holds the chunk's tasks only
   * until its job exists: while the job runs, the stream holds the next chunk (read ahead), not this one too.
   */
  async #advance(chunk: ChunkState, read: { tasks?: Tasks | undefined }, signals: Signals, readAhead: () => void) {
    for (;;) {
      const status = statusOf(chunk);
      if (status === 'finished') return;
      if (status === 'running') {
        read.tasks = undefined;
        readAhead();
        await this.#waitForJob(chunk, signals.gentle);
        const last = chunk.jobs.at(-1) as ChunkJob;
        if (this.ctx.params.abortOnFailure && last.status !== 'completed') this.ctx.stop.byFailure = true;
        if (this.ctx.stop.byFailure) return;
      } else if (status === 'interrupted' || chunk.sending?.after !== undefined) {
        await this.#runNeverRun(chunk, signals);
      } else {
        await this.#submit(chunk, read.tasks as Tasks, undefined, signals);
      }
    }
  }

  #place(chunk: ChunkState) {
    return { stream: this.index, action: this.state.action, chunk: chunk.index, chunkCount: this.state.chunks.length };
  }

  #marker(chunk: ChunkState, fingerprint: string, after: string | undefined): Marker {
    return {
      id: this.state.identity,
      gen: this.state.generation,
      chunk: chunk.index,
      chunkCount: this.state.chunks.length,
      size: this.state.chunkSize,
      fingerprint,
      after,
    };
  }

  /** The chunk's job with `marker`, if the batch group has it. */
  async #lookup(marker: Marker, signal: AbortSignal): Promise<BatchJob | undefined> {
    const ledger = await readLedger(this.ctx.api, this.ctx.groupId, this.ctx.clock, { signal });
    return ledger.find((entry) => sameMarker(entry.marker, marker))?.job;
  }

  /** Creates the chunk's job (or the job of what `after` never ran), exactly once: submit.ts. */
  async #submit(
    chunk: ChunkState,
    tasks: Tasks,
    after: string | undefined,
    { signal, gentle }: Signals,
  ): Promise<void> {
    const { ctx, state } = this;
    const marker = this.#marker(chunk, after === undefined ? chunk.fingerprint : fingerprintChunk(tasks), after);
    const jobName = chunkJobName(state.jobName, chunk.index, state.chunks.length);
    const body = {
      tasks: tasks as JobTasks, // one action: checked when read (readChunks) or listed from one job
      description: chunkDescription(state.description, formatMarker(marker)),
      ...(jobName !== undefined ? { jobName } : {}),
      ...(ctx.params.abortOnFailure !== undefined ? { abortOnFailure: ctx.params.abortOnFailure } : {}),
    };
    const place = this.#place(chunk);
    ctx.report({ ...place, status: 'sending' });
    let waits = 0;
    const earlier = chunk.sending?.after === after ? chunk.sending?.sentAt : undefined;
    const { job } = await submitChunk({
      // Only `signal` aborts the create itself: after a gentle stop its answer is still recorded.
      createJob: () => ctx.api.createBatchJob({ batch_group_id: ctx.groupId, body }, { signal }),
      lookup: () => this.#lookup(marker, gentle),
      isOurs: (answer) =>
        !ctx.jobIds.has(answer.jobId) &&
        (answer.description === undefined || sameMarker(parseMarker(answer.description), marker)),
      sentAt: earlier,
      quietUntil: this.#quietUntil,
      recordSend: async (sentAt) => {
        send(chunk, sentAt, after);
        await ctx.save();
      },
      recordNotCreated: async () => {
        notCreated(chunk);
        await ctx.save();
      },
      settleWindowMs: ctx.settleWindowMs,
      now: () => ctx.clock.now(),
      signal: gentle,
      maxSubmitWaitMs: ctx.params.maxSubmitWaitMs ?? 3_600_000,
      minDelayMs: ctx.params.submitDelay?.minDelayMs,
      maxDelayMs: ctx.params.submitDelay?.maxDelayMs,
      onWait: (reason, delayMs) =>
        ctx.report({
          ...place,
          status: 'sending',
          waiting: `${reason}; trying again in ${(delayMs / 1000).toFixed(1)} s (wait ${++waits})`,
        }),
    });
    this.#quietUntil = undefined;
    ctx.jobIds.add(job.jobId);
    created(chunk, job, tasks.length, after);
    this.#saw(job);
    await ctx.save();
  }

  /** The tasks the chunk's aborted last job never ran: handed over to a retry of it, or a job of their own. */
  async #runNeverRun(chunk: ChunkState, signals: Signals): Promise<void> {
    const { ctx } = this;
    const last = chunk.jobs.at(-1) as ChunkJob;
    const ledger: LedgerJob[] = await readLedger(ctx.api, ctx.groupId, ctx.clock, { signal: signals.gentle });
    const retry = ledger.find((entry) => entry.marker.id === retryIdentity(last.jobId));
    if (retry) {
      handOver(chunk, retry.job.jobId);
      await ctx.save();
      return;
    }
    const ref = { batch_group_id: ctx.groupId, job_id: last.jobId };
    const expected = neverRun(chunk);
    const { tasks, gap } = await neverRunTasks(ctx.api, ref, expected, { signal: signals.gentle });
    if (gap) {
      throw new UnexpectedResponseError(
        `job ${last.jobId} was aborted with ${expected} task(s) never run, but its task list shows ${gap.listed}: ` +
          'they cannot be run again safely; look at the job, then retry it with retryFailed',
        { method: 'GET', path: `/batch_groups/${ctx.groupId}/jobs/${last.jobId}/tasks`, status: 200 },
      );
    }
    const plain: PlainTask[] = tasks.map(({ request: { path, method, body } }) => ({
      request: body === undefined ? { path, method } : { path, method, body },
    }));
    await this.#submit(chunk, plain, last.jobId, signals);
  }

  /** Waits until the chunk's last job has ended with every task accounted for, then hands its failures over. */
  async #waitForJob(chunk: ChunkState, gentle: AbortSignal): Promise<void> {
    const { ctx } = this;
    const last = chunk.jobs.at(-1) as ChunkJob;
    const ref = { batch_group_id: ctx.groupId, job_id: last.jobId };
    const place = { ...this.#place(chunk), jobId: last.jobId };
    const wait = { ...ctx.params.wait, signal: gentle };
    const deadline = performance.now() + (ctx.params.wait?.maxWaitMs ?? 3_600_000);
    let failuresHanded = false;
    for (let round = 0; ; round++) {
      const job = await waitForJob(ctx.api, ref, {
        ...wait,
        onProgress: (seen) => {
          polled(chunk, seen);
          ctx.report({ ...place, status: seen.status });
        },
      });
      polled(chunk, job);
      this.#saw(job);
      if (!summaryAddsUp(last.summary, last.taskCount)) {
        // Missing or not adding up: count the tasks themselves (a failed task is never dropped).
        const onFailed = (task: BatchTask) => ctx.handOverFailed(this.state, last.jobId, task);
        counted(chunk, await countTasks(ctx.api, ref, last.taskCount, { signal: gentle }, onFailed));
        failuresHanded = true;
      }
      if (statusOf(chunk) !== 'running') break;
      // The server says the job ended, yet some of its tasks are pending: it has not finished.
      const delay = Math.min(ctx.params.wait?.maxDelayMs ?? 30_000, 1_000 * 2 ** Math.min(round, 5));
      if (performance.now() + delay > deadline) throw stillPending(ref, last);
      ctx.report({ ...place, status: job.status, waiting: 'the job is reported ended with tasks still pending' });
      await abortableSleep(delay, gentle);
    }
    if (!failuresHanded) await this.handFailuresOver(last, { signal: gentle });
    await ctx.save();
    ctx.report({ ...place, status: last.status });
  }

  /**
   * The failed tasks of an ended job, each once, checked against its summary. A job whose summary is
   * missing or does not add up has its tasks counted instead (the count becomes its summary).
   */
  async handFailuresOver(job: ChunkJob, options: { signal?: AbortSignal }): Promise<void> {
    const { ctx } = this;
    const ref = { batch_group_id: ctx.groupId, job_id: job.jobId };
    const onFailed = (task: BatchTask) => ctx.handOverFailed(this.state, job.jobId, task);
    if (!summaryAddsUp(job.summary, job.taskCount)) {
      job.summary = await countTasks(ctx.api, ref, job.taskCount, options, onFailed);
      return;
    }
    const expected = job.summary.error;
    if (expected === 0 || (ctx.params.collectFailedTasks === false && !ctx.params.onFailedTask)) return;
    const listed = await readTasksOfStatus(ctx.api, ref, 'error', expected, options, onFailed);
    if (listed < expected) ctx.gaps.push({ jobId: job.jobId, status: 'error', expected, listed });
  }

  /** Notes the latest activity of the stream's jobs that this run has seen. */
  #saw(job: BatchJob): void {
    const at = (job.finishedTime ?? job.createdTime) * 1000;
    if (Number.isFinite(at)) this.state.seenActivity = Math.max(this.state.seenActivity ?? 0, at);
  }
}

/** A job the server reports ended while its summary still counts pending tasks, for longer than the wait allows. */
function stillPending(ref: { batch_group_id: string; job_id: string }, job: ChunkJob): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `job ${ref.job_id} is reported ${job.status} with ${job.summary?.pending ?? 'some'} task(s) still pending, past the wait's limit; ` +
      'its tasks are not counted as run: resume the run later',
    { method: 'GET', path: `/batch_groups/${ref.batch_group_id}/jobs/${ref.job_id}`, status: 200 },
  );
}
