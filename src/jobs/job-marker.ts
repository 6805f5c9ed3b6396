/**
 * Every job a run creates carries a marker in its description (`[soracom-batch run=<id> chunk=2/6]`).
 * If the process dies after createBatchJob was sent but before its answer was recorded, or the answer
 * was lost (timeout, 5xx, reset connection), the marker finds the job that may have been created, so
 * the chunk is adopted instead of submitted a second time.
 */
import { batchLimits } from '../tasks/job-limits.js';
import type { BatchJob } from './wait-for-job.js';

export function jobMarker(runId: string, chunkIndex: number, chunkCount: number): string {
  return `[soracom-batch run=${runId} chunk=${chunkIndex + 1}/${chunkCount}]`;
}

/** The description sent with a chunk's job: the caller's description, then the marker. */
export function describeChunkJob(description: string | undefined, marker: string): string {
  return description ? `${description} ${marker}` : marker;
}

/** Room left for the caller's description once the longest marker is appended. */
export function maxUserDescriptionLength(chunkCount: number): number {
  return batchLimits.maxJobDescriptionLength - jobMarker('x'.repeat(12), chunkCount - 1, chunkCount).length - 1;
}

export type ListJobs = (groupId: string) => AsyncIterable<BatchJob>;

/** The job of the group whose description ends with `marker`, if any. */
export async function findMarkedJob(
  listJobs: ListJobs,
  groupId: string,
  marker: string,
): Promise<BatchJob | undefined> {
  for await (const job of listJobs(groupId)) {
    if (job.description?.endsWith(marker)) return job;
  }
  return undefined;
}
