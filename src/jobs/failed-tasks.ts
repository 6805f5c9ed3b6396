/** `batch.failedTasks(...)`: a job's failed tasks (its task list filtered by `status: error`, across pages). */
import type { BatchOperationMethods } from '../client/operation-types.js';
import type { PagedCall } from '../pagination/pagination.js';
import type { CallOptions } from '../transport/transport.js';

/**
 * The operations the job helpers and the runner need, as the client's own methods are typed (from
 * the generated spec types): a renamed parameter or a changed answer fails to compile, not at run time.
 */
export type JobsApi = Pick<
  BatchOperationMethods,
  'createBatchJob' | 'getBatchJob' | 'listBatchJobs' | 'listTasksOfBatchJob'
>;

type BatchTask = Awaited<ReturnType<JobsApi['listTasksOfBatchJob']>>[number];

/** A job's failed tasks: its task list filtered by `status: error`, across pages. */
export function failedTasks(
  api: JobsApi,
  ref: { batch_group_id: string; job_id: string; limit?: number },
  options?: CallOptions & { maxItems?: number },
): PagedCall<BatchTask> {
  return api.listTasksOfBatchJob({ ...ref, status: 'error' }, options);
}
