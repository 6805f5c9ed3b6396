/**
 * The batch group of a run (src/cli/batch-group.ts), against the emulator: by ID (checked), by name (found,
 * or created when missing; two of that name refused), two runs creating one name at once meeting in the
 * oldest group, and the group of a job found by asking each group.
 */
import { describe, expect, it } from 'vitest';
import { findJobGroup, resolveBatchGroup } from '../../src/cli/batch-group.js';
import { type BatchClient, NotFoundError, tasks } from '../../src/index.js';
import { useHarness } from '../jobs/support.js';

const start = useHarness();

describe('resolveBatchGroup', () => {
  it('by ID: checked with the API, named when the group has a name', async () => {
    const { batch, groupId } = await start({ sims: 1 });
    expect(await resolveBatchGroup(batch, { batchGroupId: groupId })).toEqual({
      batchGroupId: groupId,
      batchGroupName: 'jobs tests',
      created: false,
    });
    await expect(resolveBatchGroup(batch, { batchGroupId: 'no-such-group' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('by name: the group of that name, or a new one with the description, then that one', async () => {
    const { batch, emulator } = await start({ sims: 1 });
    const found = await resolveBatchGroup(batch, { batchGroupName: 'jobs tests' });
    expect(found).toMatchObject({ batchGroupName: 'jobs tests', created: false });
    expect(emulator.state.requests().filter((r) => r.method === 'POST')).toHaveLength(1); // the harness's group
    const made = await resolveBatchGroup(batch, { batchGroupName: 'fleet', description: 'June' });
    expect(made).toMatchObject({ batchGroupName: 'fleet', created: true });
    const group = await batch.getBatchGroup({ batch_group_id: made.batchGroupId });
    expect(group.description).toBe('June');
    expect(await resolveBatchGroup(batch, { batchGroupName: 'fleet' })).toEqual({ ...made, created: false });
    const plain = await resolveBatchGroup(batch, { batchGroupName: 'plain' });
    expect((await batch.getBatchGroup({ batch_group_id: plain.batchGroupId })).description).toBeUndefined();
    expect(emulator.state.groups().map((g) => g.batchGroupName)).toEqual(['jobs tests', 'fleet', 'plain']);
  });

  it('refuses a name two groups have, naming them and the flag to pass', async () => {
    const { batch } = await start({ sims: 1 });
    const a = await batch.createBatchGroup({ body: { batchGroupName: 'twice' } });
    const b = await batch.createBatchGroup({ body: { batchGroupName: 'twice' } });
    const message = `2 batch groups are named "twice" (${a.batchGroupId}, ${b.batchGroupId}): pass --batch-group-id`;
    await expect(resolveBatchGroup(batch, { batchGroupName: 'twice' })).rejects.toThrow(message);
    // Listed newest first, they are still named oldest first: every process sorts them alike.
    const reversed = {
      ...batch,
      listBatchGroups: async function* () {
        yield* (await batch.listBatchGroups({}).toArray()).reverse();
      } as unknown as BatchClient['listBatchGroups'],
    } as BatchClient;
    await expect(resolveBatchGroup(reversed, { batchGroupName: 'twice' })).rejects.toThrow(message);
  });

  it('two runs creating one name at once: the newer group is removed and both take the oldest', async () => {
    const { batch } = await start({ sims: 1 });
    let other: string | undefined;
    // The other run's group is made between this run's look-up and its create, and is the older.
    const racing = {
      ...batch,
      listBatchGroups: batch.listBatchGroups.bind(batch),
      getBatchGroup: batch.getBatchGroup.bind(batch),
      deleteBatchGroup: batch.deleteBatchGroup.bind(batch),
      createBatchGroup: (async (params, options) => {
        if (other === undefined)
          other = (await batch.createBatchGroup({ body: { batchGroupName: 'race' } })).batchGroupId;
        return batch.createBatchGroup(params, options);
      }) as BatchClient['createBatchGroup'],
    } as BatchClient;
    const met = await resolveBatchGroup(racing, { batchGroupName: 'race' });
    expect(met).toEqual({ batchGroupId: other, batchGroupName: 'race', created: false });
    const named = [];
    for await (const g of batch.listBatchGroups({})) if (g.batchGroupName === 'race') named.push(g.batchGroupId);
    expect(named).toEqual([other]);
  });
});

describe('findJobGroup', () => {
  it('finds the group that has the job, past groups that do not', async () => {
    const { batch, groupId } = await start({ sims: 2 });
    await batch.createBatchGroup({ body: { batchGroupName: 'other' } });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: [tasks.activateSim('8981100000000000000')] },
    });
    const later = await batch.createBatchGroup({ body: { batchGroupName: 'later' } });
    const elsewhere = await batch.createBatchJob({
      batch_group_id: later.batchGroupId,
      body: { tasks: [tasks.activateSim('8981100000000000001')] },
    });
    expect(await findJobGroup(batch, job.jobId)).toBe(groupId);
    expect(await findJobGroup(batch, elsewhere.jobId)).toBe(later.batchGroupId);
    await expect(findJobGroup(batch, 'no-such-job')).rejects.toThrow(
      'job no-such-job is in none of your batch groups: check the ID, or pass --batch-group-id',
    );
  });

  it('passes on any answer but a 404: a refused or failed look is not taken for "not in this group"', async () => {
    const { batch } = await start({ sims: 1 });
    const denied = new Error('403 denied');
    const failing = Object.assign(Object.create(batch) as BatchClient, {
      getBatchJob: () => Promise.reject(denied),
    });
    await expect(findJobGroup(failing, 'job-1')).rejects.toBe(denied);
  });
});
