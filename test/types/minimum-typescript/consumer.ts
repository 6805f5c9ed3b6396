// A strict consumer of the built types (dist/*.d.ts), compiled by test/types/minimum-typescript.process.test.ts
// with the oldest TypeScript the README promises: the client and its options, a method, withResponse(), a
// list walk, .raw (typed by openapi-fetch), the job helpers, the runner, the errors and the task builders.
import {
  type ApiResponse,
  type BatchClientOptions,
  type BatchGroup,
  type BatchJob,
  createBatchClient,
  failedTasks,
  isSoracomError,
  NotFoundError,
  type OperationParams,
  type Page,
  type PageCallOptions,
  tasks,
  type WaitOptions,
  waitForJob,
} from 'soracom-batch';
import { type RunResult, runTasks } from 'soracom-batch/jobs';

export async function consume(signal: AbortSignal | undefined): Promise<string> {
  const options: BatchClientOptions = {
    baseUrl: 'http://127.0.0.1:8080/v1',
    auth: { apiKey: 'k', token: 't' },
    timeoutMs: undefined,
  };
  const batch = createBatchClient(options);
  const answer: ApiResponse<BatchGroup> = await batch
    .createBatchGroup({ body: { batchGroupName: 'consumer', description: undefined } })
    .withResponse();
  const params: OperationParams<'listBatchJobs'> = { batch_group_id: answer.data.batchGroupId, limit: undefined };
  const listOptions: PageCallOptions = { maxItems: 10, signal };
  const page: Page<BatchJob> = await batch.listBatchJobs(params, listOptions).firstPage();
  const { data } = await batch.raw.GET('/batch_groups/{batch_group_id}', {
    params: { path: { batch_group_id: answer.data.batchGroupId } },
  });
  const wait: WaitOptions = { maxWaitMs: 60_000, signal };
  const job = await batch.createBatchJob({
    batch_group_id: answer.data.batchGroupId,
    body: { tasks: [tasks.activateSim('8981100000000000001')] },
  });
  const finished: BatchJob = await waitForJob(batch, { batch_group_id: job.batchGroupId, job_id: job.jobId }, wait);
  const failed = await failedTasks(batch, { batch_group_id: job.batchGroupId, job_id: job.jobId }).toArray();
  const result: RunResult = await runTasks(batch, {
    batch_group_id: answer.data.batchGroupId,
    tasks: [tasks.putSimTags('8981100000000000001', { area: 'tokyo' })],
  });
  try {
    await batch.getBatchGroup({ batch_group_id: 'missing' });
  } catch (error) {
    if (!isSoracomError(error, NotFoundError)) throw error;
  }
  return `${page.items.length} ${data?.batchGroupName} ${finished.status} ${failed.length} ${result.ok} ${answer.requestId}`;
}
