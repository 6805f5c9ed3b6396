import { describe, expectTypeOf, it } from 'vitest';
import { type BatchJob, type BatchTask, createBatchClient, type PagedCall, tasks } from '../../src/index.js';
import { type RunResult, retryFailed, runTasks } from '../../src/runner/index.js';

const batch = createBatchClient();

describe('job helpers on the client, and the runner of soracom-batch/jobs', () => {
  it('are typed', () => {
    expectTypeOf(
      batch.waitForJob({ batch_group_id: 'g', job_id: 'j' }, { maxWaitMs: 1000 }),
    ).resolves.toEqualTypeOf<BatchJob>();
    expectTypeOf(
      runTasks(batch, { batch_group_id: 'g', tasks: [tasks.activateSim('1')] }),
    ).resolves.toEqualTypeOf<RunResult>();
    expectTypeOf(batch.failedTasks({ batch_group_id: 'g', job_id: 'j' })).toEqualTypeOf<PagedCall<BatchTask>>();
    // Never undefined: an empty result when nothing is left to retry.
    expectTypeOf(retryFailed(batch, { batch_group_id: 'g', job_id: 'j' })).resolves.toEqualTypeOf<RunResult>();
  });

  it('refuse unknown wait options', () => {
    // @ts-expect-error: the option is maxWaitMs
    batch.waitForJob({ batch_group_id: 'g', job_id: 'j' }, { timeout: 5 });
  });
});
