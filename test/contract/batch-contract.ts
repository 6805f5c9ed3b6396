/**
 * The Batch contract: every one of the 9 operations called through the client, in the order a user
 * would, with assertions on the shape the spec promises. It runs against a Prism mock of the spec and
 * against the local emulator through `prism proxy --errors`, which fails any answer that
 * does not match the spec.
 */
import { describe, expect, it } from 'vitest';
import { type BatchClient, type BatchClientOptions, createBatchClient } from '../../src/index.js';

export type ContractTarget = {
  /** Client options that reach the server under test (baseUrl, auth). */
  options: () => BatchClientOptions;
  /** Whether the server keeps state (the emulator) or answers examples (the Prism mock). */
  stateful: boolean;
};

const JOB_STATUSES = ['pending', 'running', 'completed', 'aborted', 'failed'];
const TASK_STATUSES = ['pending', 'success', 'error'];

function expectGroup(group: unknown): void {
  expect(group).toMatchObject({ batchGroupId: expect.any(String), batchGroupName: expect.any(String) });
}

function expectJob(job: unknown): void {
  expect(job).toMatchObject({ jobId: expect.any(String), batchGroupId: expect.any(String) });
  expect(JOB_STATUSES).toContain((job as { status: string }).status);
}

export function describeBatchContract(name: string, target: ContractTarget): void {
  describe(`Batch contract: ${name}`, () => {
    let batch: BatchClient;
    let groupId = '';
    let jobId = '';

    it('createBatchGroup creates a group', async () => {
      batch = createBatchClient(target.options());
      const group = await batch.createBatchGroup({
        body: { batchGroupName: 'contract group', description: 'created by the contract tests' },
      });
      expectGroup(group);
      if (target.stateful) expect(group.batchGroupName).toBe('contract group');
      groupId = group.batchGroupId;
    });

    it('getBatchGroup reads it back', async () => {
      const group = await batch.getBatchGroup({ batch_group_id: groupId });
      expectGroup(group);
      if (target.stateful) expect(group.batchGroupId).toBe(groupId);
    });

    it('updateBatchGroup renames it', async () => {
      const group = await batch.updateBatchGroup({ batch_group_id: groupId, body: { batchGroupName: 'renamed' } });
      expectGroup(group);
      if (target.stateful) expect(group.batchGroupName).toBe('renamed');
    });

    it('listBatchGroups lists groups', async () => {
      const groups = await batch.listBatchGroups({ limit: 10 });
      expect(Array.isArray(groups)).toBe(true);
      for (const group of groups) expectGroup(group);
      if (target.stateful) expect(groups.map((g) => g.batchGroupId)).toContain(groupId);
    });

    it('createBatchJob creates a job of tasks', async () => {
      const job = await batch.createBatchJob({
        batch_group_id: groupId,
        body: {
          jobName: 'contract job',
          tasks: [
            { request: { path: '/v1/sims/8981100001234567890/set_group', method: 'POST', body: { groupId: 'g-1' } } },
            { request: { path: '/v1/sims/8981100001234567891/set_group', method: 'POST', body: { groupId: 'g-1' } } },
          ],
        },
      });
      expectJob(job);
      jobId = job.jobId;
    });

    it('getBatchJob reads the job', async () => {
      const job = await batch.getBatchJob({ batch_group_id: groupId, job_id: jobId });
      expectJob(job);
      if (target.stateful) expect(job.jobId).toBe(jobId);
    });

    it('listBatchJobs lists the jobs of the group', async () => {
      const jobs = await batch.listBatchJobs({ batch_group_id: groupId, limit: 10 });
      expect(Array.isArray(jobs)).toBe(true);
      for (const job of jobs) expectJob(job);
      if (target.stateful) expect(jobs.map((j) => j.jobId)).toContain(jobId);
    });

    it('listTasksOfBatchJob lists tasks, filtered by status', async () => {
      const tasks = await batch.listTasksOfBatchJob({ batch_group_id: groupId, job_id: jobId, limit: 10 });
      expect(Array.isArray(tasks)).toBe(true);
      for (const task of tasks) {
        expect(TASK_STATUSES).toContain(task.status);
        expect(task.request).toMatchObject({ path: expect.stringMatching(/^\/v1\//), method: expect.any(String) });
      }
      if (target.stateful) expect(tasks).toHaveLength(2);
      const errors = await batch.listTasksOfBatchJob({ batch_group_id: groupId, job_id: jobId, status: 'error' });
      expect(Array.isArray(errors)).toBe(true);
    });

    it('deleteBatchGroup resolves to undefined (204)', async () => {
      if (target.stateful) {
        // A group with a running job cannot be deleted; wait until the job has finished.
        for (let i = 0; i < 200; i++) {
          const job = await batch.getBatchJob({ batch_group_id: groupId, job_id: jobId });
          if (!['pending', 'running'].includes(job.status as string)) break;
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      await expect(batch.deleteBatchGroup({ batch_group_id: groupId })).resolves.toBeUndefined();
    });
  });
}
