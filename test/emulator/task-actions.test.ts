/**
 * The eight actions a task may call, recognised from method + path (with /v1) and applied to the
 * inventory; invalid bodies and unknown targets become task errors, like the called API's answers.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_VPG_ID, imsiAt, simIdAt } from '../../src/testing/index.js';
import { type Started, useEmulators } from './support/emulator-fixture.js';
import { jobEnd, newGroup } from './support/emulator-http.js';

const start = useEmulators();

type Request = { path: string; method: string; body?: unknown };

/** Runs one job of `requests` and answers its tasks. */
async function run({ call }: Started, requests: Request[]): Promise<any[]> {
  const group = await newGroup(call);
  const created = await call('POST', `/batch_groups/${group}/jobs`, {
    tasks: requests.map((request) => ({ request })),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  await jobEnd(call, group, created.body.jobId);
  return (await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}/tasks`)).body;
}

const sim = simIdAt(0);

describe('emulator: task actions', () => {
  it.each([
    ['activate', 'active'],
    ['deactivate', 'inactive'],
    ['set_to_standby', 'standby'],
    ['suspend', 'suspended'],
  ])('POST /v1/sims/{id}/%s sets the status to %s and answers the SIM', async (verb, status) => {
    const emu = await start({ sims: 1 });
    // The seed's example activate task sends {"sim_id": ...}; a body is accepted and ignored.
    const [task] = await run(emu, [{ path: `/v1/sims/${sim}/${verb}`, method: 'POST', body: { sim_id: sim } }]);
    expect(task).toMatchObject({
      status: 'success',
      response: { statusCode: 200, body: { simId: sim, imsi: imsiAt(0), status } },
    });
    expect(emu.emulator.state.sim(sim)?.status).toBe(status);
  });

  it('refuses standby (400) for a SIM that does not support it, and any change to a terminated SIM', async () => {
    const emu = await start({
      sims: [
        { simId: 'a', supportsStandby: false },
        { simId: 'b', status: 'terminated' },
      ],
    });
    const [standby] = await run(emu, [{ path: '/v1/sims/a/set_to_standby', method: 'POST' }]);
    expect(standby).toMatchObject({
      status: 'error',
      response: { statusCode: 400, body: { message: expect.stringContaining('standby') } },
    });
    const [terminated] = await run(emu, [{ path: '/v1/sims/b/activate', method: 'POST' }]);
    expect(terminated.response.statusCode).toBe(400);
    expect(emu.emulator.state.sim('b')?.status).toBe('terminated');
  });

  it('setSimGroup sets groupId and unsetSimGroup removes it', async () => {
    const emu = await start({ sims: 1 });
    const [set] = await run(emu, [{ path: `/v1/sims/${sim}/set_group`, method: 'POST', body: { groupId: 'group-1' } }]);
    expect(set.response.body.groupId).toBe('group-1');
    expect(emu.emulator.state.sim(sim)?.groupId).toBe('group-1');
    const [unset] = await run(emu, [{ path: `/v1/sims/${sim}/unset_group`, method: 'POST' }]);
    expect(unset.status).toBe('success');
    expect(emu.emulator.state.sim(sim)?.groupId).toBeUndefined();
  });

  it('putSimTags merges tags: adds and updates the given ones, keeps the others', async () => {
    const emu = await start({ sims: [{ simId: sim, tags: { keep: 'me', area: 'osaka' } }] });
    const [task] = await run(emu, [
      {
        path: `/v1/sims/${sim}/tags`,
        method: 'PUT',
        body: [
          { tagName: 'area', tagValue: 'tokyo' },
          { tagName: 'floor', tagValue: '3' },
        ],
      },
    ]);
    expect(task.response.body.tags).toEqual({ keep: 'me', area: 'tokyo', floor: '3' });
    expect(emu.emulator.state.sim(sim)?.tags).toEqual({ keep: 'me', area: 'tokyo', floor: '3' });
  });

  it('putVirtualPrivateGatewayIpAddressMapEntry sets the entry of a known VPG, and answers 404 for an unknown one', async () => {
    const emu = await start({ sims: 1 });
    const [task] = await run(emu, [
      {
        path: `/v1/virtual_private_gateways/${DEFAULT_VPG_ID}/ip_address_map`,
        method: 'POST',
        body: { key: imsiAt(0), ipAddress: '10.0.0.5' },
      },
    ]);
    expect(task.response).toEqual({ statusCode: 200, body: { key: imsiAt(0), ipAddress: '10.0.0.5', type: 'static' } });
    expect(emu.emulator.state.vpgEntries(DEFAULT_VPG_ID)).toEqual([
      { key: imsiAt(0), ipAddress: '10.0.0.5', type: 'static' },
    ]);
    const [unknown] = await run(emu, [
      {
        path: '/v1/virtual_private_gateways/no-such-vpg/ip_address_map',
        method: 'POST',
        body: { key: imsiAt(0), ipAddress: '10.0.0.6' },
      },
    ]);
    expect(unknown.response).toMatchObject({
      statusCode: 404,
      body: { code: expect.any(String), message: expect.stringContaining('no-such-vpg') },
    });
    expect(emu.emulator.state.vpgEntries('no-such-vpg')).toBeUndefined();
  });

  it.each([
    ['setSimGroup without groupId', { path: `/v1/sims/${sim}/set_group`, method: 'POST', body: {} }],
    ['setSimGroup without a body', { path: `/v1/sims/${sim}/set_group`, method: 'POST' }],
    [
      'putSimTags with an object',
      { path: `/v1/sims/${sim}/tags`, method: 'PUT', body: { tagName: 'a', tagValue: 'b' } },
    ],
    ['putSimTags with an empty array', { path: `/v1/sims/${sim}/tags`, method: 'PUT', body: [] }],
    ['putSimTags without tagValue', { path: `/v1/sims/${sim}/tags`, method: 'PUT', body: [{ tagName: 'a' }] }],
    [
      'a VPG entry without key',
      {
        path: `/v1/virtual_private_gateways/${DEFAULT_VPG_ID}/ip_address_map`,
        method: 'POST',
        body: { ipAddress: '10.0.0.1' },
      },
    ],
    [
      'a VPG entry with a bad address',
      {
        path: `/v1/virtual_private_gateways/${DEFAULT_VPG_ID}/ip_address_map`,
        method: 'POST',
        body: { key: imsiAt(0), ipAddress: '10.0.0.256' },
      },
    ],
  ])('fails the task with 400 {code, message} for %s, leaving the inventory unchanged', async (_name, request) => {
    const emu = await start({ sims: 1 });
    const before = emu.emulator.state.sim(sim);
    const [task] = await run(emu, [request]);
    expect(task.status).toBe('error');
    expect(task.response).toEqual({ statusCode: 400, body: { code: expect.any(String), message: expect.any(String) } });
    expect(emu.emulator.state.sim(sim)).toEqual(before);
    expect(emu.emulator.state.vpgEntries(DEFAULT_VPG_ID)).toEqual([]);
  });

  it('decodes URL-encoded path segments, as the CLI path-escapes them', async () => {
    const emu = await start({ sims: [{ simId: 'sim/with space' }] });
    const [task] = await run(emu, [
      { path: `/v1/sims/${encodeURIComponent('sim/with space')}/activate`, method: 'POST' },
    ]);
    expect(task.response.body.simId).toBe('sim/with space');
  });

  it('fails a VPG task whose IMSI belongs to a failing SIM', async () => {
    const emu = await start({ sims: 1, failingSims: { [sim]: 503 } });
    const [task] = await run(emu, [
      {
        path: `/v1/virtual_private_gateways/${DEFAULT_VPG_ID}/ip_address_map`,
        method: 'POST',
        body: { key: imsiAt(0), ipAddress: '10.0.0.5' },
      },
    ]);
    expect(task.response.statusCode).toBe(503);
  });
});
