/** Types of the builders: argument types, literal methods and paths, bodies from generated/actions.ts, the brand. */
import { describe, expectTypeOf, it } from 'vitest';
import type { components, operations } from '../../generated/actions.js';
import {
  type components as BatchComponents,
  type SimAction,
  type Task,
  type TaskAction,
  tasks,
} from '../../src/index.js';
import type { TaskList } from '../../src/tasks/types.js';

const SIM = '8981100001234567890';
declare const simIds: string[];

describe('builder signatures', () => {
  it('take string IDs and return a task branded with their action', () => {
    expectTypeOf(tasks.activateSim).parameters.toEqualTypeOf<[simId: string]>();
    expectTypeOf(tasks.activateSim(SIM)).toEqualTypeOf<Task<'activateSim'>>();
    expectTypeOf(tasks.setSimGroup(SIM, 'g')).toEqualTypeOf<Task<'setSimGroup'>>();
    expectTypeOf(tasks.unsetSimGroup(SIM)).toEqualTypeOf<Task<'unsetSimGroup'>>();
    // @ts-expect-error SIM IDs are strings (19-20 digits do not fit a number)
    tasks.activateSim(Number(SIM));
    // @ts-expect-error setSimGroup needs the group ID
    tasks.setSimGroup(SIM);
  });

  it('carry the method of the operation table as a literal type', () => {
    expectTypeOf(tasks.putSimTags(SIM, { a: 'b' }).request.method).toEqualTypeOf<'PUT'>();
    expectTypeOf(tasks.suspendSim(SIM).request.method).toEqualTypeOf<'POST'>();
  });

  it('type the path from the template', () => {
    expectTypeOf(tasks.setSimGroup(SIM, 'g').request.path).toEqualTypeOf<`/v1/sims/${string}/set_group`>();
    expectTypeOf(
      tasks.putVirtualPrivateGatewayIpAddressMapEntry('v', { key: '440101234567890', ipAddress: '10.0.0.1' }).request
        .path,
    ).toEqualTypeOf<`/v1/virtual_private_gateways/${string}/ip_address_map`>();
  });

  it('type the body from the generated operation types', () => {
    type JsonBody<K extends TaskAction> = NonNullable<operations[K]['requestBody']>['content']['application/json'];
    expectTypeOf(tasks.setSimGroup(SIM, 'g').request.body).toEqualTypeOf<JsonBody<'setSimGroup'>>();
    expectTypeOf(tasks.putSimTags(SIM, { a: 'b' }).request.body).toEqualTypeOf<
      components['schemas']['TagUpdateRequest'][]
    >();
    expectTypeOf(tasks.activateSim(SIM).request.body).toEqualTypeOf<{ sim_id: string }>();
    expectTypeOf(
      tasks.putVirtualPrivateGatewayIpAddressMapEntry('v', { key: '440101234567890', ipAddress: '10.0.0.1' }).request
        .body,
    ).toEqualTypeOf<components['schemas']['PutIpAddressMapEntryRequest']>();
  });

  it('putSimTags takes a list of { tagName, tagValue } or a { name: value } record', () => {
    tasks.putSimTags(SIM, [{ tagName: 'area', tagValue: 'tokyo' }]);
    tasks.putSimTags(SIM, { area: 'tokyo' });
    // @ts-expect-error both tagName and tagValue are required
    tasks.putSimTags(SIM, [{ tagName: 'area' }]);
    // @ts-expect-error tag values are strings
    tasks.putSimTags(SIM, { floor: 3 });
  });

  it('putVirtualPrivateGatewayIpAddressMapEntry takes { key, ipAddress }', () => {
    // @ts-expect-error ipAddress is required
    tasks.putVirtualPrivateGatewayIpAddressMapEntry('v', { key: '440101234567890' });
  });

  it('makes tasks that fit the Batch spec task type, while plain objects are not branded tasks', () => {
    expectTypeOf(tasks.activateSim(SIM)).toExtend<BatchComponents['schemas']['BatchTaskRequest']>();
    const plain = { request: { path: `/v1/sims/${SIM}/activate`, method: 'POST', body: { sim_id: SIM } } } as const;
    expectTypeOf(plain).not.toExtend<Task<'activateSim'>>();
    // @ts-expect-error only the builders make a Task
    const forged: Task<'activateSim'> = plain;
    void forged;
  });

  it('makes the request read-only', () => {
    const task = tasks.setSimGroup(SIM, 'g');
    // @ts-expect-error tasks are values
    task.request.path = '/v1/sims/other/set_group';
  });
});

describe('tasks.many', () => {
  it('returns a one-action list and types the shared argument by action', () => {
    expectTypeOf(tasks.many('activateSim', simIds)).toEqualTypeOf<Task<'activateSim'>[]>();
    expectTypeOf(tasks.many('setSimGroup', simIds, 'g')).toEqualTypeOf<Task<'setSimGroup'>[]>();
    expectTypeOf(tasks.many('putSimTags', simIds, { area: 'tokyo' })).toEqualTypeOf<Task<'putSimTags'>[]>();
    // @ts-expect-error setSimGroup needs a group ID
    tasks.many('setSimGroup', simIds);
    // @ts-expect-error activateSim takes nothing besides the SIM IDs
    tasks.many('activateSim', simIds, 'extra');
    // @ts-expect-error the VPG action is not a SIM action
    tasks.many('putVirtualPrivateGatewayIpAddressMapEntry', simIds);
  });

  it('with an action chosen at run time, returns a union of one-action lists (never a mixed list)', () => {
    const action = 'activateSim' as 'activateSim' | 'suspendSim';
    expectTypeOf(tasks.many(action, simIds)).toEqualTypeOf<TaskList<'activateSim' | 'suspendSim'>>();
    expectTypeOf<TaskList<'activateSim' | 'suspendSim'>>().toEqualTypeOf<
      Task<'activateSim'>[] | Task<'suspendSim'>[]
    >();
  });

  it('knows the seven SIM actions', () => {
    expectTypeOf<SimAction>().toEqualTypeOf<Exclude<TaskAction, 'putVirtualPrivateGatewayIpAddressMapEntry'>>();
  });
});

describe('actions with the { sim_id } body', () => {
  it('are the five without a body of their own, as derived from the generated types', () => {
    expectTypeOf<import('../../src/tasks/builders.js').SimStateAction>().toEqualTypeOf<
      'activateSim' | 'deactivateSim' | 'setSimToStandby' | 'suspendSim' | 'unsetSimGroup'
    >();
  });
});
