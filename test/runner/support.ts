/**
 * A runner client over the emulator's client with some of its answers edited, for the runner tests that
 * play a server that does not answer as it should.
 */
import type { components } from '../../generated/batch.js';
import type { BatchClient } from '../../src/index.js';
import type { RunnerClient } from '../../src/runner/api.js';

type BatchTask = components['schemas']['BatchTaskResponse'];

/** The client's four methods the runner calls, with some replaced. */
export function edited(batch: BatchClient, edits: Partial<RunnerClient> = {}): RunnerClient {
  return {
    createBatchJob: batch.createBatchJob.bind(batch),
    getBatchJob: batch.getBatchJob.bind(batch),
    listBatchJobs: batch.listBatchJobs.bind(batch),
    listTasksOfBatchJob: batch.listTasksOfBatchJob.bind(batch),
    ...edits,
  };
}

/** A task listing of the client's, less the tasks `drop` picks (iterated only, as job-tasks.ts reads it). */
export function listingWithout(
  batch: BatchClient,
  drop: (task: BatchTask, params: { status?: string }) => boolean,
): RunnerClient['listTasksOfBatchJob'] {
  return ((params: Parameters<BatchClient['listTasksOfBatchJob']>[0], options?: { signal?: AbortSignal }) => {
    const all = batch.listTasksOfBatchJob(params, options);
    return (async function* () {
      for await (const task of all) if (!drop(task, params as { status?: string })) yield task;
    })();
  }) as unknown as RunnerClient['listTasksOfBatchJob'];
}
