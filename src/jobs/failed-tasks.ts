/** `failedTasks(batch, ref)`: a job's failed tasks (its task list filtered by `status: error`, across pages). */
import type { BatchMethods } from '../../generated/batch-methods.js';
import type { BatchOperationMethods, BatchTask } from '../client/operation-types.js';
import type { PageCallOptions, PagedCall } from '../pagination/pagination.js';
import type { JobRef } from './wait-for-job.js';

/**
 * The operations the job runner (soracom-batch/jobs) needs, as the client's own methods are typed
 * (from the generated spec types): a renamed parameter or a changed answer fails to compile, not at run time.
 */
export type JobsApi = Pick<
  BatchOperationMethods,
  'createBatchJob' | 'getBatchJob' | 'listBatchJobs' | 'listTasksOfBatchJob'
>;

/**
 * Streams the failed tasks of a job (`for await`, `.toArray()`, `.pages()`): its task list filtered by
 * `status: error`, across pages. `limit` is the page size; `options` are a list call's.
 *
 * @example
 * ```ts
 * import { failedTasks } from 'soracom-batch';
 *
 * for await (const task of failedTasks(batch, { batch_group_id, job_id })) {
 *   console.log(task.request.path, task.response?.statusCode, task.response?.body);
 * }
 * ```
 * @category Jobs
 */
export function failedTasks(
  batch: Pick<BatchMethods, 'listTasksOfBatchJob'>,
  ref: JobRef & { limit?: number | undefined },
  options?: PageCallOptions,
): PagedCall<BatchTask> {
  return batch.listTasksOfBatchJob({ ...ref, status: 'error' }, options);
}
