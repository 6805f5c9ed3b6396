/**
 * `batch.runTasks(...)`: apply one action to any number of targets. The task list is split into jobs
 * of at most 10,000 tasks (the API's limit), run one after another (only one job per action runs at a
 * time), each waited for; progress is reported across all of them, the state after every change, and
 * the result lists every job and every failed task with its request and response.
 */
import type { components } from '../../generated/batch.js';
import { BatchValidationError } from '../errors/validation-error.js';
import type { PagedCall } from '../pagination/page.js';
import { batchLimits } from '../tasks/job-limits.js';
import { recognizeTaskAction } from '../tasks/recognize-action.js';
import type { TaskAction } from '../tasks/task-action.js';
import type { PlainTask, Task } from '../tasks/task-types.js';
import type { CallOptions } from '../transport/call-options.js';
import { describeChunkJob, findMarkedJob, jobMarker, maxUserDescriptionLength } from './job-marker.js';
import { computeProgress, type RunProgress } from './run-progress.js';
import {
  type ChunkState,
  checkResumeState,
  FINISHED_CHUNK,
  fingerprintTasks,
  initialRunState,
  type RunState,
} from './run-state.js';
import { submitChunk } from './submit-chunk.js';
import { type BatchJob, type WaitOptions, waitForJob } from './wait-for-job.js';

type BatchTask = components['schemas']['BatchTaskResponse'];

/** The operations a run needs; the client provides them. */
export type JobsApi = {
  createBatchJob(params: { batch_group_id: string; body: unknown }, options?: CallOptions): Promise<BatchJob>;
  getBatchJob(params: { batch_group_id: string; job_id: string }, options?: CallOptions): Promise<BatchJob>;
  listBatchJobs(params: { batch_group_id: string }, options?: CallOptions): PagedCall<BatchJob>;
  listTasksOfBatchJob(
    params: { batch_group_id: string; job_id: string; status?: 'pending' | 'success' | 'error' },
    options?: CallOptions,
  ): PagedCall<BatchTask>;
};

/**
 * A task `runTasks` accepts: one built by `tasks.<action>(...)`, or a plain `{ request }` object.
 *
 * @example
 * ```ts
 * import { type RunnableTask, tasks } from 'soracom-batch';
 *
 * const list: RunnableTask[] = [
 *   tasks.activateSim(simId),
 *   { request: { path: '/v1/sims/8981100000000000001/activate', method: 'POST', body: { sim_id: '8981100000000000001' } } },
 * ];
 * await batch.runTasks({ batch_group_id, tasks: list });
 * ```
 * @category Jobs
 */
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
  /** Tasks of one action, any number. */
  tasks: readonly RunnableTask[];
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
  status: string;
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

const fail = (argument: string, rule: string, message: string): never => {
  throw new BatchValidationError(`runTasks.${argument}`, rule, `runTasks: ${message}`);
};

/** The single action of the list, checking every task; refuses an empty, unknown or mixed list. */
function actionOf(tasks: readonly RunnableTask[]): TaskAction {
  if (!Array.isArray(tasks)) fail('tasks', 'must be an array', 'tasks must be an array of tasks');
  if (tasks.length === 0) fail('tasks', 'must not be empty', 'tasks must hold at least one task');
  let action: TaskAction | undefined;
  for (let i = 0; i < tasks.length; i++) {
    const request = (tasks[i] as { request?: { path?: unknown; method?: unknown } } | undefined)?.request;
    if (!request || typeof request.path !== 'string' || typeof request.method !== 'string') {
      fail(
        `tasks[${i}]`,
        'must be a { request: { path, method, body } } object',
        `tasks[${i}] must be a { request: { path, method, body } } object`,
      );
    }
    const found = recognizeTaskAction(request as { path: string; method: string }, action);
    if (found === undefined) {
      fail(
        `tasks[${i}]`,
        'must call a supported action',
        `tasks[${i}] (${String(request?.method)} ${String(request?.path)}) calls none of the actions a Batch task supports`,
      );
    }
    if (action !== undefined && found !== action) {
      fail(
        'tasks',
        'must all call the same action',
        `tasks mixes actions: tasks[0] calls ${action} but tasks[${i}] calls ${found}; run one list per action`,
      );
    }
    action = found;
  }
  return action as TaskAction;
}

function checkParams(params: RunTasksParams, chunkCount: number): void {
  if (typeof params.batch_group_id !== 'string' || params.batch_group_id.trim() === '') {
    fail('batch_group_id', 'is required', 'batch_group_id must be a non-empty string');
  }
  const suffix = chunkCount > 1 ? ` (${chunkCount}/${chunkCount})`.length : 0;
  if (
    params.jobName !== undefined &&
    (typeof params.jobName !== 'string' || params.jobName.length + suffix > batchLimits.maxJobNameLength)
  ) {
    fail(
      'jobName',
      `must be at most ${batchLimits.maxJobNameLength - suffix} characters`,
      `jobName must be a string of at most ${batchLimits.maxJobNameLength - suffix} characters (the job limit is ${batchLimits.maxJobNameLength}, and " (i/${chunkCount})" is appended)`,
    );
  }
  const room = maxUserDescriptionLength(chunkCount);
  if (
    params.description !== undefined &&
    (typeof params.description !== 'string' || params.description.length > room)
  ) {
    fail(
      'description',
      `must be at most ${room} characters`,
      `description must be a string of at most ${room} characters (the job limit is ${batchLimits.maxJobDescriptionLength}, and the run appends a marker)`,
    );
  }
  if (params.abortOnFailure !== undefined && typeof params.abortOnFailure !== 'boolean')
    fail('abortOnFailure', 'must be a boolean', 'abortOnFailure must be a boolean');
}

function chunkSizeOf(params: RunTasksParams): number {
  const size = params.chunkSize ?? batchLimits.maxTasksPerJob;
  if (!Number.isInteger(size) || size < 1 || size > batchLimits.maxTasksPerJob) {
    fail(
      'chunkSize',
      `must be an integer from 1 to ${batchLimits.maxTasksPerJob}`,
      `chunkSize must be an integer from 1 to ${batchLimits.maxTasksPerJob} (tasks per job)`,
    );
  }
  return size;
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
  const chunkSize = chunkSizeOf(params);
  const total = params.tasks.length;
  const chunkCount = Math.ceil(total / chunkSize);
  checkParams(params, chunkCount);
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
    if (FINISHED_CHUNK.includes(chunk.status)) continue;
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
      const body = {
        tasks: params.tasks.slice(chunk.start, chunk.end),
        description: describeChunkJob(params.description, marker),
        ...(params.jobName !== undefined
          ? { jobName: chunkCount > 1 ? `${params.jobName} (${chunk.index + 1}/${chunkCount})` : params.jobName }
          : {}),
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
      status: c.status,
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
