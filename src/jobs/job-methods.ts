/**
 * The job helpers the client carries beside the operation methods: waiting, running at scale,
 * failed tasks. They use only the public operation methods, so they work the same over any transport.
 */
import type { CallOptions } from '../transport/transport.js';
import { failedTasks, type RetryFailedParams, retryFailed } from './failed-tasks.js';
import {
  type JobsApi,
  type RunDefaults,
  type RunPlanParams,
  type RunResult,
  type RunTasksParams,
  runPlan,
  runTasks,
} from './run-tasks.js';
import { type BatchJob, type JobRef, type WaitOptions, waitForJob } from './wait-for-job.js';

/**
 * The job helpers every {@link BatchClient} carries: `waitForJob`, `runTasks`, `runPlan`, `failedTasks`
 * and `retryFailed`.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 *
 * const result = await batch.runTasks({ batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * if (!result.ok) {
 *   const retried = await batch.retryFailed({ batch_group_id, job_id: result.jobs.map((j) => j.jobId) });
 *   console.log(retried.ok);
 * }
 * ```
 * @category Jobs
 */
export type JobMethods = {
  /**
   * Polls the job until it is completed, failed or aborted (see WaitOptions for the defaults).
   *
   * Resolves with the finished job, also when it failed (unless `throwOnFailure`); rejects with
   * {@link WaitTimeoutError} after `maxWaitMs`.
   *
   * @example
   * ```ts
   * const job = await batch.waitForJob(
   *   { batch_group_id, job_id },
   *   { maxWaitMs: 30 * 60_000, onProgress: (j) => console.log(j.status, j.summary) },
   * );
   * console.log(job.status); // 'completed', 'failed' or 'aborted'
   * ```
   */
  waitForJob(ref: JobRef, options?: WaitOptions): Promise<BatchJob>;
  /**
   * Runs any number of tasks of one action as jobs of at most 10,000 tasks, one after another.
   *
   * Each job is waited for; the result lists every job and every failed task. Pass `onState` to
   * persist the run and `resume` to continue it after a crash without submitting a task twice.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const result = await batch.runTasks({
   *   batch_group_id,
   *   jobName: 'Tag SIMs',
   *   tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }),
   *   onProgress: (p) => console.log(`${p.done}/${p.total}`),
   * });
   * console.log(result.ok, result.succeeded, result.failed, result.notRun);
   * ```
   */
  runTasks(params: RunTasksParams): Promise<RunResult>;
  /**
   * Runs streams of several actions at once, in stages, each stream as `runTasks` runs its tasks.
   *
   * The streams of a stage run at the same time (one job per action at a time, so different actions can
   * run together); every stream of a stage finishes before the next stage starts. Progress, state,
   * resume, recovery and failed tasks work across all streams.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const result = await batch.runPlan({
   *   batch_group_id,
   *   stages: [
   *     [{ tasks: tasks.many('setSimGroup', simIds, groupId) }, { tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }) }],
   *     [{ tasks: tasks.many('activateSim', simIds) }],
   *   ],
   * });
   * for (const stream of result.streams) console.log(stream.action, stream.succeeded, stream.failed);
   * ```
   */
  runPlan(params: RunPlanParams): Promise<RunResult>;
  /**
   * Streams the failed tasks of a job (`for await`, `.toArray()`, `.pages()`).
   *
   * @example
   * ```ts
   * for await (const task of batch.failedTasks({ batch_group_id, job_id })) {
   *   console.log(task.request?.path, task.response?.statusCode, task.response?.body);
   * }
   * ```
   */
  failedTasks(
    ref: JobRef & { limit?: number },
    options?: CallOptions & { maxItems?: number },
  ): ReturnType<JobsApi['listTasksOfBatchJob']>;
  /**
   * Runs a job's failed tasks again as new jobs; an empty, `ok` result (total 0) when there is nothing to retry.
   *
   * @example
   * ```ts
   * const retried = await batch.retryFailed({ batch_group_id, job_id, skipStatusCodes: [404] });
   * if (retried.total === 0) console.log('nothing to retry');
   * else console.log(`${retried.succeeded} succeeded on retry, ${retried.failed} failed again`);
   * ```
   */
  retryFailed(params: RetryFailedParams): Promise<RunResult>;
};

export function createJobMethods(api: JobsApi, defaults: RunDefaults): JobMethods {
  return {
    waitForJob: (ref, options) => waitForJob((r, o) => api.getBatchJob(r, o), ref, options),
    runTasks: (params) => runTasks(api, params, defaults),
    runPlan: (params) => runPlan(api, params, defaults),
    failedTasks: (ref, options) => failedTasks(api, ref, options),
    retryFailed: (params) => retryFailed(api, params, defaults),
  };
}
