/**
 * The job helpers the client carries beside the operation methods: waiting for a job and reading its
 * failed tasks. They use only the client's operation methods. Running tasks at scale (`runTasks`,
 * `runPlan`, `retryFailed`) is the job runner of `soracom-batch/jobs`.
 */
import type { CallOptions } from '../transport/transport.js';
import { failedTasks, type JobsApi } from './failed-tasks.js';
import { type BatchJob, type JobRef, type WaitOptions, waitForJob } from './wait-for-job.js';

/**
 * The job helpers every {@link BatchClient} carries: `waitForJob` and `failedTasks`.
 *
 * @example
 * ```ts
 * const job = await batch.waitForJob({ batch_group_id, job_id });
 * if (job.status !== 'completed') {
 *   for await (const task of batch.failedTasks({ batch_group_id, job_id })) console.log(task.request.path);
 * }
 * ```
 * @category Jobs
 */
export type JobMethods = {
  /**
   * Polls the job until it is completed, failed or aborted (see WaitOptions for the defaults).
   *
   * Resolves with the finished job, also when it failed (unless `throwOnFailure`); rejects with
   * {@link WaitTimeoutError} after `maxWaitMs`, and with {@link UnexpectedResponseError} at once on a
   * status the spec did not list.
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
   * Streams the failed tasks of a job (`for await`, `.toArray()`, `.pages()`).
   *
   * @example
   * ```ts
   * for await (const task of batch.failedTasks({ batch_group_id, job_id })) {
   *   console.log(task.request.path, task.response?.statusCode, task.response?.body);
   * }
   * ```
   */
  failedTasks(
    ref: JobRef & { limit?: number },
    options?: CallOptions & { maxItems?: number },
  ): ReturnType<JobsApi['listTasksOfBatchJob']>;
};

export function createJobMethods(api: JobsApi): JobMethods {
  return {
    waitForJob: (ref, options) => waitForJob((r, o) => api.getBatchJob(r, o), ref, options),
    failedTasks: (ref, options) => failedTasks(api, ref, options),
  };
}
