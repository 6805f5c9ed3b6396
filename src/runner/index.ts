/**
 * soracom-batch/jobs: the job runner. Apply actions to any number of SIMs, exactly once: tasks split
 * into jobs of at most 10,000, run one after another per action (and actions side by side), each waited
 * for, with progress, the batch group's jobs as the ledger of what was done, and every failed task
 * reported.
 *
 * Its own entry, so that an app that only calls the Batch operations does not ship the runner. It is
 * loaded like any module (no lazy loading) and shares the core's classes and client.
 *
 * @example
 * ```ts
 * import { createBatchClient, tasks } from 'soracom-batch';
 * import { runTasks } from 'soracom-batch/jobs';
 *
 * const batch = createBatchClient({ auth: { authKeyId: 'keyId-...', authKey: 'secret-...' } });
 * const result = await runTasks(batch, {
 *   batch_group_id,
 *   tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }),
 *   onProgress: (p) => console.log(`${p.done}/${p.total}`),
 * });
 * console.log(result.ok, result.succeeded, result.failed);
 * ```
 * @module soracom-batch/jobs
 */
import type { RunnerClient } from './api.js';
import { type RetryFailedParams, retryFailed as retry } from './retry-failed.js';
import { runPlan as plan, runTasks as run } from './run-tasks.js';
import type { RunPlanParams, RunResult, RunTasksParams } from './run-types.js';

/**
 * Runs any number of tasks of one action as jobs of at most 10,000 tasks, one after another.
 *
 * Each job is waited for; the result lists every job and every failed task. The batch group's jobs are
 * the run's ledger: a run of the same tasks again goes on from what they show (it never submits a task
 * twice), and one that finished is refused unless `again`. `onState` and `resume` keep a cache of it.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, {
 *   batch_group_id,
 *   jobName: 'Tag SIMs',
 *   tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }),
 *   onProgress: (p) => console.log(`${p.done}/${p.total}`),
 * });
 * console.log(result.ok, result.succeeded, result.failed, result.notRun);
 * ```
 * @category Jobs
 */
export function runTasks(batch: RunnerClient, params: RunTasksParams): Promise<RunResult> {
  return run(batch, params);
}

/**
 * Runs streams of several actions at once, in stages, each stream as `runTasks` runs its tasks.
 *
 * The streams of a stage run at the same time (the API runs one job per action at a time, so different
 * actions can run together); every stream of a stage finishes before the next stage starts. Progress,
 * state, the ledger and failed tasks work across all streams.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { runPlan } from 'soracom-batch/jobs';
 *
 * const result = await runPlan(batch, {
 *   batch_group_id,
 *   stages: [
 *     [{ tasks: tasks.many('setSimGroup', simIds, groupId) }, { tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }) }],
 *     [{ tasks: tasks.many('activateSim', simIds) }],
 *   ],
 * });
 * for (const stream of result.streams) console.log(stream.action, stream.succeeded, stream.failed);
 * ```
 * @category Jobs
 */
export function runPlan(batch: RunnerClient, params: RunPlanParams): Promise<RunResult> {
  return plan(batch, params);
}

/**
 * Runs the failed tasks of earlier jobs (and those an aborted job never ran) again as new jobs; an empty,
 * `ok` result (total 0) when there is nothing to retry. The same retry again is refused unless `again`.
 *
 * @example
 * ```ts
 * import { retryFailed } from 'soracom-batch/jobs';
 *
 * const retried = await retryFailed(batch, { batch_group_id, job_id, skipStatusCodes: [404] });
 * if (retried.total === 0) console.log('nothing to retry');
 * else console.log(`${retried.succeeded} succeeded on retry, ${retried.failed} failed again`);
 * ```
 * @category Jobs
 */
export function retryFailed(batch: RunnerClient, params: RetryFailedParams): Promise<RunResult> {
  return retry(batch, params);
}

export type { RunnerClient } from './api.js';
export type { ChunkJob, ChunkState, ChunkStatus } from './chunk.js';
export type { ListingGap } from './job-tasks.js';
export type { RetryFailedParams } from './retry-failed.js';
export type { RunProgress, RunState, StreamState } from './run-state.js';
export type {
  FailedTask,
  RunJobResult,
  RunOptions,
  RunPlanParams,
  RunResult,
  RunStream,
  RunTasksParams,
  RunTotals,
} from './run-types.js';
export type { TaskSource, TaskSourceOf } from './sources.js';
