import type { ChunkState, ChunkStatus } from './run-state.js';
import type { JobStatus } from './wait-for-job.js';

/**
 * Progress of a run across all its jobs, as `runTasks` reports it to `onProgress`.
 *
 * @example
 * ```ts
 * import { type RunProgress, tasks } from 'soracom-batch';
 *
 * const show = (p: RunProgress) =>
 *   console.log(`${p.done}/${p.total} (${p.failed} failed), job ${p.jobsFinished + 1}/${p.jobsTotal}`, p.current?.waiting ?? '');
 * await batch.runTasks({ batch_group_id, tasks: tasks.many('suspendSim', simIds), onProgress: show });
 * ```
 * @category Jobs
 */
export type RunProgress = {
  /** Tasks in the run. */
  total: number;
  /** Tasks that ran (succeeded + failed). */
  done: number;
  /** Tasks that succeeded so far. */
  succeeded: number;
  /** Tasks that failed so far. */
  failed: number;
  /** Jobs the run is made of, and how many have finished. */
  jobsTotal: number;
  /** Jobs that have finished (completed, failed or aborted). */
  jobsFinished: number;
  /** The chunk being worked on, when there is one. */
  current?: {
    /** Index of the chunk (job) in the run, from 0. */
    chunk: number;
    /** The chunk's job, once it was created. */
    jobId?: string;
    /** The chunk's state, or its job's status while it runs. */
    status: ChunkStatus | JobStatus;
    /** Why the run is waiting before it can submit (rate limited, a same-action job running, ...). */
    waiting?: string;
  };
};

const FINISHED: readonly string[] = ['completed', 'failed', 'aborted'];

export function computeProgress(
  chunks: readonly ChunkState[],
  total: number,
  current?: RunProgress['current'],
): RunProgress {
  let succeeded = 0;
  let failed = 0;
  let jobsFinished = 0;
  for (const chunk of chunks) {
    succeeded += chunk.summary?.success ?? 0;
    failed += chunk.summary?.error ?? 0;
    if (FINISHED.includes(chunk.status)) jobsFinished++;
  }
  const progress: RunProgress = {
    total,
    done: succeeded + failed,
    succeeded,
    failed,
    jobsTotal: chunks.length,
    jobsFinished,
  };
  if (current) progress.current = current;
  return progress;
}
