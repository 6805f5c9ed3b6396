/** waitForJob against the emulator: immediate first poll, progress on change, bounded, abortable, typed failure. */
import { describe, expect, it } from 'vitest';
import { BatchJobFailedError, WaitTimeoutError } from '../../src/errors/errors.js';
import { tasks } from '../../src/index.js';
import { simIds } from '../../src/testing/index.js';
import { FAST_WAIT, useHarness } from './support.js';

const start = useHarness();

describe('waitForJob', () => {
  it('polls first without delay: a finished job resolves even with a one-minute minimum delay', async () => {
    const { batch, jobs, groupId, emulator } = await start({ sims: 3 });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', simIds(3)) },
    });
    await emulator.state.whenIdle();
    const done = await jobs.waitForJob({ batch_group_id: groupId, job_id: job.jobId }, { minDelayMs: 60_000 });
    expect(done.status).toBe('completed');
    expect(done.summary).toEqual({ pending: 0, success: 3, error: 0 });
  });

  it('reports progress only when the status or the summary changed', async () => {
    const { batch, jobs, groupId, emulator } = await start({
      sims: 40,
      paused: true,
      tasksPerTick: 5,
      taskDurationMs: 2,
    });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', simIds(40)) },
    });
    const seen: string[] = [];
    const waiting = jobs.waitForJob(
      { batch_group_id: groupId, job_id: job.jobId },
      { ...FAST_WAIT, onProgress: (j) => seen.push(`${j.status} ${JSON.stringify(j.summary)}`) },
    );
    // While paused the job does not move: many polls, one progress call.
    while (emulator.state.requests().filter((r) => r.operationId === 'getBatchJob').length < 5)
      await new Promise((r) => setTimeout(r, 5));
    expect(seen).toHaveLength(1);
    emulator.state.resume();
    const done = await waiting;
    expect(done.status).toBe('completed');
    expect(seen.at(-1)).toContain('completed');
    for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toBe(seen[i - 1]);
    const polls = emulator.state.requests().filter((r) => r.operationId === 'getBatchJob').length;
    expect(polls).toBeGreaterThan(seen.length);
  });

  it('throws WaitTimeoutError carrying the last job seen once maxWaitMs has passed', async () => {
    const { batch, jobs, groupId } = await start({ sims: 2, paused: true });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', simIds(2)) },
    });
    const error = await jobs
      .waitForJob({ batch_group_id: groupId, job_id: job.jobId }, { ...FAST_WAIT, maxWaitMs: 60 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastJob.jobId).toBe(job.jobId);
    expect((error as WaitTimeoutError).lastJob.status).toBe('pending');
    expect((error as Error).message).toContain(`job ${job.jobId} was still pending`);
  });

  it('stops at once when aborted during the sleep between polls, with the caller reason', async () => {
    const { batch, jobs, groupId } = await start({ sims: 2, paused: true });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', simIds(2)) },
    });
    const controller = new AbortController();
    const reason = new Error('operator gave up');
    const waiting = jobs.waitForJob(
      { batch_group_id: groupId, job_id: job.jobId },
      // A ten-minute sleep after the first poll: only an abortable sleep lets this test finish.
      {
        minDelayMs: 600_000,
        signal: controller.signal,
        onProgress: () => setTimeout(() => controller.abort(reason), 10),
      },
    );
    await expect(waiting).rejects.toBe(reason);
  });

  it('resolves with a failed job, or throws BatchJobFailedError with throwOnFailure', async () => {
    const ids = simIds(4);
    const { batch, jobs, groupId } = await start({ sims: 4, failingSims: { [ids[1] as string]: 400 } });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', ids) },
    });
    const ref = { batch_group_id: groupId, job_id: job.jobId };
    const failed = await jobs.waitForJob(ref, FAST_WAIT);
    expect(failed.status).toBe('failed');
    const error = await jobs.waitForJob(ref, { ...FAST_WAIT, throwOnFailure: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchJobFailedError);
    expect((error as BatchJobFailedError).summary).toEqual({ pending: 0, success: 3, error: 1 });
    expect((error as Error).message).toContain('3 succeeded, 1 failed, 0 not run');
  });

  it('resolves with an aborted job (abortOnFailure)', async () => {
    const ids = simIds(20);
    const { batch, jobs, groupId } = await start({ sims: 20, failingSims: [ids[2] as string], tasksPerTick: 1 });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { abortOnFailure: true, tasks: tasks.many('activateSim', ids) },
    });
    const done = await jobs.waitForJob({ batch_group_id: groupId, job_id: job.jobId }, FAST_WAIT);
    expect(done.status).toBe('aborted');
    expect(done.summary?.pending).toBeGreaterThan(0);
  });

  it('polls through an API answering 503 after the client has spent its retries, then ends with the job', async () => {
    const { batch, jobs, groupId, emulator } = await start({ sims: 3, client: { maxRetries: 0 } });
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', simIds(3)) },
    });
    emulator.state.injectFaults({ status: 503, times: 8, operations: ['getBatchJob'] });
    const done = await jobs.waitForJob({ batch_group_id: groupId, job_id: job.jobId }, FAST_WAIT);
    expect(done.status).toBe('completed');
    const polls = emulator.state.requests().filter((r) => r.operationId === 'getBatchJob');
    expect(polls.length).toBeGreaterThanOrEqual(9);
  });

  it('refuses bad options before polling', async () => {
    const { jobs, groupId, emulator } = await start();
    emulator.state.clearRequests();
    await expect(jobs.waitForJob({ batch_group_id: groupId, job_id: 'x' }, { maxWaitMs: -1 })).rejects.toThrow(
      'options.maxWaitMs',
    );
    expect(emulator.state.requests()).toHaveLength(0);
  });
});
