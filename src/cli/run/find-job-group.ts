/**
 * `retry-failed --job ID` without `--batch-group-id`: a job is addressed through its group, so look
 * for the group that has it (one getBatchJob per group; 404 means "not this one").
 */
import type { BatchClient } from '../../client/client.js';
import { isSoracomError, NotFoundError } from '../../errors/errors.js';
import { UsageError } from '../cli-errors.js';

export async function findJobGroup(batch: BatchClient, jobId: string, signal?: AbortSignal): Promise<string> {
  const options = signal ? { signal } : {};
  for await (const group of batch.listBatchGroups({}, options)) {
    if (!group.batchGroupId) continue;
    try {
      await batch.getBatchJob({ batch_group_id: group.batchGroupId, job_id: jobId }, options);
      return group.batchGroupId;
    } catch (error) {
      if (!isSoracomError(error, NotFoundError)) throw error;
    }
  }
  throw new UsageError(`job ${jobId} is in none of your batch groups: check the ID, or pass --batch-group-id`);
}
