/**
 * The job helpers the client carries beside the operation methods: waiting, running at scale,
 * failed tasks. They use only the public operation methods, so they work the same over any transport.
 */
import type { CallOptions } from '../transport/call-options.js';
import { type RetryFailedParams, retryFailed } from './failed-tasks.js';
import { failedTasks } from './list-failed-tasks.js';
import { type JobsApi, type RunResult, type RunTasksParams, runTasks } from './run-tasks.js';
import { type BatchJob, type JobRef, type WaitOptions, waitForJob } from './wait-for-job.js';

export type JobMethods = {
  /** Polls the job until it is completed, failed or aborted (see WaitOptions for the defaults). */
  waitForJob(ref: JobRef, options?: WaitOptions): Promise<BatchJob>;
  /** Runs any number of tasks of one action as jobs of at most 10,000 tasks, one after another. */
  runTasks(params: RunTasksParams): Promise<RunResult>;
  /** Streams the failed tasks of a job (`for await`, `.toArray()`, `.pages()`). */
  failedTasks(
    ref: JobRef & { limit?: number },
    options?: CallOptions & { maxItems?: number },
  ): ReturnType<JobsApi['listTasksOfBatchJob']>;
  /** Runs a job's failed tasks again as new jobs; `undefined` when there is nothing to retry. */
  retryFailed(params: RetryFailedParams): Promise<RunResult | undefined>;
};

export function createJobMethods(api: JobsApi): JobMethods {
  return {
    waitForJob: (ref, options) => waitForJob((r, o) => api.getBatchJob(r, o), ref, options),
    runTasks: (params) => runTasks(api, params),
    failedTasks: (ref, options) => failedTasks(api, ref, options),
    retryFailed: (params) => retryFailed(api, params),
  };
}
