/**
 * `retryFailed(batch, ...)`: the failed tasks of earlier jobs, and the tasks an aborted one never ran,
 * run again as new jobs. Each job's retry is a run of its own, named by that job (identity.ts), so the
 * batch group's jobs say whether it was retried already: the same retry twice is refused unless
 * `again`, and an interrupted one goes on. A job's never-run tasks are run once, by whichever comes
 * first: its retry, or the run it belongs to resuming (a job marked `after=<job>`).
 */

import { BatchValidationError, UnexpectedResponseError } from '../errors/errors.js';
import type { BatchTask } from '../index.js';
import { isTerminalJobStatus } from '../jobs/wait-for-job.js';
import { recognizeTaskAction, type TaskAction } from '../tasks/actions.js';
import type { PlainTask } from '../tasks/types.js';
import type { CallOptions } from '../transport/transport.js';
import type { RunnerClient } from './api.js';
import { retryIdentity } from './identity.js';
import { readTasksOfStatus } from './job-tasks.js';
import { jobsAfter, readLedger, ServerClock } from './ledger.js';
import { runPlan, type StreamExtras } from './run-tasks.js';
import type { RunResult, RunStream, RunTasksParams } from './run-types.js';

/**
 * What `retryFailed` takes: the job (or jobs) whose failed tasks to run again, and the options of
 * `runTasks` for the new jobs.
 *
 * @example
 * ```ts
 * import { type RetryFailedParams, retryFailed } from 'soracom-batch/jobs';
 *
 * const params: RetryFailedParams = { batch_group_id, job_id: [job_id], skipStatusCodes: [404], jobName: 'Retry' };
 * const result = await retryFailed(batch, params);
 * ```
 * @category Jobs
 */
export type RetryFailedParams = Omit<RunTasksParams, 'tasks' | 'recover'> & {
  /** The job (or jobs) whose failed and never-run tasks to run again; a job named twice is retried once. */
  job_id: string | readonly string[];
  /** Skip failed tasks whose response status is one of these (e.g. 404: the SIM does not exist). */
  skipStatusCodes?: readonly number[] | undefined;
};

/** The tasks of one job to run again, in task order. */
export type RetryableJob = { jobId: string; action: TaskAction | undefined; tasks: PlainTask[] };

function plain(task: BatchTask): PlainTask {
  const { path, method, body } = task.request;
  return { request: body === undefined ? { path, method } : { path, method, body } };
}

function listingError(groupId: string, jobId: string, what: string, listed: number, expected: number): never {
  throw new UnexpectedResponseError(
    `job ${jobId}: its task list shows ${listed} of its ${expected} ${what} task(s), even read twice; ` +
      'nothing was retried (a retry of part of them could not be told from a whole one later): try again later',
    { method: 'GET', path: `/batch_groups/${groupId}/jobs/${jobId}/tasks`, status: 200 },
  );
}

/**
 * The failed tasks of each job (less the skipped status codes), and the tasks an aborted job never ran
 * unless its run already ran them: every listing checked against the job's summary.
 */
export async function collectRetryableTasks(api: RunnerClient, params: RetryFailedParams): Promise<RetryableJob[]> {
  const groupId = params.batch_group_id;
  const options: CallOptions = params.signal ? { signal: params.signal } : {};
  const skip = new Set(params.skipStatusCodes ?? []);
  const ledger = await readLedger(api, groupId, new ServerClock(), options);
  const jobs: RetryableJob[] = [];
  for (const jobId of jobIdsOf(params)) {
    const job = await api.getBatchJob({ batch_group_id: groupId, job_id: jobId }, options);
    if (!isTerminalJobStatus(job.status)) {
      throw new BatchValidationError(
        'retryFailed.job_id',
        'must name jobs that have ended',
        `: job ${jobId} is ${job.status}`,
      );
    }
    const found: BatchTask[] = [];
    const ref = { batch_group_id: groupId, job_id: jobId };
    const errors = job.summary?.error ?? 0;
    const listed = await readTasksOfStatus(api, ref, 'error', errors, options, (t) => void found.push(t));
    if (listed < errors) listingError(groupId, jobId, 'failed', listed, errors);
    const pending = job.status === 'aborted' ? (job.summary?.pending ?? 0) : 0;
    if (pending > 0 && jobsAfter(ledger, jobId).length === 0) {
      const seen = await readTasksOfStatus(api, ref, 'pending', pending, options, (t) => void found.push(t));
      if (seen < pending) listingError(groupId, jobId, 'never-run', seen, pending);
    }
    const tasks = found
      .filter((t) => t.status === 'pending' || t.response?.statusCode === undefined || !skip.has(t.response.statusCode))
      .sort((a, b) => a.taskId - b.taskId)
      .map(plain);
    const first = tasks[0]?.request;
    jobs.push({ jobId, action: first ? recognizeTaskAction(first) : undefined, tasks });
  }
  return jobs;
}

function jobIdsOf(params: RetryFailedParams): string[] {
  const ids = typeof params.job_id === 'string' ? [params.job_id] : [...params.job_id];
  for (const id of ids) {
    if (typeof id !== 'string' || id.trim() === '')
      throw new BatchValidationError('retryFailed.job_id', 'must hold job IDs', `: got ${JSON.stringify(id)}`);
  }
  return [...new Set(ids)];
}

/**
 * Runs the failed (and never-run) tasks of jobs again, one job's retry after the other. When nothing is
 * left to retry it resolves with an empty, `ok` result: no jobs, total 0.
 */
export async function retryFailed(api: RunnerClient, params: RetryFailedParams): Promise<RunResult> {
  if (
    params === null ||
    typeof params !== 'object' ||
    (typeof params.job_id !== 'string' && !Array.isArray(params.job_id))
  ) {
    throw new BatchValidationError('retryFailed.job_id', 'is required', ': a job ID or a list of them');
  }
  const { job_id: _jobs, skipStatusCodes: _skip, jobName, description, chunkSize, ...options } = params;
  const retryable = (await collectRetryableTasks(api, params)).filter((job) => job.tasks.length > 0);
  if (retryable.length === 0) return nothingToRetry(api, params.batch_group_id, jobIdsOf(params)[0] as string);
  const extras = new Map<RunStream, StreamExtras>();
  const stages = retryable.map((job) => {
    const stream: RunStream = { tasks: job.tasks };
    if (jobName !== undefined) stream.jobName = jobName;
    if (description !== undefined) stream.description = description;
    if (chunkSize !== undefined) stream.chunkSize = chunkSize;
    extras.set(stream, { identity: retryIdentity(job.jobId) });
    return [stream];
  });
  return runPlan(api, { ...options, stages }, { entry: 'retryFailed', extras });
}

/** The empty result: it still names the action, read from one task of the first job. */
async function nothingToRetry(api: RunnerClient, batchGroupId: string, jobId: string): Promise<RunResult> {
  const [task] = await api
    .listTasksOfBatchJob({ batch_group_id: batchGroupId, job_id: jobId, limit: 1 }, { maxItems: 1 })
    .toArray();
  const action = task?.request ? recognizeTaskAction(task.request) : undefined;
  if (action === undefined)
    throw new BatchValidationError('retryFailed.job_id', 'must name a job of a supported action');
  return {
    batchGroupId,
    action,
    total: 0,
    succeeded: 0,
    failed: 0,
    notRun: 0,
    handedOver: 0,
    ok: true,
    jobs: [],
    failedTasks: [],
    streams: [],
    listingGaps: [],
    state: { version: 3, batchGroupId, streams: [] },
  };
}
