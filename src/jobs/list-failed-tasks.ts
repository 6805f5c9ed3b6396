/** A job's failed tasks: its task list filtered by `status: error`, across pages. */
import type { PagedCall } from '../pagination/page.js';
import type { CallOptions } from '../transport/call-options.js';
import type { JobsApi } from './run-tasks.js';

type BatchTask = Awaited<ReturnType<JobsApi['listTasksOfBatchJob']>>[number];

export function failedTasks(
  api: JobsApi,
  ref: { batch_group_id: string; job_id: string; limit?: number },
  options?: CallOptions & { maxItems?: number },
): PagedCall<BatchTask> {
  return api.listTasksOfBatchJob({ ...ref, status: 'error' }, options);
}
