/**
 * `batch.runTasks(...)`: apply one action to any number of targets. The task list is split into jobs
 * of at most 10,000 tasks (the API's limit), run one after another (only one job per action runs at a
 * time), each waited for; progress is reported across all of them, the state after every change, and
 * the result lists every job and every failed task with its request and response.
 */
import type { components } from '../../generated/batch.js';
import type { BatchOperationMethods } from '../client/operation-types.js';
import { BatchValidationError } from '../errors/errors.js';
import type { TaskAction } from '../tasks/actions.js';
import { oneActionChecker } from '../tasks/job-body.js';
import type { JobTasks, PlainTask, Task } from '../tasks/types.js';
import type { CallOptions } from '../transport/transport.js';
import { chunkDescription, chunkJobName, jobMarker, planRun } from './plan.js';
import {
  type ChunkState,
  checkResumeState,
  computeProgress,
  fingerprintTasks,
  initialRunState,
  isFinishedChunk,
  type RunProgress,
  type RunState,
} from './run-state.js';
import { findMarkedJob, submitChunk } from './submit.js';
import { checkDelayOption, type JobStatus, type WaitOptions, waitForJob } from './wait-for-job.js';

type BatchTask = components['schemas']['BatchTaskResponse'];

/**
 * The operations a run needs, as the client's own methods are typed (from the generated spec types):
 * a renamed parameter or a changed answer fails to compile here, not at run time.
 */
export type JobsApi = Pick<
  BatchOperationMethods,
  'createBatchJob' | 'getBatchJob' | 'listBatchJobs' | 'listTasksOfBatchJob'
>;

/** A task `runTasks` accepts: one built by `tasks.<action>(...)`, or a plain `{ request }` object. */
export type RunnableTask = Task | PlainTask;

/**
 * What `batch.runTasks` takes: the batch group, the tasks (of one action, any number), and how to name,
 * pace, report and resume the run.
 *
 * @example
 * ```ts
 * import { type RunTasksParams, tasks } from 'soracom-batch';
 *
 * const params: RunTasksParams = {
 *   batch_group_id,
 *   tasks: tasks.many('setSimGroup', simIds, groupId),
 *   jobName: 'Move to group',
 *   chunkSize: 5_000,
 *   wait: { maxDelayMs: 10_000 },
 *   signal: AbortSignal.timeout(3_600_000),
 * };
 * const result = await batch.runTasks(params);
 * ```
 * @category Jobs
 */
export type RunTasksParams = {
  /** The batch group the jobs are created in. */
  batch_group_id: string;
  /**
   * Tasks of one action, any number. Built tasks of two actions in one list do not compile, as for
   * createBatchJob; plain `{ request }` objects and untyped callers are checked before anything is sent.
   */
  tasks: JobTasks;
  /** Name of the jobs; with several jobs, ` (2/6)` is appended. */
  jobName?: string;
  /** Description of the jobs; the run appends a marker that identifies each job. */
  description?: string;
  /** Passed to every job: stop at the first failed task; the run then submits no further job. */
  abortOnFailure?: boolean;
  /** Called with the progress across all jobs whenever it changes. */
  onProgress?: (progress: RunProgress) => void;
  /** Called (and awaited) with the state after every change; persist it to resume after a crash. */
  onState?: (state: RunState) => void | Promise<void>;
  /** A state reported by an earlier, interrupted run of the same tasks: resume it. */
  resume?: RunState;
  /** Stops the run: no further job is submitted and the current wait ends; jobs already created go on on the server. */
  signal?: AbortSignal;
  /** Tasks per job, at most (and by default) 10,000. */
  chunkSize?: number;
  /** Polling of each job (see waitForJob); `maxWaitMs` applies per job. */
  wait?: Pick<WaitOptions, 'minDelayMs' | 'maxDelayMs' | 'maxWaitMs'>;
  /** How long to keep waiting for a chance to submit a job (429s, same-action job running). Default 1 hour. */
  maxSubmitWaitMs?: number;
  /** Backoff between refused submissions (defaults 2 s doubling to 60 s). */
  submitDelay?: {
    /** First wait after a refused submission, in ms (default 2 s). */
    minDelayMs?: number;
    /** Longest wait between two submissions, in ms (default 60 s). */
    maxDelayMs?: number;
  };
  /** Read the failed tasks of every job that had any (default true). */
  collectFailedTasks?: boolean;
};

/**
 * A task that failed in a run, with the request it made and the answer it got.
 *
 * @example
 * ```ts
 * import { type FailedTask, tasks } from 'soracom-batch';
 *
 * const result = await batch.runTasks({ batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const notFound: FailedTask[] = result.failedTasks.filter((t) => t.response?.statusCode === 404);
 * ```
 * @category Jobs
 */
export type FailedTask = {
  /** The job the task ran in. */
  jobId: string;
  /** The task's ID within its job. */
  taskId: number | undefined;
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
 * import { type RunJobResult, tasks } from 'soracom-batch';
 *
 * const result = await batch.runTasks({ batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const failedJobs: RunJobResult[] = result.jobs.filter((job) => job.status !== 'completed');
 * ```
 * @category Jobs
 */
export type RunJobResult = {
  /** Index of the job's chunk in the run, from 0. */
  chunk: number;
  /** The job's ID. */
  jobId: string;
  /** The job's final status (`completed`, `failed` or `aborted`). */
  status: JobStatus;
  /** Tasks in the job. */
  taskCount: number;
  /** The job's task counts when it ended. */
  summary: components['schemas']['BatchJobSummary'] | undefined;
};

/**
 * What `runTasks` resolves to: totals, every job, every failed task, and the final state.
 *
 * @example
 * ```ts
 * import { type RunResult, tasks } from 'soracom-batch';
 *
 * const result: RunResult = await batch.runTasks({ batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * console.log(`${result.succeeded}/${result.total} succeeded, ${result.failed} failed, ${result.notRun} not run`);
 * for (const task of result.failedTasks) console.log(task.request?.path, task.response?.statusCode);
 * ```
 * @category Jobs
 */
export type RunResult = {
  /** The batch group the jobs were created in. */
  batchGroupId: string;
  /** The action every task called. */
  action: TaskAction;
  /** Tasks in the run. */
  total: number;
  /** Tasks that succeeded. */
  succeeded: number;
  /** Tasks that failed. */
  failed: number;
  /** Tasks of aborted jobs that never ran, plus tasks of jobs never submitted because the run stopped early. */
  notRun: number;
  /** True when every task ran and succeeded. */
  ok: boolean;
  /** Every job of the run, in order. */
  jobs: RunJobResult[];
  /** Every failed task (read when `collectFailedTasks` is true, the default). */
  failedTasks: FailedTask[];
  /** The run's final state. */
  state: RunState;
};

const fail = (argument: string, rule: string, detail?: string): never => {
  throw new BatchValidationError(`runTasks.${argument}`, rule, detail);
};

/** The single action of the list, checking every task; refuses an empty, unknown or mixed list. */
function actionOf(tasks: readonly RunnableTask[]): TaskAction {
  if (!Array.isArray(tasks)) fail('tasks', 'must be an array', ' of tasks');
  if (tasks.length === 0) fail('tasks', 'must not be empty', ': pass at least one task');
  const check = oneActionChecker('runTasks.tasks', 'run one list per action');
  let action: TaskAction | undefined;
  for (let i = 0; i < tasks.length; i++) action = check(tasks[i], i);
  return action as TaskAction;
}

/**
 * Checks every option of a run before anything is sent: a NaN delay would turn the submission backoff
 * into a busy loop against a "same action already running" 400, and a NaN wait limit would never end.
 */
function checkParams(params: RunTasksParams): void {
  if (typeof params.batch_group_id !== 'string' || params.batch_group_id.trim() === '') {
    fail('batch_group_id', 'is required', ': a non-empty string');
  }
  if (params.abortOnFailure !== undefined && typeof params.abortOnFailure !== 'boolean')
    fail('abortOnFailure', 'must be a boolean');
  if (params.collectFailedTasks !== undefined && typeof params.collectFailedTasks !== 'boolean')
    fail('collectFailedTasks', 'must be a boolean');
  for (const name of ['onProgress', 'onState'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'function') fail(name, 'must be a function');
  }
  const delays: Array<[string, unknown]> = [
    ['maxSubmitWaitMs', params.maxSubmitWaitMs],
    ['submitDelay.minDelayMs', params.submitDelay?.minDelayMs],
    ['submitDelay.maxDelayMs', params.submitDelay?.maxDelayMs],
    ['wait.minDelayMs', params.wait?.minDelayMs],
    ['wait.maxDelayMs', params.wait?.maxDelayMs],
    ['wait.maxWaitMs', params.wait?.maxWaitMs],
  ];
  for (const [name, value] of delays) checkDelayOption(`runTasks.${name}`, value, 0);
}

async function collectFailed(
  api: JobsApi,
  groupId: string,
  jobId: string,
  signal: AbortSignal | undefined,
  into: FailedTask[],
): Promise<void> {
  const call = api.listTasksOfBatchJob(
    { batch_group_id: groupId, job_id: jobId, status: 'error' },
    signal ? { signal } : {},
  );
  for await (const task of call) {
    into.push({ jobId, taskId: task.taskId, request: task.request, response: task.response });
  }
}

export async function runTasks(api: JobsApi, params: RunTasksParams): Promise<RunResult> {
  const action = actionOf(params.tasks);
  checkParams(params);
  const total = params.tasks.length;
  const plan = planRun({
    taskCount: total,
    chunkSize: params.chunkSize,
    jobName: params.jobName,
    description: params.description,
  });
  const { chunkSize } = plan;
  const chunkCount = plan.chunks.length;
  const groupId = params.batch_group_id;
  const expected = {
    batchGroupId: groupId,
    action,
    taskCount: total,
    chunkSize,
    fingerprint: fingerprintTasks(params.tasks),
  };
  const state = params.resume ? checkResumeState(params.resume, expected) : initialRunState(expected);
  const { signal } = params;
  const callOptions: CallOptions = signal ? { signal } : {};

  const saveState = async () => {
    await params.onState?.(structuredClone(state));
  };
  const report = (current?: RunProgress['current']) =>
    params.onProgress?.(computeProgress(state.chunks, total, current));
  const listJobs = (id: string) => api.listBatchJobs({ batch_group_id: id }, callOptions);

  await saveState();
  report();
  const failedTasks: FailedTask[] = [];
  let stopped = false;

  for (const chunk of state.chunks) {
    if (isFinishedChunk(chunk)) continue;
    if (stopped) break;
    signal?.throwIfAborted();
    const marker = jobMarker(state.runId, chunk.index, chunkCount);

    if (chunk.status === 'submitting') {
      // A previous run sent (or was about to send) this chunk and did not record the answer.
      const found = await findMarkedJob(listJobs, groupId, marker);
      if (found?.jobId) {
        chunk.jobId = found.jobId;
        chunk.status = 'running';
        await saveState();
      }
    }
    if (chunk.status === 'pending' || chunk.status === 'submitting') {
      chunk.status = 'submitting';
      await saveState();
      report({ chunk: chunk.index, status: 'submitting' });
      const jobName = chunkJobName(params.jobName, chunk.index, chunkCount);
      const body = {
        tasks: params.tasks.slice(chunk.start, chunk.end) as JobTasks,
        description: chunkDescription(params.description, marker),
        ...(jobName !== undefined ? { jobName } : {}),
        ...(params.abortOnFailure !== undefined ? { abortOnFailure: params.abortOnFailure } : {}),
      };
      const { job } = await submitChunk({
        createJob: (s) => api.createBatchJob({ batch_group_id: groupId, body }, s ? { signal: s } : {}),
        listJobs,
        groupId,
        marker,
        signal,
        maxSubmitWaitMs: params.maxSubmitWaitMs ?? 3_600_000,
        minDelayMs: params.submitDelay?.minDelayMs,
        maxDelayMs: params.submitDelay?.maxDelayMs,
        onWait: (waiting) => report({ chunk: chunk.index, status: 'submitting', waiting }),
      });
      if (!job.jobId) throw new TypeError('createBatchJob answered a job without jobId');
      chunk.jobId = job.jobId;
      chunk.status = 'running';
      if (job.summary) chunk.summary = job.summary;
      await saveState();
    }

    const jobId = chunk.jobId as string;
    const finished = await waitForJob(
      (ref, o) => api.getBatchJob(ref, o),
      { batch_group_id: groupId, job_id: jobId },
      {
        ...params.wait,
        ...(signal ? { signal } : {}),
        onProgress: (job) => {
          if (job.summary) chunk.summary = job.summary;
          report({ chunk: chunk.index, jobId, status: job.status ?? 'running' });
        },
      },
    );
    chunk.status = finished.status as ChunkState['status'];
    if (finished.summary) chunk.summary = finished.summary;
    await saveState();
    report({ chunk: chunk.index, jobId, status: chunk.status });
    if (params.abortOnFailure && finished.status !== 'completed') stopped = true;
  }

  if (params.collectFailedTasks !== false) {
    for (const chunk of state.chunks) {
      if (chunk.jobId && (chunk.summary?.error ?? 0) > 0)
        await collectFailed(api, groupId, chunk.jobId, signal, failedTasks);
    }
  }

  const progress = computeProgress(state.chunks, total);
  const jobs: RunJobResult[] = state.chunks
    .filter((c) => c.jobId)
    .map((c) => ({
      chunk: c.index,
      jobId: c.jobId as string,
      status: c.status as JobStatus,
      taskCount: c.end - c.start,
      summary: c.summary,
    }));
  return {
    batchGroupId: groupId,
    action,
    total,
    succeeded: progress.succeeded,
    failed: progress.failed,
    notRun: total - progress.done,
    ok: progress.succeeded === total,
    jobs,
    failedTasks,
    state: structuredClone(state),
  };
}
