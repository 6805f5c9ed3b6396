/**
 * The waiting policy the SDK had before it read the job's pace, kept here only as the job-pace
 * benchmark's baseline: the first poll at once, then the SDK's one backoff curve (`backoffMs`,
 * src/transport/retry.ts) from `minDelayMs` doubling to `maxDelayMs`, each delay drawn from the upper
 * half of the ceiling and never below `minDelayMs`, whatever the job's summary shows.
 */
import type { BatchClient, BatchJob } from '../../src/index.js';
import { backoffMs } from '../../src/transport/retry.js';

const ENDED = new Set(['completed', 'failed', 'aborted']);

export async function legacyWaitForJob(
  batch: BatchClient,
  ref: { batch_group_id: string; job_id: string },
  options: { minDelayMs: number; maxDelayMs: number },
): Promise<BatchJob> {
  for (let poll = 0; ; poll++) {
    const job = await batch.getBatchJob(ref);
    if (ENDED.has(job.status ?? '')) return job;
    const delay = backoffMs(poll, {
      baseMs: options.minDelayMs,
      maxMs: options.maxDelayMs,
      floorMs: options.minDelayMs,
    });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
