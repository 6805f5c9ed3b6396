/**
 * The resumable state of a run, and the progress computed from it. The state says which chunk of the
 * task list went to which job and how far it got. It is small (one entry per job of up to 10,000
 * tasks) and plain JSON, reported after every change so a caller can persist it; passing it back
 * resumes the run without submitting any task twice.
 */
import type { components } from '../../generated/batch.js';
import { BatchValidationError } from '../errors/errors.js';
import type { TaskAction } from '../tasks/actions.js';
import { planChunks, RUN_ID_LENGTH } from './plan.js';
import { isTerminalJobStatus, type JobStatus } from './wait-for-job.js';

/**
 * Where one chunk (job) of a run stands: `pending` (not sent yet), `submitting` (createBatchJob was or
 * is about to be sent, and its answer was not recorded: on resume, the job is looked up by its marker),
 * `running` (the job exists and has not ended), then the status its job ended with.
 */
export type ChunkStatus = 'pending' | 'submitting' | 'running' | Exclude<JobStatus, 'pending' | 'running'>;

/** One chunk of a run: a slice of the task list that goes to one job, and how far it got. */
export type ChunkState = {
  /** Position of the chunk in the run, from 0. */
  index: number;
  /** Tasks [start, end) of the run's task list. */
  start: number;
  /** End (exclusive) of the chunk's tasks in the run's task list. */
  end: number;
  /** Where the chunk stands. */
  status: ChunkStatus;
  /** The chunk's job, once it is known. */
  jobId?: string;
  /** The task counts of the chunk's job, as last seen. */
  summary?: components['schemas']['BatchJobSummary'];
};

/**
 * The resumable state of a run: plain JSON, reported to `onState` after every change; pass it back as
 * `resume` to continue an interrupted run without submitting any task twice.
 *
 * @example
 * ```ts
 * import { type RunState, tasks } from 'soracom-batch';
 *
 * // Keep the state where a crash does not lose it: a file, a database, a key-value store.
 * declare function loadState(): Promise<RunState | undefined>;
 * declare function saveState(state: RunState): Promise<void>;
 *
 * await batch.runTasks({
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
  version: 1;
  /** Random id of the run, part of every job's marker. */
  runId: string;
  /** The batch group the run's jobs are created in. */
  batchGroupId: string;
  /** The one action every task of the run calls. */
  action: TaskAction;
  /** Tasks in the run. */
  taskCount: number;
  /** Tasks per job. */
  chunkSize: number;
  /** Hash of the task list: resuming with other tasks is refused. */
  fingerprint: string;
  /** One entry per job of the run, in order. */
  chunks: ChunkState[];
};

/** A chunk whose job has ended: its status is one of the job statuses that end a job. */
export function isFinishedChunk(chunk: Pick<ChunkState, 'status'>): boolean {
  return isTerminalJobStatus(chunk.status);
}

/** FNV-1a over the tasks' JSON: cheap, runtime-agnostic, and enough to notice a different task list. */
export function fingerprintTasks(tasks: readonly { request: unknown }[]): string {
  let hash = 0x811c9dc5;
  for (const task of tasks) {
    const text = JSON.stringify(task.request);
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hash ^= 0x0a;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${tasks.length}:${hash.toString(16).padStart(8, '0')}`;
}

function newRunId(): string {
  const bytes = new Uint8Array(RUN_ID_LENGTH / 2);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function initialRunState(input: {
  batchGroupId: string;
  action: TaskAction;
  taskCount: number;
  chunkSize: number;
  fingerprint: string;
}): RunState {
  const chunks: ChunkState[] = planChunks(input.taskCount, input.chunkSize).map((c) => ({ ...c, status: 'pending' }));
  return { version: 1, runId: newRunId(), ...input, chunks };
}

/** Checks that `state` belongs to this run (same group, action and tasks) before resuming from it. */
export function checkResumeState(state: unknown, expected: Omit<RunState, 'version' | 'runId' | 'chunks'>): RunState {
  const fail = (rule: string): never => {
    // The rule is the reason, so the message reads `runTasks.resume cannot be used: <reason>`.
    throw new BatchValidationError('runTasks.resume', 'cannot be used', `: ${rule}`);
  };
  if (!state || typeof state !== 'object') return fail('it is not a run state object');
  const s = state as RunState;
  if (s.version !== 1 || typeof s.runId !== 'string' || !Array.isArray(s.chunks))
    fail('it is not a version 1 run state');
  if (s.batchGroupId !== expected.batchGroupId)
    fail(`it belongs to batch group ${s.batchGroupId}, not ${expected.batchGroupId}`);
  if (s.action !== expected.action) fail(`it ran ${s.action}, not ${expected.action}`);
  if (s.taskCount !== expected.taskCount || s.fingerprint !== expected.fingerprint) {
    fail('the task list differs from the one the state was made for (pass the same tasks in the same order)');
  }
  let next = 0;
  for (const [i, chunk] of s.chunks.entries()) {
    if (chunk.index !== i || chunk.start !== next || chunk.end <= chunk.start)
      fail(`chunk ${i} does not follow chunk ${i - 1}`);
    if ((chunk.status === 'running' || isFinishedChunk(chunk)) && !chunk.jobId)
      fail(`chunk ${i} is ${chunk.status} without a job id`);
    next = chunk.end;
  }
  if (next !== expected.taskCount) fail('its chunks do not cover the task list');
  return structuredClone(s);
}

/**
 * Progress of a run across all its jobs, as `runTasks` reports it to `onProgress`.
 *
 * @example
 * ```ts
 * import { type RunProgress, tasks } from 'soracom-batch';
 *
 * const show = (p: RunProgress) =>
 *   console.log(`${p.done}/${p.total} (${p.failed} failed), job ${p.jobsFinished + 1}/${p.jobsTotal}`, p.current?.waiting ?? '');
 * await batch.runTasks({ batch_group_id, tasks: tasks.many('suspendSim', simIds), onProgress: show });
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
  /** Jobs the run is made of, and how many have finished. */
  jobsTotal: number;
  /** Jobs that have finished (completed, failed or aborted). */
  jobsFinished: number;
  /** The chunk being worked on, when there is one. */
  current?: {
    /** Index of the chunk (job) in the run, from 0. */
    chunk: number;
    /** The chunk's job, once it was created. */
    jobId?: string;
    /** The chunk's state, or its job's status while it runs. */
    status: ChunkStatus | JobStatus;
    /** Why the run is waiting before it can submit (rate limited, a same-action job running, ...). */
    waiting?: string;
  };
};

export function computeProgress(
  chunks: readonly ChunkState[],
  total: number,
  current?: RunProgress['current'],
): RunProgress {
  let succeeded = 0;
  let failed = 0;
  let jobsFinished = 0;
  for (const chunk of chunks) {
    succeeded += chunk.summary?.success ?? 0;
    failed += chunk.summary?.error ?? 0;
    if (isFinishedChunk(chunk)) jobsFinished++;
  }
  const progress: RunProgress = {
    total,
    done: succeeded + failed,
    succeeded,
    failed,
    jobsTotal: chunks.length,
    jobsFinished,
  };
  if (current) progress.current = current;
  return progress;
}
