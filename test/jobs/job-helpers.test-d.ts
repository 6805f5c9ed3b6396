/**
 * One style for the job helpers: functions that take the client, in the core (`waitForJob`,
 * `failedTasks`) and in soracom-batch/jobs (`runTasks`, `retryFailed`); the client carries none.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BatchClient,
  type BatchJob,
  type BatchTask,
  createBatchClient,
  failedTasks,
  type PagedCall,
  tasks,
  waitForJob,
} from '../../src/index.js';
import { type RunResult, retryFailed, runTasks } from '../../src/runner/index.js';

const batch = createBatchClient();

describe('job helpers: functions of the client', () => {
  it('are typed', () => {
    expectTypeOf(
      waitForJob(batch, { batch_group_id: 'g', job_id: 'j' }, { maxWaitMs: 1000 }),
    ).resolves.toEqualTypeOf<BatchJob>();
    expectTypeOf(failedTasks(batch, { batch_group_id: 'g', job_id: 'j' })).toEqualTypeOf<PagedCall<BatchTask>>();
    expectTypeOf(
      runTasks(batch, { batch_group_id: 'g', tasks: [tasks.activateSim('1')] }),
    ).resolves.toEqualTypeOf<RunResult>();
    // Never undefined: an empty result when nothing is left to retry.
    expectTypeOf(retryFailed(batch, { batch_group_id: 'g', job_id: 'j' })).resolves.toEqualTypeOf<RunResult>();
  });

  it('take the client first, as the runner does; the client carries no job helper', () => {
    expectTypeOf(waitForJob).parameter(0).toMatchTypeOf<Pick<BatchClient, 'getBatchJob'>>();
    expectTypeOf(failedTasks).parameter(0).toMatchTypeOf<Pick<BatchClient, 'listTasksOfBatchJob'>>();
    expectTypeOf<BatchClient>().not.toHaveProperty('waitForJob');
    expectTypeOf<BatchClient>().not.toHaveProperty('failedTasks');
  });

  it('refuse unknown wait options', () => {
    // @ts-expect-error: the option is maxWaitMs
    void waitForJob(batch, { batch_group_id: 'g', job_id: 'j' }, { timeout: 5 });
  });
});
