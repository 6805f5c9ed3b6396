/**
 * The runner's types say what happens: a failed task's ID is the spec's integer, a job's status the spec's
 * enum, a run refuses built tasks of two actions at compile time (as createBatchJob does), and retryFailed
 * always resolves to a result.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { type BatchClient, type components, type JobStatus, type PlainTask, tasks } from '../../src/index.js';
import {
  type FailedTask,
  type RunJobResult,
  type RunResult,
  retryFailed,
  runPlan,
  runTasks,
  type TaskSource,
} from '../../src/runner/index.js';

declare const batch: BatchClient;
declare const simIds: string[];
const SIM = '8981100001234567890';
const run = { batch_group_id: 'g-1' };

describe('runner result types', () => {
  it('a failed task carries the integer task ID and the request of the spec, and the answer when there was one', () => {
    expectTypeOf<FailedTask['taskId']>().toEqualTypeOf<number>();
    expectTypeOf<FailedTask['request']>().toEqualTypeOf<components['schemas']['BatchTaskApiRequest']>();
    expectTypeOf<FailedTask['response']>().toEqualTypeOf<components['schemas']['BatchTaskApiResponse'] | undefined>();
  });

  it("a job's status is the spec's job status enum", () => {
    expectTypeOf<RunJobResult['status']>().toEqualTypeOf<components['schemas']['BatchJobResponse']['status']>();
    expectTypeOf<JobStatus>().toEqualTypeOf<'pending' | 'running' | 'completed' | 'aborted' | 'failed'>();
  });

  it('retryFailed never resolves to undefined: an empty result when nothing is left to retry', () => {
    expectTypeOf(retryFailed(batch, { ...run, job_id: 'j' })).resolves.toEqualTypeOf<RunResult>();
    expectTypeOf(retryFailed(batch, { ...run, job_id: ['j', 'k'] })).resolves.not.toBeNullable();
  });
});

describe('runTasks and runPlan take tasks of one action', () => {
  it('accept built tasks of one action in every source shape, and plain tasks beside them', () => {
    void runTasks(batch, { ...run, tasks: [tasks.activateSim(SIM), tasks.activateSim('2')] });
    void runTasks(batch, { ...run, tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }) });
    void runTasks(batch, { ...run, tasks: new Set([tasks.suspendSim(SIM)]) });
    void runTasks(batch, {
      ...run,
      tasks: function* () {
        yield tasks.setSimGroup(SIM, 'g');
      },
    });
    const plain: PlainTask = { request: { path: `/v1/sims/${SIM}/activate`, method: 'POST' } };
    void runTasks(batch, { ...run, tasks: [tasks.activateSim(SIM), plain] });
    void runTasks(batch, { ...run, tasks: tasks.many('activateSim' as 'activateSim' | 'suspendSim', simIds) });
  });

  it('refuse built tasks of two actions, as createBatchJob does', () => {
    // @ts-expect-error one action per run: the jobs it makes would mix actions, which the API refuses
    void runTasks(batch, { ...run, tasks: [tasks.activateSim(SIM), tasks.setSimGroup(SIM, 'g')] });
    const mixed = [tasks.suspendSim(SIM), tasks.putSimTags(SIM, { a: 'b' })];
    // @ts-expect-error the same, from a variable
    void runTasks(batch, { ...run, tasks: mixed });
    // @ts-expect-error from a Set
    void runTasks(batch, { ...run, tasks: new Set([tasks.activateSim(SIM), tasks.deactivateSim(SIM)]) });
    void runTasks(batch, {
      ...run,
      // @ts-expect-error from a function returning a generator of two actions
      tasks: function* () {
        yield tasks.activateSim(SIM);
        yield tasks.unsetSimGroup(SIM);
      },
    });
    void runPlan(batch, {
      ...run,
      // @ts-expect-error a stream of a plan is one action too
      stages: [[{ tasks: [tasks.activateSim(SIM), tasks.suspendSim(SIM)] }]],
    });
    // @ts-expect-error a TaskSource is one action
    const source: TaskSource = [tasks.activateSim(SIM), tasks.suspendSim(SIM)];
    void source;
  });
});
