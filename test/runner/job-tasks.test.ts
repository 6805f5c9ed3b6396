/**
 * A job's tasks as the runner reads them (src/runner/job-tasks.ts), against a task listing that can
 * repeat tasks or lose some: every task is told apart by its ID, a listing that holds fewer than the
 * summary counts is read once more, and what is still missing is reported, never passed over.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import type { RunnerClient } from '../../src/runner/api.js';
import { countTasks, neverRunTasks, readTasksOfStatus } from '../../src/runner/job-tasks.js';

type BatchTask = components['schemas']['BatchTaskResponse'];
type Status = BatchTask['status'];

const REF = { batch_group_id: 'g', job_id: 'j' };

function task(taskId: number, status: Status): BatchTask {
  return {
    taskId,
    status,
    request: { path: `/v1/sims/${taskId}/activate`, method: 'POST' },
    ...(status === 'pending' ? {} : { response: { statusCode: status === 'error' ? 500 : 200 } }),
  } as BatchTask;
}

/** A listing that answers `reads[n]` on its n-th walk (filtered by status when asked), and counts the walks. */
function listing(reads: BatchTask[][]) {
  const asked: Array<Record<string, unknown>> = [];
  const api = {
    listTasksOfBatchJob: (params: Record<string, unknown>) => {
      asked.push(params);
      const tasks = reads[Math.min(asked.length - 1, reads.length - 1)] ?? [];
      return (async function* () {
        for (const t of tasks) if (params.status === undefined || params.status === t.status) yield t;
      })();
    },
  } as unknown as RunnerClient;
  return { api, asked };
}

describe('readTasksOfStatus', () => {
  it('hands each task of the status over once, in one read when the listing holds them all', async () => {
    const all = [task(1, 'error'), task(2, 'success'), task(3, 'error'), task(1, 'error')];
    const { api, asked } = listing([all]);
    const seen: number[] = [];
    const count = await readTasksOfStatus(api, REF, 'error', 2, {}, (t) => void seen.push(t.taskId));
    expect(count).toBe(2);
    expect(seen).toEqual([1, 3]);
    expect(asked).toEqual([{ ...REF, status: 'error' }]);
  });

  it('reads once more when fewer came than expected, adding only the new ones, and no third time', async () => {
    const { api, asked } = listing([[task(1, 'error')], [task(1, 'error'), task(2, 'error')], [task(3, 'error')]]);
    const seen: number[] = [];
    const count = await readTasksOfStatus(api, REF, 'error', 3, {}, (t) => void seen.push(t.taskId));
    expect(count).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(asked).toHaveLength(2);
  });

  it('skips tasks of another status that a listing returns anyway, and awaits each hand-over', async () => {
    const api = {
      listTasksOfBatchJob: () =>
        (async function* () {
          yield task(1, 'success');
          yield task(2, 'error');
        })(),
    } as unknown as RunnerClient;
    const order: string[] = [];
    const count = await readTasksOfStatus(api, REF, 'error', 1, {}, async (t) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`handed ${t.taskId}`);
    });
    order.push('done');
    expect(count).toBe(1);
    expect(order).toEqual(['handed 2', 'done']);
  });

  it('does not read at all when nothing is expected', async () => {
    const { api, asked } = listing([[task(1, 'error')]]);
    expect(await readTasksOfStatus(api, REF, 'error', 0, {}, () => undefined)).toBe(0);
    expect(asked).toHaveLength(0);
  });
});

describe('countTasks', () => {
  it('counts each task once by its latest status; failed ones handed over once', async () => {
    const { api, asked } = listing([
      [task(1, 'success'), task(2, 'error'), task(3, 'pending'), task(2, 'error'), task(4, 'error')],
    ]);
    const failed: number[] = [];
    const summary = await countTasks(api, REF, 4, {}, (t) => void failed.push(t.taskId));
    expect(summary).toEqual({ success: 1, error: 2, pending: 1 });
    expect(failed).toEqual([2, 4]);
    expect(asked).toEqual([REF]);
  });

  it('reads once more when tasks are missing, and counts those never listed as pending', async () => {
    const { api, asked } = listing([
      [task(1, 'success')],
      [task(1, 'success'), task(2, 'error')],
      [task(3, 'success')],
    ]);
    const failed: number[] = [];
    const summary = await countTasks(api, REF, 4, {}, (t) => void failed.push(t.taskId));
    expect(summary).toEqual({ success: 1, error: 1, pending: 2 });
    expect(failed).toEqual([2]);
    expect(asked).toHaveLength(2);
  });

  it('a task first seen pending and then failed is handed over when it fails', async () => {
    const { api } = listing([[task(1, 'pending')], [task(1, 'error'), task(2, 'success')]]);
    const failed: number[] = [];
    const summary = await countTasks(api, REF, 2, {}, (t) => void failed.push(t.taskId));
    expect(summary).toEqual({ success: 1, error: 1, pending: 0 });
    expect(failed).toEqual([1]);
  });

  it('never counts fewer pending than none when the listing holds more tasks than the job', async () => {
    const { api } = listing([[task(1, 'success'), task(2, 'success'), task(3, 'success')]]);
    expect(await countTasks(api, REF, 2, {}, () => undefined)).toEqual({ success: 3, error: 0, pending: 0 });
  });
});

describe('neverRunTasks', () => {
  it('lists the pending tasks in task order', async () => {
    const { api, asked } = listing([[task(9, 'pending'), task(3, 'pending'), task(5, 'success')]]);
    const { tasks, gap } = await neverRunTasks(api, REF, 2, {});
    expect(tasks.map((t) => t.taskId)).toEqual([3, 9]);
    expect(gap).toBeUndefined();
    expect(asked).toEqual([{ ...REF, status: 'pending' }]);
  });

  it('reports a gap when the listing shows fewer, even read twice', async () => {
    const { api } = listing([[task(3, 'pending')]]);
    const { tasks, gap } = await neverRunTasks(api, REF, 2, {});
    expect(tasks.map((t) => t.taskId)).toEqual([3]);
    expect(gap).toEqual({ jobId: 'j', status: 'pending', expected: 2, listed: 1 });
  });
});
