/** Every builder returns the request the target API expects (openapi/actions.yaml). */
import { describe, expect, it } from 'vitest';
import { actionsOperations } from '../../generated/actions-operations.js';
import { tasks } from '../../src/index.js';

const SIM = '8981100001234567890';
const GROUP = '11111111-2222-3333-4444-555555555555';
const VPG = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('task builders', () => {
  it.each([
    ['activateSim', 'activate'],
    ['deactivateSim', 'deactivate'],
    ['setSimToStandby', 'set_to_standby'],
    ['suspendSim', 'suspend'],
    ['unsetSimGroup', 'unset_group'],
  ] as const)('%s posts to /v1/sims/{id}/%s with the { sim_id } body of the documented example', (action, verb) => {
    expect(tasks[action](SIM)).toEqual({
      request: { path: `/v1/sims/${SIM}/${verb}`, method: 'POST', body: { sim_id: SIM } },
    });
  });

  it('setSimGroup posts { groupId } to set_group', () => {
    expect(tasks.setSimGroup(SIM, GROUP)).toEqual({
      request: { path: `/v1/sims/${SIM}/set_group`, method: 'POST', body: { groupId: GROUP } },
    });
  });

  it('putSimTags PUTs a list of { tagName, tagValue }, given as a list', () => {
    const task = tasks.putSimTags(SIM, [
      { tagName: 'area', tagValue: 'tokyo' },
      { tagName: 'owner', tagValue: '' },
    ]);
    expect(task).toEqual({
      request: {
        path: `/v1/sims/${SIM}/tags`,
        method: 'PUT',
        body: [
          { tagName: 'area', tagValue: 'tokyo' },
          { tagName: 'owner', tagValue: '' },
        ],
      },
    });
  });

  it('putSimTags accepts a { name: value } record and sends it as the same list, in key order', () => {
    expect(tasks.putSimTags(SIM, { area: 'tokyo', floor: '3' }).request.body).toEqual([
      { tagName: 'area', tagValue: 'tokyo' },
      { tagName: 'floor', tagValue: '3' },
    ]);
  });

  it('putSimTags copies the tags: extra keys are not sent and later changes by the caller do not leak in', () => {
    const entry = { tagName: 'area', tagValue: 'tokyo', note: 'not for the API' };
    const task = tasks.putSimTags(SIM, [entry]);
    entry.tagValue = 'osaka';
    expect(task.request.body).toEqual([{ tagName: 'area', tagValue: 'tokyo' }]);
  });

  it('putVirtualPrivateGatewayIpAddressMapEntry posts { key, ipAddress } to the VPG ip_address_map', () => {
    const task = tasks.putVirtualPrivateGatewayIpAddressMapEntry(VPG, {
      key: '440101234567890',
      ipAddress: '10.0.0.10',
    });
    expect(task).toEqual({
      request: {
        path: `/v1/virtual_private_gateways/${VPG}/ip_address_map`,
        method: 'POST',
        body: { key: '440101234567890', ipAddress: '10.0.0.10' },
      },
    });
  });

  it('putVirtualPrivateGatewayIpAddressMapEntry sends only key and ipAddress', () => {
    const entry = { key: '440101234567890', ipAddress: '10.0.0.10', type: 'x' } as { key: string; ipAddress: string };
    expect(tasks.putVirtualPrivateGatewayIpAddressMapEntry(VPG, entry).request.body).toEqual({
      key: '440101234567890',
      ipAddress: '10.0.0.10',
    });
  });

  it('serialises to exactly { request: { path, method, body } }: the action brand is type-only', () => {
    const task = tasks.setSimGroup(SIM, GROUP);
    expect(JSON.stringify(task)).toBe(
      `{"request":{"path":"/v1/sims/${SIM}/set_group","method":"POST","body":{"groupId":"${GROUP}"}}}`,
    );
    expect(Reflect.ownKeys(task)).toEqual(['request']);
    expect(Reflect.ownKeys(task.request)).toEqual(['path', 'method', 'body']);
  });

  it('URL-encodes the ID segment (the CLI path-escapes it)', () => {
    expect(tasks.activateSim('89é+&=1').request.path).toBe('/v1/sims/89%C3%A9%2B%26%3D1/activate');
    expect(
      tasks.putVirtualPrivateGatewayIpAddressMapEntry('vpg:1@a', { key: '440101234567890', ipAddress: '10.0.0.1' })
        .request.path,
    ).toBe('/v1/virtual_private_gateways/vpg%3A1%40a/ip_address_map');
  });

  it('keeps the raw ID in the { sim_id } body and the group ID unencoded in the body', () => {
    const task = tasks.activateSim('89é+1');
    expect(task.request.body).toEqual({ sim_id: '89é+1' });
    expect(tasks.setSimGroup(SIM, 'g+é').request.body).toEqual({ groupId: 'g+é' });
  });

  it('uses the method of the operation table for every builder (putSimTags is PUT, the rest POST)', () => {
    const built = {
      activateSim: tasks.activateSim(SIM),
      deactivateSim: tasks.deactivateSim(SIM),
      setSimToStandby: tasks.setSimToStandby(SIM),
      suspendSim: tasks.suspendSim(SIM),
      setSimGroup: tasks.setSimGroup(SIM, GROUP),
      unsetSimGroup: tasks.unsetSimGroup(SIM),
      putSimTags: tasks.putSimTags(SIM, { a: 'b' }),
      putVirtualPrivateGatewayIpAddressMapEntry: tasks.putVirtualPrivateGatewayIpAddressMapEntry(VPG, {
        key: '440101234567890',
        ipAddress: '10.0.0.10',
      }),
    };
    expect(Object.keys(built).sort()).toEqual(Object.keys(actionsOperations).sort());
    for (const [action, task] of Object.entries(built)) {
      const entry = actionsOperations[action as keyof typeof actionsOperations];
      expect(task.request.method).toBe(entry.method);
      expect(task.request.path).toBe(
        `/v1${entry.path.replace(/\{[^}]+\}/, encodeURIComponent(action === 'putVirtualPrivateGatewayIpAddressMapEntry' ? VPG : SIM))}`,
      );
    }
    expect(built.putSimTags.request.method).toBe('PUT');
  });

  it('returns a new task each time: tasks share no objects', () => {
    const a = tasks.setSimGroup(SIM, GROUP);
    const b = tasks.setSimGroup(SIM, GROUP);
    expect(a).toEqual(b);
    expect(a.request).not.toBe(b.request);
    expect(a.request.body).not.toBe(b.request.body);
  });

  it('exposes exactly the eight builders and many, and cannot be changed', () => {
    expect(Object.keys(tasks).sort()).toEqual([...Object.keys(actionsOperations), 'many'].sort());
    expect(Object.isFrozen(tasks)).toBe(true);
  });
});
