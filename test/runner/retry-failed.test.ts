/**
 * `retryFailed` (src/runner/retry-failed.ts): which tasks of which jobs run again, checked against each
 * job's summary before anything is sent, so a retry of part of the failures is never taken for a whole one.
 */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, isSoracomError, tasks, UnexpectedResponseError } from '../../src/index.js';
import { collectRetryableTasks, retryFailed } from '../../src/runner/retry-failed.js';
import { runTasks } from '../../src/runner/run-tasks.js';
import { simIds } from '../../src/testing/index.js';
import { FAST_SUBMIT, FAST_WAIT, useHarness } from '../jobs/support.js';
import { edited, listingWithout } from './support.js';

const start = useHarness();
const ids = simIds(10);
const FAST = { wait: FAST_WAIT, submitDelay: FAST_SUBMIT };
const simOf = (task: { request: { path: string } }) => /\/sims\/([^/]+)\//.exec(task.request.path)?.[1];

async function failedRun(
  failingSims: Record<string, number | { status: number; times: number }>,
  extra: { abortOnFailure?: boolean; tasksPerTick?: number } = {},
) {
  const h = await start({ sims: 10, failingSims, ...(extra.tasksPerTick ? { tasksPerTick: extra.tasksPerTick } : {}) });
  const run = await runTasks(h.batch, {
    batch_group_id: h.groupId,
    tasks: tasks.many('activateSim', ids),
    ...FAST,
    ...(extra.abortOnFailure ? { abortOnFailure: true } : {}),
  });
  return { ...h, run, jobId: run.jobs[0]?.jobId as string };
}

describe('retryFailed refuses before sending anything', () => {
  it('without job IDs, or with one that is not a non-blank string', async () => {
    const { batch, groupId } = await start({ sims: 1 });
    const refused = (params: unknown): Promise<Error> =>
      retryFailed(batch, params as never).then(
        () => new Error('not refused'),
        (e: unknown) => e as Error,
      );
    expect((await refused(null)).message).toBe('retryFailed.job_id is required: a job ID or a list of them');
    expect((await refused({ batch_group_id: groupId })).message).toBe(
      'retryFailed.job_id is required: a job ID or a list of them',
    );
    expect((await refused({ batch_group_id: groupId, job_id: 5 })).message).toContain('retryFailed.job_id is required');
    expect((await refused({ batch_group_id: groupId, job_id: ' ' })).message).toBe(
      'retryFailed.job_id must hold job IDs: got " "',
    );
    expect((await refused({ batch_group_id: groupId, job_id: ['a', 7] })).message).toBe(
      'retryFailed.job_id must hold job IDs: got 7',
    );
  });

  it('a job that has not ended', async () => {
    const { batch, groupId } = await start({ sims: 3, paused: true });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: [tasks.activateSim(ids[0] as string)] },
    });
    const error = await retryFailed(batch, { batch_group_id: groupId, job_id: job.jobId }).catch((e: unknown) => e);
    expect(isSoracomError(error, BatchValidationError)).toBe(true);
    expect((error as Error).message).toBe(
      `retryFailed.job_id must name jobs that have ended: job ${job.jobId} is pending`,
    );
  });

  it('a job whose failed tasks the listing does not show in full, even read twice', async () => {
    const { batch, emulator, groupId, jobId } = await failedRun({ [ids[1] as string]: 500, [ids[6] as string]: 500 });
    const api = edited(batch, {
      listTasksOfBatchJob: listingWithout(batch, (task, { status }) => status === 'error' && simOf(task) === ids[1]),
    });
    const jobsBefore = emulator.state.jobs().length;
    const error = await retryFailed(api, { batch_group_id: groupId, job_id: jobId, ...FAST }).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect((error as Error).message).toBe(
      `job ${jobId}: its task list shows 1 of its 2 failed task(s), even read twice; nothing was retried ` +
        '(a retry of part of them could not be told from a whole one later): try again later',
    );
    expect(emulator.state.jobs()).toHaveLength(jobsBefore);
  });
});

describe('which tasks run again', () => {
  it('the failed ones less the skipped status codes, in task order, once for a job named twice', async () => {
    const { batch, groupId, jobId } = await failedRun({
      [ids[7] as string]: 500,
      [ids[2] as string]: 404,
      [ids[4] as string]: 503,
    });
    const found = await collectRetryableTasks(batch, {
      batch_group_id: groupId,
      job_id: [jobId, jobId],
      skipStatusCodes: [404],
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.jobId).toBe(jobId);
    expect(found[0]?.action).toBe('activateSim');
    expect(found[0]?.tasks.map(simOf)).toEqual([ids[4], ids[7]]);
    // The request as it was first sent: the retry sends the same.
    expect(found[0]?.tasks[0]).toEqual({ request: tasks.activateSim(ids[4] as string).request });

    const all = await collectRetryableTasks(batch, { batch_group_id: groupId, job_id: jobId });
    expect(all[0]?.tasks.map(simOf)).toEqual([ids[2], ids[4], ids[7]]);
  });

  it('an aborted job’s never-run tasks too, unless its run already ran them; a listing short of them is refused', async () => {
    const { batch, groupId, jobId, run } = await failedRun(
      { [ids[2] as string]: 500 },
      { abortOnFailure: true, tasksPerTick: 1 },
    );
    const neverRun = run.jobs[0]?.summary?.pending ?? 0;
    expect(neverRun).toBeGreaterThan(0);
    const [retry] = await collectRetryableTasks(batch, { batch_group_id: groupId, job_id: jobId });
    expect(retry?.tasks).toHaveLength(1 + neverRun);
    expect(retry?.tasks.map(simOf)[0]).toBe(ids[2]);

    let first: number | undefined;
    const short = edited(batch, {
      listTasksOfBatchJob: listingWithout(batch, (task, { status }) => {
        if (status !== 'pending') return false;
        first ??= task.taskId;
        return task.taskId === first;
      }),
    });
    const error = await collectRetryableTasks(short, { batch_group_id: groupId, job_id: jobId }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain(
      `its task list shows ${neverRun - 1} of its ${neverRun} never-run task(s)`,
    );

    // The run goes on: its job after the aborted one runs them, and a retry then takes only the failed task.
    await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      resume: run.state,
    });
    const [after] = await collectRetryableTasks(batch, { batch_group_id: groupId, job_id: jobId });
    expect(after?.tasks.map(simOf)).toEqual([ids[2]]);
  });

  it('nothing to retry: an empty, ok result naming the action, and no job', async () => {
    const { batch, emulator, groupId, jobId } = await failedRun({ [ids[3] as string]: 404 });
    const jobsBefore = emulator.state.jobs().length;
    const result = await retryFailed(batch, {
      batch_group_id: groupId,
      job_id: jobId,
      skipStatusCodes: [404],
      ...FAST,
    });
    expect(result).toEqual({
      batchGroupId: groupId,
      action: 'activateSim',
      total: 0,
      succeeded: 0,
      failed: 0,
      notRun: 0,
      handedOver: 0,
      ok: true,
      jobs: [],
      failedTasks: [],
      streams: [],
      listingGaps: [],
      state: { version: 3, batchGroupId: groupId, streams: [] },
    });
    expect(emulator.state.jobs()).toHaveLength(jobsBefore);
  });

  it('runs each job’s retry as its own stream with the given name, description and chunk size', async () => {
    const { batch, emulator, groupId, jobId } = await failedRun({
      [ids[0] as string]: { status: 500, times: 1 },
      [ids[9] as string]: { status: 500, times: 1 },
    });
    const result = await retryFailed(batch, {
      batch_group_id: groupId,
      job_id: jobId,
      jobName: 'retry',
      description: 'again',
      chunkSize: 1,
      ...FAST,
    });
    expect(result).toMatchObject({ ok: true, total: 2, succeeded: 2 });
    const made = emulator.state.jobs().slice(1);
    expect(made.map((j) => j.jobName)).toEqual(['retry (1/2)', 'retry (2/2)']);
    expect(made.every((j) => j.description?.startsWith('again [soracom-batch '))).toBe(true);
  });
});
