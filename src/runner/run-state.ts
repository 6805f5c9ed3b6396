/**
 * The resumable state of a run, and the progress computed from it. A run is one or more streams (one
 * action each), grouped in stages; each stream is a list of chunks, and each chunk goes to one job.
 * The state says which chunk went to which job, when its create was last sent, and how far it got.
 * It is small (one entry per job of up to 10,000 tasks; no task bodies) and plain JSON, reported after
 * every change so a caller can persist it; passing it back resumes the run without submitting any
 * task twice. The plan (chunk sizes, names, markers) comes from the state on resume, never from new
 * arguments: a different `chunkSize` would move every chunk's marker and miss the jobs already made.
 */
import type { components } from '../../generated/batch.js';
import { BatchValidationError } from '../errors/errors.js';
import { isTerminalJobStatus, type JobStatus } from '../jobs/wait-for-job.js';
import type { TaskAction } from '../tasks/actions.js';
import { planChunks, RUN_ID_LENGTH } from './plan.js';
import type { Survey } from './sources.js';

type Summary = components['schemas']['BatchJobSummary'];

/**
 * Where one chunk (job) of a run stands: `pending` (not sent yet), `submitting` (createBatchJob was or
 * is about to be sent, and its answer was not recorded: on resume, the job is looked up by its marker),
 * `running` (the job exists and has not ended), then the status its job ended with.
 *
 * @example
 * ```ts
 * import type { ChunkStatus, RunState } from 'soracom-batch/jobs';
 *
 * const statuses = (state: RunState): ChunkStatus[] => state.streams.flatMap((s) => s.chunks.map((c) => c.status));
 * ```
 * @category Jobs
 */
export type ChunkStatus = 'pending' | 'submitting' | 'running' | Exclude<JobStatus, 'pending' | 'running'>;

/** One chunk of a stream: a slice of its tasks that goes to one job, and how far it got. */
export type ChunkState = {
  /** Position of the chunk in its stream, from 0. */
  index: number;
  /** Tasks [start, end) of the stream. */
  start: number;
  /** End (exclusive) of the chunk's tasks in the stream. */
  end: number;
  /** Fingerprint of the chunk's tasks, also in its job's marker. */
  fingerprint: string;
  /** Where the chunk stands. */
  status: ChunkStatus;
  /** The chunk's job, once it is known. */
  jobId?: string;
  /** The task counts of the chunk's job, as last seen (or counted from its tasks). */
  summary?: Summary;
  /** When createBatchJob was last sent for this chunk (ms since the epoch), while its outcome is unknown. */
  sentAt?: number;
};

/** One stream of a run: the tasks of one action, in chunks, run one job after another. */
export type StreamState = {
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
  /** One entry per job of the stream, in order. */
  chunks: ChunkState[];
};

/**
 * The resumable state of a run: plain JSON, reported to `onState` after every change; pass it back as
 * `resume` to continue an interrupted run without submitting any task twice.
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
  version: 2;
  /** Random id of the run, part of every job's marker. */
  runId: string;
  /** The batch group the run's jobs are created in. */
  batchGroupId: string;
  /** The run's streams, in the order they were given. */
  streams: StreamState[];
};

/** The settings of one stream as the caller gives them (checked by the plan). */
export type StreamPlan = {
  stage: number;
  chunkSize: number;
  jobName?: string | undefined;
  description?: string | undefined;
};

/** A chunk whose job has ended: its status is one of the job statuses that end a job. */
export function isFinishedChunk(chunk: Pick<ChunkState, 'status'>): boolean {
  return isTerminalJobStatus(chunk.status);
}

export function newRunId(): string {
  const bytes = new Uint8Array(RUN_ID_LENGTH / 2);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function initialStreamState(plan: StreamPlan, survey: Survey): StreamState {
  const chunks = planChunks(survey.taskCount, plan.chunkSize).map(
    (c, i): ChunkState => ({ ...c, fingerprint: survey.chunkFingerprints[i] as string, status: 'pending' }),
  );
  return {
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
 * Checks that `state` is a state of this run (same group, streams, actions and tasks; the same plan
 * where the caller gave one) before resuming from it. Every difference is refused, naming it.
 */
export function checkResumeState(
  state: unknown,
  expected: { batchGroupId: string; streams: ReadonlyArray<{ given: Partial<StreamPlan>; survey: Survey }> },
): RunState {
  const fail = (reason: string): never => {
    // The rule is the reason, so the message reads `runTasks.resume cannot be used: <reason>`.
    throw new BatchValidationError('runTasks.resume', 'cannot be used', `: ${reason}`);
  };
  if (!state || typeof state !== 'object') return fail('it is not a run state object');
  const s = state as RunState;
  if (s.version !== 2 || typeof s.runId !== 'string' || !Array.isArray(s.streams))
    fail('it is not a version 2 run state (states of earlier versions cannot be resumed; use recover instead)');
  if (s.batchGroupId !== expected.batchGroupId)
    fail(`it belongs to batch group ${s.batchGroupId}, not ${expected.batchGroupId}`);
  if (s.streams.length !== expected.streams.length)
    fail(`it has ${s.streams.length} stream(s), this run ${expected.streams.length}`);
  s.streams.forEach((stream, k) => {
    const { given, survey } = expected.streams[k] as (typeof expected.streams)[number];
    const where = s.streams.length > 1 ? `stream ${k + 1}: ` : '';
    if (stream.action !== survey.action) fail(`${where}it ran ${stream.action}, not ${survey.action}`);
    if (stream.taskCount !== survey.taskCount || stream.fingerprint !== survey.fingerprint) {
      fail(`${where}the task list differs from the one the state was made for (pass the same tasks in the same order)`);
    }
    for (const setting of ['chunkSize', 'jobName', 'description', 'stage'] as const) {
      if (given[setting] !== undefined && given[setting] !== stream[setting]) {
        fail(
          `${where}it was started with ${setting} ${JSON.stringify(stream[setting])}, not ${JSON.stringify(given[setting])}: ` +
            `leave ${setting} out (the state's is used) or pass the same`,
        );
      }
    }
    let next = 0;
    for (const [i, chunk] of stream.chunks.entries()) {
      if (chunk.index !== i || chunk.start !== next || chunk.end <= chunk.start)
        fail(`${where}chunk ${i} does not follow chunk ${i - 1}`);
      if (chunk.fingerprint !== survey.chunkFingerprints[i])
        fail(`${where}chunk ${i} holds other tasks than the state's`);
      if ((chunk.status === 'running' || isFinishedChunk(chunk)) && !chunk.jobId)
        fail(`${where}chunk ${i} is ${chunk.status} without a job id`);
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
  /** Jobs the run is made of. */
  jobsTotal: number;
  /** Jobs that have finished (completed, failed or aborted). */
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
    status: ChunkStatus | JobStatus;
    /** Why the run is waiting before it can submit (rate limited, a same-action job running, a lost answer). */
    waiting?: string;
  };
};

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
      succeeded += chunk.summary?.success ?? 0;
      failed += chunk.summary?.error ?? 0;
      if (isFinishedChunk(chunk)) jobsFinished++;
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
