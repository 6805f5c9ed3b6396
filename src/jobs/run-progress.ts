import type { ChunkState, ChunkStatus } from './run-state.js';
import type { JobStatus } from './wait-for-job.js';

/** Progress of a run across all its jobs. */
export type RunProgress = {
  /** Tasks in the run. */
  total: number;
  /** Tasks that ran (succeeded + failed). */
  done: number;
  succeeded: number;
  failed: number;
  /** Jobs the run is made of, and how many have finished. */
  jobsTotal: number;
  jobsFinished: number;
  /** The chunk being worked on, when there is one. */
  current?: {
    chunk: number;
    jobId?: string;
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
