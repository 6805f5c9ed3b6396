/**
 * The public types of the job runner (`soracom-batch/jobs`): what a run takes and what it resolves to.
 */
import type { BatchTask, BatchJobSummary as Summary } from '../index.js';
import type { JobStatus, WaitOptions } from '../jobs/wait-for-job.js';
import type { TaskAction } from '../tasks/actions.js';
import type { PlainTask, Task } from '../tasks/types.js';
import type { ListingGap } from './job-tasks.js';
import type { RunProgress, RunState } from './run-state.js';
import type { TaskSource } from './sources.js';

/** A task a run accepts: one built by `tasks.<action>(...)`, or a plain `{ request }` object. */
export type RunnableTask = Task | PlainTask;

/**
 * One stream of a run: the tasks of one action, and how its jobs are named and sized.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import type { RunStream } from 'soracom-batch/jobs';
 *
 * const tag: RunStream = { tasks: tasks.many('putSimTags', simIds, { fleet: 'north' }), jobName: 'Tag' };
 * ```
 * @category Jobs
 */
export type RunStream = {
  /**
   * Tasks of one action, any number: an array, an iterable or async iterable that can be read twice, or a
   * function returning a fresh one. Built tasks of two actions do not compile; plain `{ request }` objects
   * and untyped callers are checked before anything is sent.
   */
  tasks: TaskSource;
  /** Name of the jobs; with several jobs, ` (2/6)` is appended. */
  jobName?: string | undefined;
  /** Description of the jobs; the run appends a marker that identifies each job. */
  description?: string | undefined;
  /**
   * Tasks per job, at most (and by default) 10,000. A run that resumes earlier jobs of these tasks takes
   * their chunk size (from their markers); another one given explicitly is refused.
   */
  chunkSize?: number | undefined;
};

/**
 * What every run takes, beside its tasks: the batch group, and how to pace, report, resume and recover it.
 *
 * @example
 * ```ts
 * import type { RunOptions } from 'soracom-batch/jobs';
 *
 * const options: RunOptions = { batch_group_id, abortOnFailure: true, settleWindowMs: 120_000, again: false };
 * ```
 * @category Jobs
 */
export type RunOptions = {
  /** The batch group the jobs are created in: its jobs are the run's ledger. */
  batch_group_id: string;
  /** Passed to every job: stop at the first failed task; its stream submits no further job, and no later stage starts. */
  abortOnFailure?: boolean | undefined;
  /** Called with the progress across all jobs whenever it changes (never twice with the same figures). */
  onProgress?: ((progress: RunProgress) => void) | undefined;
  /** Called (and awaited) with the state after every change: a cache of the batch group's jobs to pass back as `resume`. */
  onState?: ((state: RunState) => void | Promise<void>) | undefined;
  /**
   * A state reported by an earlier run of the same tasks. Not needed to resume: every run reads the
   * batch group's jobs first and goes on from them. The state adds what only its process knew (a
   * createBatchJob sent whose answer never came) and spares a search.
   */
  resume?: RunState | undefined;
  /**
   * Run tasks that already ran to the end in this batch group again, as a new generation. Without it,
   * such a run is refused with `AlreadyRunError`, naming the earlier run.
   */
  again?: boolean | undefined;
  /** @deprecated Every run now reads the batch group's jobs first; accepted and ignored. */
  recover?: boolean | undefined;
  /**
   * Stops the run at once: no further job is submitted, the current wait ends, and a createBatchJob in
   * flight is abandoned (its outcome is unknown until a later run looks for its job). Jobs already
   * created go on on the server. The run rejects with the signal's reason.
   */
  signal?: AbortSignal | undefined;
  /**
   * Stops the run gently: no further job is submitted and the current wait ends, but a createBatchJob
   * already sent is awaited so that its job is recorded in the state. The run rejects with the signal's
   * reason. The command line's first Ctrl-C; the second is `signal`.
   */
  stop?: AbortSignal | undefined;
  /**
   * Polling of each job (see waitForJob): `maxWaitMs` applies per job, and polls that fail transiently
   * (5xx, 429, no answer) are tried again for up to `maxPollFailureMs` in a row (default 10 minutes).
   */
  wait?: Pick<WaitOptions, 'minDelayMs' | 'maxDelayMs' | 'maxWaitMs' | 'maxPollFailureMs'> | undefined;
  /** How long to keep waiting for a chance to submit a job (429s, same-action job running). Default 1 hour. */
  maxSubmitWaitMs?: number | undefined;
  /** Backoff between refused submissions (defaults 2 s doubling to 60 s). */
  submitDelay?:
    | {
        /** First wait after a refused submission, in ms (default 2 s). */
        minDelayMs?: number | undefined;
        /** Longest wait between two submissions, in ms (default 60 s). */
        maxDelayMs?: number | undefined;
      }
    | undefined;
  /**
   * How long after a createBatchJob whose answer was lost its job may still appear, in ms, on the
   * server's clock: the run looks for it that long before submitting the chunk again, and a run that
   * starts right after the batch group's last activity for these tasks looks that long for a job the
   * stopped run may still have been creating. Default 90 s: the client's default attempt time limit
   * (60 s) plus 30 s; raise it with a longer `timeoutMs`.
   */
  settleWindowMs?: number | undefined;
  /** Keep every failed task in the result's `failedTasks` (default true; false keeps memory flat). */
  collectFailedTasks?: boolean | undefined;
  /** Called, and awaited, with each failed task as soon as its job has ended (each task once). */
  onFailedTask?: ((task: FailedTask) => void | Promise<void>) | undefined;
};

/**
 * What `runTasks` takes: the batch group, the tasks (of one action, any number), and how to name,
 * pace, report and resume the run.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunTasksParams, runTasks } from 'soracom-batch/jobs';
 *
 * const params: RunTasksParams = {
 *   batch_group_id,
 *   tasks: tasks.many('setSimGroup', simIds, groupId),
 *   jobName: 'Move to group',
 *   chunkSize: 5_000,
 *   wait: { maxDelayMs: 10_000 },
 *   signal: AbortSignal.timeout(3_600_000),
 * };
 * const result = await runTasks(batch, params);
 * ```
 * @category Jobs
 */
export type RunTasksParams = RunOptions & RunStream;

/**
 * What `batch.runPlan` takes: streams of several actions, in stages. The streams of a stage run at the
 * same time (the API runs one job per action at a time, so different actions can run together); every
 * stream of a stage finishes before the next stage starts.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunPlanParams, runPlan } from 'soracom-batch/jobs';
 *
 * const params: RunPlanParams = {
 *   batch_group_id,
 *   stages: [
 *     [{ tasks: tasks.many('setSimGroup', simIds, groupId) }, { tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }) }],
 *     [{ tasks: tasks.many('activateSim', simIds) }], // after both of the first stage
 *   ],
 * };
 * const result = await runPlan(batch, params);
 * ```
 * @category Jobs
 */
export type RunPlanParams = RunOptions & {
  /** The stages, in order, each a list of streams run at the same time. */
  stages: ReadonlyArray<ReadonlyArray<RunStream>>;
};

/**
 * A task that failed in a run, with the request it made and the answer it got.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type FailedTask, runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const notFound: FailedTask[] = result.failedTasks.filter((t) => t.response?.statusCode === 404);
 * ```
 * @category Jobs
 */
export type FailedTask = {
  /** The action the task called. */
  action: TaskAction;
  /** The job the task ran in. */
  jobId: string;
  /** The task's ID within its job. */
  taskId: BatchTask['taskId'];
  /** The request the task made (path, method, body). */
  request: BatchTask['request'];
  /** The answer the task got (status code, body). */
  response: BatchTask['response'];
};

/**
 * One job of a run, as the run ended it.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunJobResult, runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const failedJobs: RunJobResult[] = result.jobs.filter((job) => job.status !== 'completed');
 * ```
 * @category Jobs
 */
export type RunJobResult = {
  /** Index of the job's stream in the run, from 0 (always 0 for `runTasks`). */
  stream: number;
  /** Index of the job's chunk in its stream, from 0. */
  chunk: number;
  /** The job's ID. */
  jobId: string;
  /** The job's status when the run ended (`completed`, `failed` or `aborted`; `running` if the run stopped early). */
  status: JobStatus;
  /** Tasks in the job: its chunk's, or those an aborted job of the chunk never ran (`after`). */
  taskCount: number;
  /** The aborted job whose never-run tasks this job ran. */
  after?: string;
  /** The job's task counts when it ended. */
  summary: Summary | undefined;
};

/**
 * Totals of a run or of one of its streams.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunTotals, runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const totals: RunTotals = result;
 * console.log(`${totals.succeeded}/${totals.total}, ${totals.failed} failed, ${totals.notRun} not run`);
 * ```
 * @category Jobs
 */
export type RunTotals = {
  /** Tasks in the run. */
  total: number;
  /** Tasks that succeeded. */
  succeeded: number;
  /** Tasks that failed. */
  failed: number;
  /** Tasks of aborted jobs that never ran, plus tasks of jobs never submitted because the run stopped early. */
  notRun: number;
  /** Tasks an aborted job never ran that a retry of that job (`retryFailed`) took over and ran. */
  handedOver: number;
  /** True when every task ran and succeeded. */
  ok: boolean;
};

/**
 * What `runTasks` resolves to: totals, every job, every failed task, and the final state.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunResult, runTasks } from 'soracom-batch/jobs';
 *
 * const result: RunResult = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * console.log(`${result.succeeded}/${result.total} succeeded, ${result.failed} failed, ${result.notRun} not run`);
 * for (const task of result.failedTasks) console.log(task.request.path, task.response?.statusCode);
 * ```
 * @category Jobs
 */
export type RunResult = RunTotals & {
  /** The batch group the jobs were created in. */
  batchGroupId: string;
  /** The action every task called (the first stream's, for a plan). */
  action: TaskAction;
  /** Every job of the run, in order. */
  jobs: RunJobResult[];
  /** Every failed task (unless `collectFailedTasks` is false). */
  failedTasks: FailedTask[];
  /** Totals per stream, in the order the streams were given. */
  streams: Array<
    RunTotals & {
      /** The action of the stream's tasks. */
      action: TaskAction;
      /** Index of the stream's stage in the plan, from 0 (always 0 for `runTasks`). */
      stage: number;
      /** The stream's generation: 1 for the first run of these tasks in the group, one more for each run again. */
      generation: number;
    }
  >;
  /**
   * Jobs whose task listing held fewer failed tasks than their summary counts, even read twice: those
   * missing are not in `failedTasks`; list them later with `failedTasks` or retry the job.
   */
  listingGaps: ListingGap[];
  /** The run's final state. */
  state: RunState;
};
