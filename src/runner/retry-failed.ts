/**
 * `retryFailed(batch, ...)`: the failed tasks of earlier jobs, run again as new jobs with `runTasks`.
 */
import { BatchValidationError } from '../errors/errors.js';
import { failedTasks, type JobsApi } from '../jobs/failed-tasks.js';
import { recognizeTaskAction } from '../tasks/actions.js';
import type { PlainTask } from '../tasks/types.js';
import { type RunResult, type RunTasksParams, runTasks } from './run-tasks.js';

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
export type RetryFailedParams = Omit<RunTasksParams, 'tasks' | 'resume' | 'recover'> & {
  /** The job (or jobs) whose failed tasks to run again. */
  job_id: string | readonly string[];
  /** Skip failed tasks whose response status is one of these (e.g. 404: the SIM does not exist). */
  skipStatusCodes?: readonly number[];
  /** A state reported by an interrupted retry of the same failed tasks. */
  resume?: RunTasksParams['resume'];
};

/** The failed tasks of the jobs as plain tasks, ready to run again. */
export async function collectRetryableTasks(api: JobsApi, params: RetryFailedParams): Promise<PlainTask[]> {
  const jobIds = typeof params.job_id === 'string' ? [params.job_id] : [...params.job_id];
  const skip = new Set(params.skipStatusCodes ?? []);
  const out: PlainTask[] = [];
  for (const jobId of jobIds) {
    for await (const task of failedTasks(
      api,
      { batch_group_id: params.batch_group_id, job_id: jobId },
      params.signal ? { signal: params.signal } : {},
    )) {
      if (!task.request) continue;
      if (task.response?.statusCode !== undefined && skip.has(task.response.statusCode)) continue;
      const { path, method, body } = task.request;
      out.push({ request: body === undefined ? { path, method } : { path, method, body } });
    }
  }
  return out;
}

/**
 * Runs the failed tasks of a job again, as new jobs. When nothing is left to retry (nothing failed, or
 * everything failed with a skipped status) it resolves with an empty, `ok` result: no jobs, total 0.
 */
export async function retryFailed(api: JobsApi, params: RetryFailedParams): Promise<RunResult> {
  if (
    params === null ||
    typeof params !== 'object' ||
    (typeof params.job_id !== 'string' && !Array.isArray(params.job_id))
  ) {
    throw new BatchValidationError('retryFailed.job_id', 'is required', ': a job ID or a list of them');
  }
  const { job_id: _jobs, skipStatusCodes: _skip, ...rest } = params;
  const tasks = await collectRetryableTasks(api, params);
  if (tasks.length > 0) return runTasks(api, { ...rest, tasks });
  // Nothing to run: the result still names the action, read from one task of the first job.
  const first = typeof params.job_id === 'string' ? params.job_id : (params.job_id[0] as string);
  const [task] = await api
    .listTasksOfBatchJob({ batch_group_id: params.batch_group_id, job_id: first, limit: 1 }, { maxItems: 1 })
    .toArray();
  const action = task?.request ? recognizeTaskAction(task.request) : undefined;
  if (action === undefined)
    throw new BatchValidationError('retryFailed.job_id', 'must name a job of a supported action');
  const none = { total: 0, succeeded: 0, failed: 0, notRun: 0, ok: true };
  return {
    batchGroupId: params.batch_group_id,
    action,
    ...none,
    jobs: [],
    failedTasks: [],
    streams: [],
    state: { version: 2, runId: '', batchGroupId: params.batch_group_id, streams: [] },
  };
}
