/**
 * The state of a run, and the progress computed from it. A run is one or more streams (one action
 * each), grouped in stages; each stream is a list of chunks, and each chunk goes to one job (or, when
 * an aborted job left tasks it never ran, to that job and the ones that ran the rest).
 *
 * The state is a cache of the batch group's jobs (ledger.ts), which are the truth: it is reported after
 * every change so a caller can keep it, and passing it back spares the run a search and tells it what
 * only this process knew (a createBatchJob sent whose answer never came). It is small (one entry per
 * job, no task bodies) and plain JSON.
 */

import { BatchValidationError } from '../errors/errors.js';
import type { BatchJobSummary as Summary } from '../index.js';
import type { JobStatus } from '../jobs/wait-for-job.js';
import type { TaskAction } from '../tasks/actions.js';
import { type ChunkState, chunkDone, isChunkFinished } from './chunk.js';
import type { Survey } from './sources.js';

export type { ChunkJob, ChunkState, ChunkStatus } from './chunk.js';

/**
 * One stream of a run: the tasks of one action, in chunks, run one job after another.
 *
 * @example
 * ```ts
 * import type { RunState, StreamState } from 'soracom-batch/jobs';
 *
 * const generations = (state: RunState) => state.streams.map((s: StreamState) => `${s.action}: generation ${s.generation}`);
 * ```
 * @category Jobs
 */
export type StreamState = {
  /** What the stream does (its action and every task, hashed): part of every marker of its jobs. */
  identity: string;
  /** The generation: 1 for the first run of these tasks in the batch group, one more for each run again. */
  generation: number;
  /** The action every task of the stream calls. */
  action: TaskAction;
  /** The stage the stream runs in, from 0: every stream of a stage finishes before the next stage starts. */
  stage: number;
  /** Tasks in the stream. */
  taskCount: number;
  /** Tasks per job. */
  chunkSize: number;
  /** The jobs' name (` (i/n)` appended when there are several), as the run was started with. */
  jobName?: string;
  /** The jobs' description (before the marker), as the run was started with. */
  description?: string;
  /** Fingerprint of the stream's tasks: resuming with other tasks is refused. */
  fingerprint: string;
  /** The latest time (the server's, ms) one of the stream's jobs was created or finished, as last seen. */
  seenActivity?: number;
  /** One entry per chunk of the stream, in order. */
  chunks: ChunkState[];
};

/**
 * The state of a run: plain JSON, reported to `onState` after every change. Passing it back as
 * `resume` spares the run a search of the batch group's jobs and tells it about a createBatchJob whose
 * answer never came; the group's jobs decide what is done.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunState, runTasks } from 'soracom-batch/jobs';
 *
 * // Keep the state where a crash does not lose it: a file, a database, a key-value store.
 * declare function loadState(): Promise<RunState | undefined>;
 * declare function saveState(state: RunState): Promise<void>;
 *
 * await runTasks(batch, {
 *   batch_group_id,
 *   tasks: tasks.many('activateSim', simIds),
 *   resume: await loadState(),
 *   onState: saveState,
 * });
 * ```
 * @category Jobs
 */
export type RunState = {
  /** Format version of the state. */
  version: 3;
  /** The batch group the run's jobs are created in. */
  batchGroupId: string;
  /** The run's streams, in the order they were given. */
  streams: StreamState[];
};

/** What a stream is, as the caller's tasks and settings make it (the plan comes from the ledger on resume). */
export type StreamPlan = {
  stage: number;
  chunkSize: number;
  jobName?: string | undefined;
  description?: string | undefined;
};

export function initialStreamState(plan: StreamPlan, survey: Survey, generation: number): StreamState {
  let start = 0;
  const chunks = survey.chunkFingerprints.map((fingerprint, index): ChunkState => {
    const end = Math.min(start + plan.chunkSize, survey.taskCount);
    const chunk: ChunkState = { index, start, end, fingerprint, status: 'planned', jobs: [] };
    start = end;
    return chunk;
  });
  return {
    identity: survey.identity,
    generation,
    action: survey.action,
    stage: plan.stage,
    taskCount: survey.taskCount,
    chunkSize: plan.chunkSize,
    ...(plan.jobName !== undefined ? { jobName: plan.jobName } : {}),
    ...(plan.description !== undefined ? { description: plan.description } : {}),
    fingerprint: survey.fingerprint,
    chunks,
  };
}

/**
 * Checks that `state` is a state of this run (same group, streams, actions and tasks) before it is
 * used as the cache of this run. Every difference is refused, naming it.
 */
export function checkResumeState(
  state: unknown,
  expected: { batchGroupId: string; streams: ReadonlyArray<{ survey: Survey }> },
  argument = 'runTasks.resume',
): RunState {
  const fail = (reason: string): never => {
    // The rule is the reason, so the message reads `runPlan.resume cannot be used: <reason>`.
    throw new BatchValidationError(argument, 'cannot be used', `: ${reason}`);
  };
  if (!state || typeof state !== 'object') return fail('it is not a run state object');
  const s = state as RunState;
  if (s.version !== 3 || !Array.isArray(s.streams))
    fail(
      'it is not a version 3 run state (an older state cannot be used; leave it out: the batch group’s jobs tell what was done)',
    );
  if (s.batchGroupId !== expected.batchGroupId)
    fail(`it belongs to batch group ${s.batchGroupId}, not ${expected.batchGroupId}`);
  if (s.streams.length !== expected.streams.length)
    fail(`it has ${s.streams.length} stream(s), this run ${expected.streams.length}`);
  s.streams.forEach((stream, k) => {
    const { survey } = expected.streams[k] as (typeof expected.streams)[number];
    const where = s.streams.length > 1 ? `stream ${k + 1}: ` : '';
    if (stream.action !== survey.action) fail(`${where}it ran ${stream.action}, not ${survey.action}`);
    if (stream.identity !== survey.identity || stream.taskCount !== survey.taskCount) {
      fail(`${where}the task list differs from the one the state was made for (pass the same tasks in the same order)`);
    }
    let next = 0;
    for (const [i, chunk] of stream.chunks.entries()) {
      if (chunk.index !== i || chunk.start !== next || chunk.end <= chunk.start || !Array.isArray(chunk.jobs))
        fail(`${where}chunk ${i} does not follow chunk ${i - 1}`);
      next = chunk.end;
    }
    if (next !== survey.taskCount) fail(`${where}its chunks do not cover the task list`);
  });
  return structuredClone(s);
}

/**
 * Progress of a run across all its jobs, as `runTasks` and `runPlan` report it to `onProgress`.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunProgress, runTasks } from 'soracom-batch/jobs';
 *
 * const show = (p: RunProgress) =>
 *   console.log(`${p.done}/${p.total} (${p.failed} failed), ${p.jobsFinished}/${p.jobsTotal} jobs done`, p.current?.waiting ?? '');
 * await runTasks(batch, { batch_group_id, tasks: tasks.many('suspendSim', simIds), onProgress: show });
 * ```
 * @category Jobs
 */
export type RunProgress = {
  /** Tasks in the run. */
  total: number;
  /** Tasks that ran (succeeded + failed). */
  done: number;
  /** Tasks that succeeded so far. */
  succeeded: number;
  /** Tasks that failed so far. */
  failed: number;
  /** Tasks that had run before this process started (a resumed run): a rate of progress leaves them out. */
  doneBefore: number;
  /** Chunks (jobs) the run is made of. */
  jobsTotal: number;
  /** Chunks whose tasks have all run. */
  jobsFinished: number;
  /** The chunk that changed last, when there is one. */
  current?: {
    /** Index of the stream in the run, from 0 (always 0 for `runTasks`). */
    stream: number;
    /** The stream's action. */
    action: TaskAction;
    /** Index of the chunk (job) in its stream, from 0. */
    chunk: number;
    /** Chunks (jobs) in its stream: `jobsTotal` when the run has one stream. */
    chunkCount: number;
    /** The chunk's job, once it was created. */
    jobId?: string;
    /** The chunk's state, or its job's status while it runs. */
    status: ChunkState['status'] | JobStatus;
    /** Why the run is waiting before it can submit (rate limited, a same-action job running, a lost answer). */
    waiting?: string;
  };
};

/** The task counts of a chunk's jobs, added up. */
export function chunkSummary(chunk: ChunkState): Summary {
  const done = chunkDone(chunk);
  return {
    success: done.succeeded,
    error: done.failed,
    pending: chunk.end - chunk.start - done.succeeded - done.failed,
  };
}

export function computeProgress(state: RunState, doneBefore: number, current?: RunProgress['current']): RunProgress {
  let total = 0;
  let succeeded = 0;
  let failed = 0;
  let jobsTotal = 0;
  let jobsFinished = 0;
  for (const stream of state.streams) {
    total += stream.taskCount;
    jobsTotal += stream.chunks.length;
    for (const chunk of stream.chunks) {
      const done = chunkDone(chunk);
      succeeded += done.succeeded;
      failed += done.failed;
      if (isChunkFinished(chunk)) jobsFinished++;
    }
  }
  const progress: RunProgress = {
    total,
    done: succeeded + failed,
    succeeded,
    failed,
    doneBefore,
    jobsTotal,
    jobsFinished,
  };
  if (current) progress.current = current;
  return progress;
}
