/**
 * The batch group of a run, or of a job: by ID (checked), or by name (found, or created when missing).
 * Two runs creating the same name at once may both create it; both then take the oldest of the groups
 * with that name, so they meet in one group (and one ledger), and the newer, empty one is removed.
 */
import type { BatchClient } from '../client/client.js';
import { isSoracomError, NotFoundError } from '../errors/errors.js';
import { UsageError } from './errors.js';

/** The batch group of a run: by ID, or by name (found, or created when missing). */
export type GroupChoice = { batchGroupId: string } | { batchGroupName: string; description?: string };

type GroupFound = { batchGroupId: string; batchGroupName?: string; created: boolean };

/** The groups named `name`, oldest first (then by ID: every process sorts them alike). */
async function groupsNamed(batch: BatchClient, name: string, options: { signal?: AbortSignal }) {
  const matches: Array<{ batchGroupId: string; createdTime: number }> = [];
  for await (const group of batch.listBatchGroups({}, options)) {
    if (group.batchGroupName === name)
      matches.push({ batchGroupId: group.batchGroupId, createdTime: group.createdTime });
  }
  return matches.sort((a, b) => a.createdTime - b.createdTime || a.batchGroupId.localeCompare(b.batchGroupId));
}

export async function resolveBatchGroup(
  batch: BatchClient,
  choice: GroupChoice,
  signal?: AbortSignal,
): Promise<GroupFound> {
  const options = signal ? { signal } : {};
  if ('batchGroupId' in choice) {
    const group = await batch.getBatchGroup({ batch_group_id: choice.batchGroupId }, options);
    return {
      batchGroupId: choice.batchGroupId,
      ...(group.batchGroupName ? { batchGroupName: group.batchGroupName } : {}),
      created: false,
    };
  }
  const name = choice.batchGroupName;
  const matches = await groupsNamed(batch, name, options);
  if (matches.length > 1) {
    const ids = matches.map((m) => m.batchGroupId).join(', ');
    throw new UsageError(
      `${matches.length} batch groups are named ${JSON.stringify(name)} (${ids}): pass --batch-group-id`,
    );
  }
  if (matches[0]) return { batchGroupId: matches[0].batchGroupId, batchGroupName: name, created: false };
  const body = { batchGroupName: name, ...(choice.description ? { description: choice.description } : {}) };
  const created = await batch.createBatchGroup({ body }, options);
  // Another run may have created the same name at the same moment: both keep the oldest.
  const oldest = (await groupsNamed(batch, name, options))[0];
  if (oldest && oldest.batchGroupId !== created.batchGroupId) {
    await batch.deleteBatchGroup({ batch_group_id: created.batchGroupId }, options).catch(() => undefined);
    return { batchGroupId: oldest.batchGroupId, batchGroupName: name, created: false };
  }
  return { batchGroupId: created.batchGroupId, batchGroupName: name, created: true };
}

/**
 * `retry-failed --job-id ID` without `--batch-group-id`: a job is addressed through its group, so look
 * for the group that has it (one getBatchJob per group; 404 means "not this one").
 */
export async function findJobGroup(batch: BatchClient, jobId: string, signal?: AbortSignal): Promise<string> {
  const options = signal ? { signal } : {};
  for await (const group of batch.listBatchGroups({}, options)) {
    try {
      await batch.getBatchJob({ batch_group_id: group.batchGroupId, job_id: jobId }, options);
      return group.batchGroupId;
    } catch (error) {
      if (!isSoracomError(error, NotFoundError)) throw error;
    }
  }
  throw new UsageError(`job ${jobId} is in none of your batch groups: check the ID, or pass --batch-group-id`);
}
