/** The SDK side of the walk: `for await` over the paged call, exactly as the README shows it. */
import type { BatchClient } from '../../src/index.js';
import type { RawTask } from './raw-requests.js';

export async function sdkWalkTasks(
  batch: BatchClient,
  ids: { groupId: string; jobId: string },
  onItem: (task: RawTask) => void,
  onPage?: (pageNumber: number) => void,
): Promise<void> {
  let pageNumber = 0;
  const call = batch.listTasksOfBatchJob({ batch_group_id: ids.groupId, job_id: ids.jobId, limit: 100 });
  if (!onPage) {
    for await (const task of call) onItem(task);
    return;
  }
  // `.pages()` only to learn where page boundaries fall (for the memory samples); same walk underneath.
  for await (const page of call.pages()) {
    for (const task of page.items) onItem(task);
    onPage(++pageNumber);
  }
}
