/** Recognising a task's action from its method and path, as the job guard does for untyped callers. */
import { describe, expect, it } from 'vitest';
import { tasks } from '../../src/index.js';
import { isTaskAction, recognizeTaskAction, taskActions } from '../../src/tasks/actions.js';

const SIM = '8981100001234567890';

describe('recognizeTaskAction', () => {
  it.each([
    ['/v1/sims/8981100001234567890/activate', 'POST', 'activateSim'],
    ['/v1/sims/8981100001234567890/deactivate', 'POST', 'deactivateSim'],
    ['/v1/sims/8981100001234567890/set_to_standby', 'POST', 'setSimToStandby'],
    ['/v1/sims/8981100001234567890/suspend', 'POST', 'suspendSim'],
    ['/v1/sims/8981100001234567890/set_group', 'POST', 'setSimGroup'],
    ['/v1/sims/8981100001234567890/unset_group', 'POST', 'unsetSimGroup'],
    ['/v1/sims/8981100001234567890/tags', 'PUT', 'putSimTags'],
    ['/v1/virtual_private_gateways/vpg-1/ip_address_map', 'POST', 'putVirtualPrivateGatewayIpAddressMapEntry'],
    ['/v1/sims/89%C3%A9/activate', 'POST', 'activateSim'],
  ])('%s %s is %s', (path, method, action) => {
    expect(recognizeTaskAction({ path, method })).toBe(action);
  });

  it.each([
    ['the wrong method', '/v1/sims/1/tags', 'POST'],
    ['a lower-case method', '/v1/sims/1/activate', 'post'],
    ['no /v1 prefix', '/sims/1/activate', 'POST'],
    ['an empty ID', '/v1/sims//activate', 'POST'],
    ['an ID with a slash', '/v1/sims/a/b/activate', 'POST'],
    ['a query string', '/v1/sims/1/activate?x=1', 'POST'],
    ['a trailing slash', '/v1/sims/1/activate/', 'POST'],
    ['another operation', '/v1/sims/1', 'GET'],
    ['a full URL', 'https://api.soracom.io/v1/sims/1/activate', 'POST'],
  ])('recognises nothing for %s', (_, path, method) => {
    expect(recognizeTaskAction({ path, method })).toBeUndefined();
  });

  it('recognises every built task as the action of its builder, whatever the hint', () => {
    const built = {
      activateSim: tasks.activateSim(SIM),
      setSimGroup: tasks.setSimGroup(SIM, 'g'),
      putSimTags: tasks.putSimTags(SIM, { a: 'b' }),
      putVirtualPrivateGatewayIpAddressMapEntry: tasks.putVirtualPrivateGatewayIpAddressMapEntry('v', {
        key: '440101234567890',
        ipAddress: '10.0.0.1',
      }),
    };
    for (const [action, task] of Object.entries(built)) {
      for (const hint of taskActions) expect(recognizeTaskAction(task.request, hint)).toBe(action);
    }
  });

  it('lists the eight actions', () => {
    expect([...taskActions].sort()).toEqual(
      [
        'activateSim',
        'deactivateSim',
        'putSimTags',
        'putVirtualPrivateGatewayIpAddressMapEntry',
        'setSimGroup',
        'setSimToStandby',
        'suspendSim',
        'unsetSimGroup',
      ].sort(),
    );
    expect(isTaskAction('setSimGroup')).toBe(true);
    expect(isTaskAction('toString')).toBe(false);
    expect(isTaskAction(undefined)).toBe(false);
  });
});
