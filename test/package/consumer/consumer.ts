// A consumer of the published package, type-checked by test/package/package.test.ts under
// moduleResolution node16 and bundler, from a fresh project where only the tarball is installed.
import {
  type BatchClient,
  type BatchJob,
  createBatchClient,
  isSoracomError,
  RateLimitError,
  SoracomApiError,
  type Task,
  tasks,
} from 'soracom-batch';
import { type RunResult, runTasks } from 'soracom-batch/jobs';
import { fromEnv, fromProfile } from 'soracom-batch/node';
import { type BatchEmulator, startBatchEmulator } from 'soracom-batch/testing';

export async function consume(): Promise<string> {
  const emulator: BatchEmulator = await startBatchEmulator({ sims: 3 });
  const batch: BatchClient = createBatchClient({
    baseUrl: emulator.baseUrl,
    auth: { authKeyId: emulator.credentials.authKeyId as string, authKey: emulator.credentials.authKey as string },
  });
  const group = await batch.createBatchGroup({ body: { batchGroupName: 'consumer' } });
  const list: Task<'activateSim'>[] = emulator.state.sims().map((sim) => tasks.activateSim(sim.simId));
  const result: RunResult = await runTasks(batch, {
    batch_group_id: group.batchGroupId as string,
    tasks: list,
    wait: { minDelayMs: 5 },
  });
  const job: BatchJob = await batch.getBatchJob({
    batch_group_id: group.batchGroupId as string,
    job_id: result.jobs[0]?.jobId as string,
  });
  await emulator.close();
  return `${job.status} ${result.succeeded} ${isSoracomError(null, SoracomApiError)} ${isSoracomError(null, RateLimitError)} ${typeof fromEnv} ${typeof fromProfile}`;
}

// @ts-expect-error: a parameter name the spec does not have
createBatchClient().getBatchGroup({ batchGroupId: 'x' });
