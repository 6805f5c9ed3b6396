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

export type RunnableTask = Task | PlainTask;

export type RunTasksParams = {
  batch_group_id: string;
  /** Tasks of one action, any number. */
  tasks: readonly RunnableTask[];
  /** Name of the jobs; with several jobs, ` (2/6)` is appended. */
  jobName?: string;
  /** Description of the jobs; the run appends a marker that identifies each job. */
  description?: string;
  /** Passed to every job: stop at the first failed task; the run then submits no further job. */
  abortOnFailure?: boolean;
  onProgress?: (progress: RunProgress) => void;
  /** Called (and awaited) with the state after every change; persist it to resume after a crash. */
  onState?: (state: RunState) => void | Promise<void>;
  /** A state reported by an earlier, interrupted run of the same tasks: resume it. */
  resume?: RunState;
  signal?: AbortSignal;
  /** Tasks per job, at most (and by default) 10,000. */
  chunkSize?: number;
  /** Polling of each job (see waitForJob); `maxWaitMs` applies per job. */
  wait?: Pick<WaitOptions, 'minDelayMs' | 'maxDelayMs' | 'maxWaitMs'>;
  /** How long to keep waiting for a chance to submit a job (429s, same-action job running). Default 1 hour. */
  maxSubmitWaitMs?: number;
  /** Backoff between refused submissions (defaults 2 s doubling to 60 s). */
  submitDelay?: { minDelayMs?: number; maxDelayMs?: number };
  /** Read the failed tasks of every job that had any (default true). */
  collectFailedTasks?: boolean;
};

export type FailedTask = {
  jobId: string;
  taskId: number | undefined;
  request: BatchTask['request'];
  response: BatchTask['response'];
};

export type RunJobResult = {
  chunk: number;
  jobId: string;
  status: string;
  taskCount: number;
  summary: components['schemas']['BatchJobSummary'] | undefined;
};

export type RunResult = {
  batchGroupId: string;
  action: TaskAction;
  total: number;
  succeeded: number;
  failed: number;
  /** Tasks of aborted jobs that never ran, plus tasks of jobs never submitted because the run stopped early. */
  notRun: number;
  /** True when every task ran and succeeded. */
  ok: boolean;
  jobs: RunJobResult[];
  failedTasks: FailedTask[];
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
