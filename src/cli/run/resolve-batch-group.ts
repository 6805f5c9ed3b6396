/**
 * `--group-name`: find the batch group with that name, or create it. Names are not unique in the
 * API, so two groups with the name is an error that lists them, rather than a guess.
 */
import type { BatchClient } from '../../client/client.js';
import { UsageError } from '../cli-errors.js';

export type GroupChoice = { batchGroupId: string } | { batchGroupName: string; description?: string };

export type ResolvedGroup = { batchGroupId: string; batchGroupName?: string; created: boolean };

export async function resolveBatchGroup(
  batch: BatchClient,
  choice: GroupChoice,
  signal?: AbortSignal,
): Promise<ResolvedGroup> {
  const options = signal ? { signal } : {};
  if ('batchGroupId' in choice) {
    // Checked up front so that a mistyped ID fails before the input is split into jobs.
    const group = await batch.getBatchGroup({ batch_group_id: choice.batchGroupId }, options);
    return {
      batchGroupId: choice.batchGroupId,
      ...(group.batchGroupName ? { batchGroupName: group.batchGroupName } : {}),
      created: false,
    };
  }
  const matches: string[] = [];
  for await (const group of batch.listBatchGroups({}, options)) {
    if (group.batchGroupName === choice.batchGroupName && group.batchGroupId) matches.push(group.batchGroupId);
  }
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} batch groups are named ${JSON.stringify(choice.batchGroupName)} (${matches.join(', ')}): pass --batch-group-id`,
    );
  }
  if (matches.length === 1)
    return { batchGroupId: matches[0] as string, batchGroupName: choice.batchGroupName, created: false };
  const created = await batch.createBatchGroup(
    {
      body: {
        batchGroupName: choice.batchGroupName,
        ...(choice.description ? { description: choice.description } : {}),
      },
    },
    options,
  );
  if (!created.batchGroupId) throw new Error('createBatchGroup answered a group without batchGroupId');
  return { batchGroupId: created.batchGroupId, batchGroupName: choice.batchGroupName, created: true };
}
