/** The paginated methods against the Prism mock: Prism sends no next key, so a walk is one page. */
import { describe, expect, inject, it } from 'vitest';
import { createBatchClient } from '../../src/index.js';

const batch = () =>
  createBatchClient({
    baseUrl: inject('prismUrls').batch as string,
    auth: { apiKey: 'contract-key-01', token: 'contract-tok-01' },
  });

describe('pagination against the Prism mock', () => {
  it('walks listTasksOfBatchJob with a status filter and limit', async () => {
    const tasks = [];
    for await (const task of batch().listTasksOfBatchJob({
      batch_group_id: 'g',
      job_id: 'j',
      status: 'error',
      limit: 5,
    })) {
      tasks.push(task);
    }
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks[0]).toMatchObject({ taskId: expect.any(Number) });
  });

  it('gives pages with the response of each', async () => {
    const pages = [];
    for await (const page of batch().listBatchJobs({ batch_group_id: 'g' }).pages()) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.nextKey).toBeUndefined();
    expect(pages[0]?.response.status).toBe(200);
  });

  it('sends last_evaluated_key as Prism accepts it (a string query parameter)', async () => {
    const groups = await batch().listBatchGroups({ last_evaluated_key: 'abc', limit: 2 }).toArray();
    expect(Array.isArray(groups)).toBe(true);
  });
});
