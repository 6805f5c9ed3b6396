/**
 * A stream's chunks moved through a server that does not answer as it should (src/runner/stream.ts), in the
 * unit tier: the emulator does the work, and the four client methods the runner uses (`RunnerClient`) are
 * wrapped so a test can edit one answer: a job reported ended with tasks still pending, a summary that
 * does not add up, a task listing that loses a task, a create answered with another job. Each test ends
 * with every SIM's tasks counted across every job the emulator holds: none twice, none dropped.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import { type BatchClient, isSoracomError, tasks, UnexpectedResponseError } from '../../src/index.js';
import type { RunnerClient } from '../../src/runner/api.js';
import { retryIdentity } from '../../src/runner/identity.js';
import { parseMarker } from '../../src/runner/plan.js';
import { retryFailed } from '../../src/runner/retry-failed.js';
import type { RunProgress } from '../../src/runner/run-state.js';
import { runTasks } from '../../src/runner/run-tasks.js';
import { type BatchEmulator, simIds } from '../../src/testing/index.js';
import { FAST_SUBMIT, FAST_WAIT, useHarness } from '../jobs/support.js';
import { edited, listingWithout } from './support.js';

type BatchJob = components['schemas']['BatchJobResponse'];

const start = useHarness();
const SIMS = 20;
const ids = simIds(SIMS);
const FAST = { wait: FAST_WAIT, submitDelay: FAST_SUBMIT, chunkSize: 10 };

const simOf = (task: { request: { path: string } }) => /\/sims\/([^/]+)\//.exec(task.request.path)?.[1];

/** How many times each SIM's task ran (succeeded or failed), across every job the emulator holds. */
function ranPerSim(emulator: BatchEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of emulator.state.jobs()) {
    for (const task of emulator.state.tasks(job.jobId)) {
      if (task.status === 'pending') continue;
      const sim = simOf(task) as string;
      counts.set(sim, (counts.get(sim) ?? 0) + 1);
    }
  }
  return counts;
}

function eachOnce(emulator: BatchEmulator, targets: readonly string[] = ids) {
  const ran = ranPerSim(emulator);
  expect(targets.filter((id) => ran.get(id) !== 1)).toEqual([]);
}

describe('a job reported ended while tasks are still pending', () => {
  it('is waited for until the tasks ran, then its failures are reported', async () => {
    const failing = ids[3] as string;
    const { batch, emulator, groupId } = await start({ sims: SIMS, failingSims: [failing] });
    let lies = 2;
    const getBatchJob = (async (params, options) => {
      const job = await batch.getBatchJob(params, options);
      if (job.status !== 'failed' || lies === 0) return job;
      lies--;
      return { ...job, summary: { success: 8, error: 1, pending: 1 } };
    }) as RunnerClient['getBatchJob'];
    const seen: RunProgress[] = [];
    const result = await runTasks(edited(batch, { getBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      onProgress: (p) => seen.push(p),
    });
    expect(lies).toBe(0);
    expect(result).toMatchObject({ ok: false, succeeded: SIMS - 1, failed: 1, notRun: 0 });
    expect(result.failedTasks.map(simOf)).toEqual([failing]);
    expect(result.listingGaps).toEqual([]);
    expect(seen.some((p) => p.current?.waiting === 'the job is reported ended with tasks still pending')).toBe(true);
    eachOnce(emulator);
  });

  it('past the wait’s limit, stops with an error naming the job and its pending tasks', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS });
    const getBatchJob = (async (params, options) => {
      const job = await batch.getBatchJob(params, options);
      return job.status === 'completed' ? { ...job, summary: { success: 7, error: 0, pending: 3 } } : job;
    }) as RunnerClient['getBatchJob'];
    const error = await runTasks(edited(batch, { getBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      wait: { ...FAST_WAIT, maxWaitMs: 200 },
    }).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    const [job] = emulator.state.jobs();
    expect((error as Error).message).toBe(
      `job ${job?.jobId} is reported completed with 3 task(s) still pending, past the wait's limit; ` +
        'its tasks are not counted as run: resume the run later',
    );
    expect(error).toMatchObject({ method: 'GET', path: `/batch_groups/${groupId}/jobs/${job?.jobId}`, status: 200 });
    expect(emulator.state.jobs()).toHaveLength(1);
  });
});

describe('a summary that does not account for every task', () => {
  it('is not trusted: the tasks are counted from the listing, each failed one reported once', async () => {
    const failing = [ids[2], ids[14]] as string[];
    const { batch, emulator, groupId } = await start({ sims: SIMS, failingSims: failing });
    const getBatchJob = (async (params, options) => {
      const job = await batch.getBatchJob(params, options);
      return job.status === 'pending' || job.status === 'running'
        ? job
        : { ...job, summary: { success: 1, error: 0, pending: 0 } };
    }) as RunnerClient['getBatchJob'];
    const listedByStatus: Array<string | undefined> = [];
    const listTasksOfBatchJob = listingWithout(batch, (_task, params) => {
      listedByStatus.push(params.status);
      return false;
    });
    const result = await runTasks(edited(batch, { getBatchJob, listTasksOfBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
    });
    expect(result).toMatchObject({ ok: false, succeeded: SIMS - 2, failed: 2, notRun: 0 });
    expect(result.failedTasks.map(simOf).sort()).toEqual([...failing].sort());
    expect(result.jobs.map((j) => j.summary)).toEqual([
      { success: 9, error: 1, pending: 0 },
      { success: 9, error: 1, pending: 0 },
    ]);
    // The count found the failed tasks: they are not listed a second time by status.
    expect(listedByStatus.length).toBeGreaterThan(0);
    expect(listedByStatus.filter((status) => status !== undefined)).toEqual([]);
    eachOnce(emulator);
  });
});

describe('failed tasks and their listing', () => {
  it('a listing that lost a failed task, even read twice, is reported as a gap, not passed over', async () => {
    const failing = [ids[1], ids[5]] as string[];
    const { batch, groupId } = await start({ sims: SIMS, failingSims: failing });
    let reads = 0;
    const listTasksOfBatchJob = listingWithout(batch, (task, params) => {
      if (params.status === 'error') reads += simOf(task) === failing[0] ? 1 : 0;
      return params.status === 'error' && simOf(task) === failing[0];
    });
    const result = await runTasks(edited(batch, { listTasksOfBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
    });
    const [first] = result.jobs;
    expect(result.listingGaps).toEqual([{ jobId: first?.jobId, status: 'error', expected: 2, listed: 1 }]);
    expect(result.failedTasks.map(simOf)).toEqual([failing[1]]);
    expect(reads).toBe(2);
    expect(result.failed).toBe(2);
  });

  it('are not listed at all when nobody takes them (collectFailedTasks false, no onFailedTask)', async () => {
    const { batch, groupId } = await start({ sims: SIMS, failingSims: [ids[0] as string] });
    const statuses: Array<string | undefined> = [];
    const listTasksOfBatchJob = listingWithout(batch, (_task, params) => {
      statuses.push(params.status);
      return false;
    });
    const api = edited(batch, { listTasksOfBatchJob });
    const quiet = await runTasks(api, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      collectFailedTasks: false,
    });
    expect(quiet).toMatchObject({ failed: 1, failedTasks: [], listingGaps: [] });
    expect(statuses).toEqual([]);

    const handed: string[] = [];
    const told = await runTasks(api, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      again: true,
      collectFailedTasks: false,
      onFailedTask: (task) => void handed.push(simOf(task) as string),
    });
    expect(told.failedTasks).toEqual([]);
    expect(handed).toEqual([ids[0]]);
  });
});

describe('a create answered with a job that is not the chunk’s', () => {
  it('is not taken for the chunk: the chunk’s own job is found by its marker and adopted', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS });
    let first: BatchJob | undefined;
    const createBatchJob = (async (params, options) => {
      const made = await batch.createBatchJob(params, options);
      first ??= made;
      return first; // the second create made its job, and answered the first one
    }) as RunnerClient['createBatchJob'];
    const result = await runTasks(edited(batch, { createBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      settleWindowMs: 200,
    });
    expect(result.ok).toBe(true);
    expect(emulator.state.jobs()).toHaveLength(2);
    expect(new Set(result.jobs.map((j) => j.jobId)).size).toBe(2);
    eachOnce(emulator);
  });
});

describe('an aborted job’s never-run tasks', () => {
  async function abortedRun() {
    const h = await start({ sims: SIMS, failingSims: [ids[2] as string], tasksPerTick: 1 });
    const first = await runTasks(h.batch, {
      batch_group_id: h.groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      abortOnFailure: true,
    });
    expect(first.state.streams[0]?.chunks.map((c) => c.status)).toEqual(['interrupted', 'planned']);
    return { ...h, first };
  }

  it('run as a job of their own marked after the aborted job, each once, when the run goes on', async () => {
    const { batch, emulator, groupId, first } = await abortedRun();
    const aborted = first.jobs[0];
    const neverRun = aborted?.summary?.pending ?? 0;
    expect(neverRun).toBeGreaterThan(0);
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      resume: first.state,
    });
    expect(result).toMatchObject({ ok: false, failed: 1, succeeded: SIMS - 1, notRun: 0 });
    const rest = result.jobs.find((j) => j.after === aborted?.jobId);
    expect(rest?.taskCount).toBe(neverRun);
    const restJob = emulator.state.jobs().find((j) => j.jobId === rest?.jobId);
    expect(parseMarker(restJob?.description)).toMatchObject({ chunk: 0, after: aborted?.jobId });
    eachOnce(emulator);
  });

  it('are left to a retry of the aborted job that ran first: counted handed over, never run twice', async () => {
    const { batch, emulator, groupId, first } = await abortedRun();
    const aborted = first.jobs[0];
    const neverRun = aborted?.summary?.pending ?? 0;
    const retry = await retryFailed(batch, { batch_group_id: groupId, job_id: aborted?.jobId as string, ...FAST });
    expect(retry.total).toBe(1 + neverRun);
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      resume: first.state,
    });
    expect(result).toMatchObject({ handedOver: neverRun, notRun: 0, failed: 1, succeeded: SIMS - 1 - neverRun });
    expect(result.jobs.some((j) => j.after !== undefined)).toBe(false);
    const failing = ids[2] as string;
    eachOnce(
      emulator,
      ids.filter((id) => id !== failing),
    );
    expect(ranPerSim(emulator).get(failing)).toBe(2);
  });

  it('are left to a retry made after the run’s first look at the group too (one made while it ran)', async () => {
    const { batch, emulator, groupId, first } = await abortedRun();
    const aborted = first.jobs[0]?.jobId as string;
    await retryFailed(batch, { batch_group_id: groupId, job_id: aborted, ...FAST });
    let looks = 0;
    const listBatchJobs = ((params: Parameters<BatchClient['listBatchJobs']>[0], options?: object) => {
      const hideRetry = looks++ === 0;
      const list = batch.listBatchJobs(params, options);
      return {
        pages: async function* () {
          for await (const page of list.pages()) {
            const items = page.items.filter((j) => parseMarker(j.description)?.id !== retryIdentity(aborted));
            yield hideRetry ? { ...page, items } : page;
          }
        },
      };
    }) as unknown as RunnerClient['listBatchJobs'];
    const result = await runTasks(edited(batch, { listBatchJobs }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      resume: first.state,
    });
    expect(looks).toBeGreaterThan(1);
    expect(result.handedOver).toBe(first.jobs[0]?.summary?.pending);
    expect(result.jobs.some((j) => j.after !== undefined)).toBe(false);
    eachOnce(
      emulator,
      ids.filter((id) => id !== ids[2]),
    );
  });

  it('are not run when their listing shows fewer than the summary counts: the error says to retry the job', async () => {
    const { batch, emulator, groupId, first } = await abortedRun();
    const aborted = first.jobs[0];
    // Every read of the never-run tasks loses the first of them.
    let firstPending: number | undefined;
    const listTasksOfBatchJob = listingWithout(batch, (task, params) => {
      if (params.status !== 'pending') return false;
      firstPending ??= task.taskId;
      return task.taskId === firstPending;
    });
    const jobsBefore = emulator.state.jobs().length;
    const error = await runTasks(edited(batch, { listTasksOfBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      resume: first.state,
    }).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    const neverRun = aborted?.summary?.pending ?? 0;
    expect((error as Error).message).toBe(
      `job ${aborted?.jobId} was aborted with ${neverRun} task(s) never run, but its task list shows ${neverRun - 1}: ` +
        'they cannot be run again safely; look at the job, then retry it with retryFailed',
    );
    expect(error).toMatchObject({
      method: 'GET',
      path: `/batch_groups/${groupId}/jobs/${aborted?.jobId}/tasks`,
      status: 200,
    });
    expect(emulator.state.jobs()).toHaveLength(jobsBefore);
  });
});
