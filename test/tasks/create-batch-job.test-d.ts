/** createBatchJob refuses, at compile time, built tasks of two different actions in one job. */
import { describe, expectTypeOf, it } from 'vitest';
import { type BatchClient, type components, type OperationParams, type Task, tasks } from '../../src/index.js';
import type { JobTasks, TaskList } from '../../src/tasks/types.js';

declare const batch: BatchClient;
declare const simIds: string[];
const SIM = '8981100001234567890';
const group = { batch_group_id: 'g-1' };

describe('createBatchJob tasks type', () => {
  it('accepts built tasks of one action', () => {
    void batch.createBatchJob({ ...group, body: { tasks: simIds.map((id) => tasks.setSimGroup(id, 'g')) } });
    void batch.createBatchJob({
      ...group,
      body: { tasks: [tasks.activateSim(SIM), tasks.activateSim('2')], jobName: 'activate' },
    });
    void batch.createBatchJob({ ...group, body: { tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }) } });
  });

  it('refuses built tasks of two actions', () => {
    const mixed = [tasks.activateSim(SIM), tasks.setSimGroup(SIM, 'g')];
    // @ts-expect-error one action per job: the API answers 400 to a mixed job
    void batch.createBatchJob({ ...group, body: { tasks: mixed } });
    void batch.createBatchJob({
      ...group,
      // @ts-expect-error the same, written inline
      body: { tasks: [tasks.suspendSim(SIM), tasks.putSimTags(SIM, { a: 'b' })] },
    });
    const anyAction: Task[] = [];
    // @ts-expect-error a list typed as "any action" may be mixed
    void batch.createBatchJob({ ...group, body: { tasks: anyAction } });
  });

  it('accepts a union of one-action lists, as from tasks.many with an action chosen at run time', () => {
    const list = tasks.many('activateSim' as 'activateSim' | 'suspendSim', simIds);
    void batch.createBatchJob({ ...group, body: { tasks: list } });
    const either: TaskList = [];
    void batch.createBatchJob({ ...group, body: { tasks: either } });
  });

  it('accepts plain { request } objects as before, checked at run time', () => {
    void batch.createBatchJob({
      ...group,
      body: { tasks: [{ request: { path: `/v1/sims/${SIM}/set_group`, method: 'POST', body: { groupId: 'g' } } }] },
    });
    const fromUntypedCode: components['schemas']['BatchTaskRequest'][] = [];
    void batch.createBatchJob({ ...group, body: { tasks: fromUntypedCode } });
    const readOnly: readonly components['schemas']['BatchTaskRequest'][] = [];
    void batch.createBatchJob({ ...group, body: { tasks: readOnly } });
  });

  it('accepts built tasks of one action together with plain ones, whose action only the run-time guard can see', () => {
    const plain = { request: { path: `/v1/sims/${SIM}/set_group`, method: 'POST' as const, body: { groupId: 'g' } } };
    void batch.createBatchJob({ ...group, body: { tasks: [tasks.setSimGroup(SIM, 'g'), plain] } });
  });

  it('still checks the rest of the body against the spec', () => {
    // @ts-expect-error abortOnFailure is a boolean
    void batch.createBatchJob({ ...group, body: { tasks: [tasks.activateSim(SIM)], abortOnFailure: 'yes' } });
    // @ts-expect-error tasks are required
    void batch.createBatchJob({ ...group, body: { jobName: 'no tasks' } });
    // @ts-expect-error the batch group ID is required
    void batch.createBatchJob({ body: { tasks: [tasks.activateSim(SIM)] } });
    void batch.createBatchJob({
      ...group,
      // @ts-expect-error a plain task's method must be one the spec allows
      body: { tasks: [{ request: { path: '/v1/sims/1/activate', method: 'PATCH' } }] },
    });
  });

  it('is the override of the createBatchJob parameters', () => {
    expectTypeOf<OperationParams<'createBatchJob'>['body']['tasks']>().toEqualTypeOf<JobTasks>();
  });
});
