/**
 * `limit` + `last_evaluated_key` on the three list operations: pages of at most `limit`, the
 * `x-soracom-next-key` header while more follow, none on the last page, and the task status filter.
 */
import { describe, expect, it } from 'vitest';
import { simIdAt, simIds } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';
import { type Api, jobEnd, newGroup, tasks } from './support/emulator-http.js';

const start = useEmulators();

/** Follows `x-soracom-next-key` from `path` and answers every page. */
async function allPages(call: Api, path: string): Promise<{ pages: any[][]; keys: string[] }> {
  const pages: any[][] = [];
  const keys: string[] = [];
  let key: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await call(
      'GET',
      key === null ? path : `${path}${separator}last_evaluated_key=${encodeURIComponent(key)}`,
    );
    expect(answer.status).toBe(200);
    pages.push(answer.body);
    key = answer.headers.get('x-soracom-next-key');
    if (key !== null) keys.push(key);
    if (pages.length > 100) throw new Error('pagination does not end');
  } while (key !== null);
  return { pages, keys };
}

describe('emulator: pagination', () => {
  it('pages batch groups by limit, every one exactly once, in creation order', async () => {
    const { call } = await start();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await newGroup(call, `group ${i}`));
    const { pages, keys } = await allPages(call, '/batch_groups?limit=3');
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((g) => g.batchGroupId)).toEqual(ids);
    expect(keys).toEqual([ids[2], ids[5]]);
  });

  it('sends no next key when the page ends exactly at the last item', async () => {
    const { call } = await start();
    for (let i = 0; i < 4; i++) await newGroup(call);
    const { pages } = await allPages(call, '/batch_groups?limit=2');
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
  });

  it('keeps paging correctly when the item named by the key was deleted meanwhile', async () => {
    const { call } = await start();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await newGroup(call));
    const first = await call('GET', '/batch_groups?limit=2');
    const key = first.headers.get('x-soracom-next-key') as string;
    expect((await call('DELETE', `/batch_groups/${key}`)).status).toBe(204);
    const rest = await call('GET', `/batch_groups?limit=2&last_evaluated_key=${key}`);
    expect(rest.body.map((g: { batchGroupId: string }) => g.batchGroupId)).toEqual(ids.slice(2));
  });

  it('pages the jobs of a group', async () => {
    const { call, emulator } = await start();
    const group = await newGroup(call);
    const jobIds = [];
    for (let i = 0; i < 5; i++) {
      jobIds.push(
        (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(1, i)) })).body.jobId,
      );
      await emulator.state.whenIdle();
    }
    const { pages } = await allPages(call, `/batch_groups/${group}/jobs?limit=2`);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((j) => j.jobId)).toEqual(jobIds);
  });

  it('pages the tasks of a job by task ID, and pages the status filter too', async () => {
    const { call } = await start({ sims: 10, failingSims: [simIdAt(1), simIdAt(4), simIdAt(5), simIdAt(8)] });
    const group = await newGroup(call);
    const job = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.tags(simIds(10)) })).body;
    await jobEnd(call, group, job.jobId);
    const base = `/batch_groups/${group}/jobs/${job.jobId}/tasks`;

    const all = await allPages(call, `${base}?limit=4`);
    expect(all.pages.map((p) => p.map((t: { taskId: number }) => t.taskId))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(all.keys).toEqual(['4', '8']);

    const errors = await allPages(call, `${base}?limit=3&status=error`);
    expect(errors.pages.map((p) => p.map((t: { taskId: number }) => t.taskId))).toEqual([[2, 5, 6], [9]]);
    for (const task of errors.pages.flat()) expect(task.status).toBe('error');

    const successes = await allPages(call, `${base}?status=success`);
    expect(successes.pages).toHaveLength(1);
    expect(successes.pages[0]).toHaveLength(6);
    const pending = await call('GET', `${base}?status=pending`);
    expect(pending.body).toEqual([]);
    expect(pending.headers.get('x-soracom-next-key')).toBeNull();
  });

  it('serves at most defaultPageLimit items without a limit, and at most maxPageLimit with a larger one', async () => {
    const { call } = await start({ sims: 30, defaultPageLimit: 10, maxPageLimit: 20 });
    const group = await newGroup(call);
    const job = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(30)) })).body;
    await jobEnd(call, group, job.jobId);
    const base = `/batch_groups/${group}/jobs/${job.jobId}/tasks`;
    const unlimited = await call('GET', base);
    expect(unlimited.body).toHaveLength(10);
    expect(unlimited.headers.get('x-soracom-next-key')).toBe('10');
    const large = await call('GET', `${base}?limit=1000`);
    expect(large.body).toHaveLength(20);
    expect(large.headers.get('x-soracom-next-key')).toBe('20');
  });

  it('refuses (400) a limit below 1 or not a number, a task key it never returned and an unknown status', async () => {
    const { call } = await start();
    const group = await newGroup(call);
    const job = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(1)) })).body;
    for (const path of [
      '/batch_groups?limit=0',
      '/batch_groups?limit=-1',
      '/batch_groups?limit=ten',
      `/batch_groups/${group}/jobs?limit=1.5`,
      `/batch_groups/${group}/jobs/${job.jobId}/tasks?last_evaluated_key=abc`,
      `/batch_groups/${group}/jobs/${job.jobId}/tasks?status=done`,
    ]) {
      const answer = await call('GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
  });
});
