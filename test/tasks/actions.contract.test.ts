/**
 * Contract: every builder's request, replayed against the Prism mock of openapi/actions.yaml, is
 * accepted (Prism validates method, path parameters and body against the spec), and createBatchJob
 * with each builder's tasks is accepted by the Prism mock of the Batch spec.
 */
import { describe, expect, inject, it } from 'vitest';
import { createBatchClient, type TaskAction, tasks } from '../../src/index.js';
import type { TaskList } from '../../src/tasks/types.js';

const SIM = '8981100001234567890';
const SIMS = [SIM, '8981100001234567891', '8981100001234567892'];
const GROUP = '11111111-2222-3333-4444-555555555555';
const VPG = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const auth = { apiKey: 'k-0001', token: 't-0001' };

/** A few tasks per action, one of them with an ID that needs encoding. */
const jobs: { [A in TaskAction]: () => TaskList<A> } = {
  activateSim: () => [...tasks.many('activateSim', SIMS), tasks.activateSim('89é+1')],
  deactivateSim: () => tasks.many('deactivateSim', SIMS),
  setSimToStandby: () => tasks.many('setSimToStandby', SIMS),
  suspendSim: () => tasks.many('suspendSim', SIMS),
  setSimGroup: () => [...tasks.many('setSimGroup', SIMS, GROUP), tasks.setSimGroup(SIM, 'グループ+1')],
  unsetSimGroup: () => tasks.many('unsetSimGroup', SIMS),
  putSimTags: () => [
    ...tasks.many('putSimTags', SIMS, { area: 'tokyo', floor: '3' }),
    tasks.putSimTags(SIM, [{ tagName: 'owner', tagValue: '' }]),
  ],
  putVirtualPrivateGatewayIpAddressMapEntry: () =>
    ['10.0.0.10', '10.0.0.11'].map((ipAddress, i) =>
      tasks.putVirtualPrivateGatewayIpAddressMapEntry(VPG, { key: `44010123456789${i}`, ipAddress }),
    ),
};

const jobList = Object.entries(jobs) as Array<[TaskAction, () => TaskList]>;

/** Sends a task's request to the actions mock as the Batch service would: `/v1` stripped, both auth headers. */
async function replay(request: { path: string; method: string; body?: unknown }): Promise<Response> {
  expect(request.path.startsWith('/v1/')).toBe(true);
  return fetch(`${inject('prismUrls').actions}${request.path.slice('/v1'.length)}`, {
    method: request.method,
    headers: { 'X-Soracom-API-Key': auth.apiKey, 'X-Soracom-Token': auth.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(request.body),
  });
}

describe('actions contract: each builder request against the Prism mock of actions.yaml', () => {
  it.each(jobList)('%s requests are accepted', async (_, build) => {
    for (const task of build()) {
      const response = await replay(task.request);
      const violations = response.headers.get('sl-violations');
      expect({ path: task.request.path, status: response.status, violations }).toEqual({
        path: task.request.path,
        status: 200,
        violations: null,
      });
    }
  });

  it('the mock does validate: a body the operation does not define is refused', async () => {
    const wrong = await replay({ path: `/v1/sims/${SIM}/set_group`, method: 'POST', body: { group: GROUP } });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    const noTagValue = await replay({ path: `/v1/sims/${SIM}/tags`, method: 'PUT', body: [{ tagName: 'area' }] });
    expect(noTagValue.status).toBeGreaterThanOrEqual(400);
    const wrongMethod = await replay({
      path: `/v1/sims/${SIM}/tags`,
      method: 'POST',
      body: [{ tagName: 'a', tagValue: 'b' }],
    });
    expect(wrongMethod.status).toBeGreaterThanOrEqual(400);
  });
});

describe('actions contract: createBatchJob with each builder’s tasks against the Prism mock of the Batch spec', () => {
  const batch = () => createBatchClient({ baseUrl: inject('prismUrls').batch, auth });

  it.each(jobList)('a job of %s tasks is accepted', async (action, build) => {
    const job = await batch().createBatchJob({
      batch_group_id: 'group-1',
      body: { jobName: `contract ${action}`, description: 'actions contract', tasks: build(), abortOnFailure: false },
    });
    expect(job).toMatchObject({ jobId: expect.any(String), batchGroupId: expect.any(String) });
  });

  it('a job of 10,000 tasks, the most a job may hold, is accepted', async () => {
    const simIds = Array.from({ length: 10_000 }, (_, i) => String(8981100000000000000n + BigInt(i)));
    const job = await batch().createBatchJob({
      batch_group_id: 'group-1',
      body: { tasks: tasks.many('setSimGroup', simIds, GROUP) },
    });
    expect(job).toMatchObject({ jobId: expect.any(String) });
  });
});
