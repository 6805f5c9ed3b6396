/**
 * A job's tasks as the runner reads them: checked against the job's summary. A task listing is paged
 * (`x-soracom-next-key`), and a page can come twice (a repeated page under a fresh key) or go missing
 * (a lost next key ends the walk early). Tasks are told apart by their `taskId`, so a repeated page
 * adds nothing; a listing that holds fewer tasks than the summary counts is read once more, and what is
 * still missing is reported (`ListingGap`), never passed over in silence.
 */
import type { BatchTask, BatchJobSummary as Summary } from '../index.js';
import type { CallOptions } from '../transport/transport.js';
import type { RunnerClient } from './api.js';

type TaskStatus = BatchTask['status'];

/**
 * A job whose task listing held fewer tasks of a status than its summary counts, after being read twice.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type ListingGap, runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const gaps: ListingGap[] = result.listingGaps;
 * for (const gap of gaps) console.warn(`job ${gap.jobId}: ${gap.listed} of ${gap.expected} ${gap.status} tasks listed`);
 * ```
 * @category Jobs
 */
export type ListingGap = {
  /** The job. */
  jobId: string;
  /** The status listed (`error`: failed tasks, `pending`: tasks never run). */
  status: BatchTask['status'];
  /** Tasks of that status the summary counts. */
  expected: number;
  /** Distinct tasks of that status the listing held. */
  listed: number;
};

export type JobRef = { batch_group_id: string; job_id: string };

/**
 * Reads a job's tasks of `status` until `expected` distinct ones are seen (at most twice), handing each
 * new one to `onTask` as it comes. Resolves with the number of distinct tasks seen.
 */
export async function readTasksOfStatus(
  api: RunnerClient,
  ref: JobRef,
  status: TaskStatus,
  expected: number,
  options: CallOptions,
  onTask: (task: BatchTask) => void | Promise<void>,
): Promise<number> {
  const seen = new Set<number>();
  for (let read = 0; read < 2 && seen.size < expected; read++) {
    for await (const task of api.listTasksOfBatchJob({ ...ref, status }, options)) {
      if (task.status !== status || seen.has(task.taskId)) continue;
      seen.add(task.taskId);
      await onTask(task);
    }
  }
  return seen.size;
}

/**
 * Counts a job's tasks by status from its task list (for a job whose summary is missing or does not
 * add up), each task once; failed ones are handed to `onFailed`. Read once more when fewer than
 * `taskCount` distinct tasks came.
 */
export async function countTasks(
  api: RunnerClient,
  ref: JobRef,
  taskCount: number,
  options: CallOptions,
  onFailed: (task: BatchTask) => void | Promise<void>,
): Promise<Summary> {
  const seen = new Map<number, TaskStatus>();
  for (let read = 0; read < 2 && seen.size < taskCount; read++) {
    for await (const task of api.listTasksOfBatchJob(ref, options)) {
      const before = seen.get(task.taskId);
      seen.set(task.taskId, task.status);
      if (task.status === 'error' && before !== 'error') await onFailed(task);
    }
  }
  const summary = { pending: 0, success: 0, error: 0 };
  for (const status of seen.values()) summary[status]++;
  // Tasks the listing never showed have not been seen to run.
  summary.pending += Math.max(0, taskCount - seen.size);
  return summary;
}

/** The tasks a job never ran (status `pending`), by task ID, all of them or a gap. */
export async function neverRunTasks(
  api: RunnerClient,
  ref: JobRef,
  expected: number,
  options: CallOptions,
): Promise<{ tasks: BatchTask[]; gap?: ListingGap }> {
  const tasks: BatchTask[] = [];
  const listed = await readTasksOfStatus(api, ref, 'pending', expected, options, (task) => {
    tasks.push(task);
  });
  tasks.sort((a, b) => a.taskId - b.taskId);
  if (listed >= expected) return { tasks };
  return { tasks, gap: { jobId: ref.job_id, status: 'pending', expected, listed } };
}
