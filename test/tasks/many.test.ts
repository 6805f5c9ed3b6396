/** tasks.many: one task per SIM, shared arguments validated once, errors naming the index. */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, tasks } from '../../src/index.js';

const SIMS = ['8981100001234567890', '8981100001234567891', '8981100001234567892'];

function errorOf(call: () => unknown): BatchValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchValidationError);
    return error as BatchValidationError;
  }
  throw new Error('expected a BatchValidationError, but the call returned');
}

describe('tasks.many', () => {
  it.each(['activateSim', 'deactivateSim', 'setSimToStandby', 'suspendSim', 'unsetSimGroup'] as const)(
    '%s: gives the same tasks as the single builder, in order',
    (action) => {
      expect(tasks.many(action, SIMS)).toEqual(SIMS.map((id) => tasks[action](id)));
    },
  );

  it('setSimGroup: one group ID for every SIM', () => {
    expect(tasks.many('setSimGroup', SIMS, 'group-1')).toEqual(SIMS.map((id) => tasks.setSimGroup(id, 'group-1')));
  });

  it('putSimTags: one tag set for every SIM, as a record or a list', () => {
    const expected = SIMS.map((id) => tasks.putSimTags(id, { area: 'tokyo' }));
    expect(tasks.many('putSimTags', SIMS, { area: 'tokyo' })).toEqual(expected);
    expect(tasks.many('putSimTags', SIMS, [{ tagName: 'area', tagValue: 'tokyo' }])).toEqual(expected);
  });

  it('shares one frozen body among the tasks of a shared argument, so no task can change the others', () => {
    const [first, second, third] = tasks.many('putSimTags', SIMS, { area: 'tokyo' }).map((task) => task.request.body);
    expect(first).toBe(third);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.[0])).toBe(true);
    const tag = second?.[0] as { tagValue: string };
    expect(() => {
      tag.tagValue = 'osaka'; // ES modules are strict: writing to a frozen object throws
    }).toThrow(TypeError);
    expect(first).toEqual([{ tagName: 'area', tagValue: 'tokyo' }]);
  });

  it('gives every task of a SIM-only action its own { sim_id } body', () => {
    const built = tasks.many('activateSim', SIMS);
    expect(built.map((t) => t.request.body)).toEqual(SIMS.map((sim_id) => ({ sim_id })));
  });

  it('names the index of a bad SIM ID in the list', () => {
    const error = errorOf(() => tasks.many('setSimGroup', ['8981100001234567890', '8981 1'], 'group-1'));
    expect(error.argument).toBe('setSimGroup.simIds[1]');
    expect(error.rule).toBe('must not contain whitespace');
    expect(error.message).toBe('setSimGroup.simIds[1] must not contain whitespace (got "8981 1")');
  });

  it('checks the shared argument once, even for an empty list', () => {
    expect(errorOf(() => tasks.many('setSimGroup', [], '')).argument).toBe('setSimGroup.groupId');
    expect(errorOf(() => tasks.many('putSimTags', SIMS, {})).argument).toBe('putSimTags.tags');
  });

  it('returns an empty list for no SIM IDs (createBatchJob refuses an empty job)', () => {
    expect(tasks.many('activateSim', [])).toEqual([]);
  });

  it('refuses an action that is not a SIM action, and a non-array of IDs', () => {
    const vpg = errorOf(() => tasks.many('putVirtualPrivateGatewayIpAddressMapEntry' as never, SIMS));
    expect(vpg.argument).toBe('many.action');
    expect(errorOf(() => tasks.many('toString' as never, SIMS)).argument).toBe('many.action');
    const notArray = errorOf(() => tasks.many('activateSim', '8981100001234567890' as never));
    expect(notArray.argument).toBe('activateSim.simIds');
    expect(notArray.rule).toBe('must be an array');
  });
});
