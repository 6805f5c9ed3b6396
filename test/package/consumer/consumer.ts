// A consumer of the published package, type-checked by test/package/package.test.ts under moduleResolution
// node16 and bundler, with strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess, from a fresh
// project where only the tarball is installed. It has no `!` and no cast (the test checks that too): the
// types say what the API always sends.
import {
  type BatchClient,
  type BatchGroup,
  type BatchJob,
  BatchValidationError,
  createBatchClient,
  isSoracomError,
  type JobStatus,
  RateLimitError,
  SoracomApiError,
  type Task,
  tasks,
  UnprocessableEntityError,
} from 'soracom-batch';
import { type FailedTask, type RunResult, retryFailed, runTasks } from 'soracom-batch/jobs';
import { fromEnv, fromProfile } from 'soracom-batch/node';
import { type BatchEmulator, startBatchEmulator } from 'soracom-batch/testing';

export async function consume(): Promise<string> {
  const emulator: BatchEmulator = await startBatchEmulator({ sims: 3 });
  const batch: BatchClient = createBatchClient(emulator.clientOptions);
  const group: BatchGroup = await batch.createBatchGroup({ body: { batchGroupName: 'consumer' } });
  const list: Task<'activateSim'>[] = emulator.state.sims().map((sim) => tasks.activateSim(sim.simId));
  const result: RunResult = await runTasks(batch, {
    batch_group_id: group.batchGroupId,
    tasks: list,
    wait: { minDelayMs: 5 },
  });
  const [first] = result.jobs;
  if (first === undefined) throw new Error('the run made no job');
  const job: BatchJob = await batch.getBatchJob({ batch_group_id: group.batchGroupId, job_id: first.jobId });
  const status: JobStatus = job.status;
  const created: number = job.createdTime;
  const counted = job.summary ? job.summary.success + job.summary.error + job.summary.pending : 0;
  const taskIds: number[] = [];
  for await (const task of batch.listTasksOfBatchJob({ batch_group_id: job.batchGroupId, job_id: job.jobId })) {
    const path: string = task.request.path;
    if (path.startsWith('/v1/sims/')) taskIds.push(task.taskId);
  }
  const failed: FailedTask[] = result.failedTasks;
  const failedIds: number[] = failed.map((task) => task.taskId);
  const retried: RunResult = await retryFailed(batch, { batch_group_id: group.batchGroupId, job_id: job.jobId });
  const refused = await batch
    .deleteBatchGroup({ batch_group_id: ' ' })
    .catch((error: unknown) => (isSoracomError(error, BatchValidationError) ? error.argument : String(error)));
  await emulator.close();
  const guards = [
    isSoracomError(null, SoracomApiError),
    isSoracomError(null, RateLimitError),
    isSoracomError(null, UnprocessableEntityError),
  ];
  return `${status} ${created > 0} ${counted} ${taskIds.length} ${failedIds.length} ${retried.total} ${refused} ${guards} ${typeof fromEnv} ${typeof fromProfile}`;
}

// @ts-expect-error: a parameter name the spec does not have
createBatchClient().getBatchGroup({ batchGroupId: 'x' });
// @ts-expect-error: a body field the spec does not have
createBatchClient().createBatchGroup({ body: { batchGroupName: 'x', colour: 'red' } });
