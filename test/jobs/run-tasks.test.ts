/** runTasks against the emulator: splitting, progress, failures, 429s, same-action jobs, abort, validation. */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, tasks } from '../../src/index.js';
import type { RunProgress, RunState } from '../../src/runner/run-state.js';
import { simIds } from '../../src/testing/index.js';
import { FAST_SUBMIT, FAST_WAIT, submissionsPerSim, useHarness } from './support.js';

const start = useHarness();

describe('runTasks', () => {
  it('runs 25,000 tasks as 3 jobs of at most 10,000, one after another, all succeeded', async () => {
    const { jobs, groupId, emulator } = await start({ sims: 25_000, tasksPerTick: 5_000 });
    const progress: RunProgress[] = [];
    const result = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('putSimTags', simIds(25_000), { fleet: 'north' }),
      jobName: 'tag the fleet',
      wait: FAST_WAIT,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ total: 25_000, succeeded: 25_000, failed: 0, notRun: 0, ok: true, failedTasks: [] });
    expect(result.jobs.map((j) => [j.taskCount, j.status])).toEqual([
      [10_000, 'completed'],
      [10_000, 'completed'],
      [5_000, 'completed'],
    ]);
    const created = emulator.state.jobs();
    expect(created.map((j) => j.jobName)).toEqual([
      'tag the fleet (1/3)',
      'tag the fleet (2/3)',
      'tag the fleet (3/3)',
    ]);
    // One after another: each job started after the previous one finished.
    for (let i = 1; i < created.length; i++) {
      expect(created[i]?.createdTime as number).toBeGreaterThanOrEqual(created[i - 1]?.finishedTime as number);
    }
    expect(emulator.state.sim(simIds(25_000)[24_999] as string)?.tags).toEqual({ fleet: 'north' });
    const last = progress.at(-1) as RunProgress;
    expect(last).toMatchObject({
      total: 25_000,
      done: 25_000,
      succeeded: 25_000,
      failed: 0,
      jobsTotal: 3,
      jobsFinished: 3,
    });
    // Progress never goes backwards.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
  });

  it('gives the failed tasks with their request and response', async () => {
    const ids = simIds(30);
    const failing = [ids[3], ids[17], ids[29]] as string[];
    const { jobs, groupId } = await start({
      sims: 30,
      failingSims: { [failing[0]!]: 400, [failing[1]!]: 500, [failing[2]!]: 400 },
    });
    const result = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      chunkSize: 10,
      wait: FAST_WAIT,
    });
    expect(result).toMatchObject({ total: 30, succeeded: 27, failed: 3, ok: false });
    expect(result.jobs.map((j) => j.status)).toEqual(['failed', 'failed', 'failed']);
    expect(result.failedTasks.map((t) => t.request.path).sort()).toEqual(
      failing.map((id) => `/v1/sims/${id}/activate`).sort(),
    );
    const statuses = result.failedTasks.map((t) => t.response?.statusCode).sort();
    expect(statuses).toEqual([400, 400, 500]);
    expect(result.failedTasks.every((t) => t.jobId && typeof t.taskId === 'number')).toBe(true);
  });

  it('an unknown SIM fails its task with 404, like the real API', async () => {
    const { jobs, groupId } = await start({ sims: 2 });
    const result = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: [...tasks.many('suspendSim', simIds(2)), tasks.suspendSim('8981100009999999999')],
      wait: FAST_WAIT,
    });
    expect(result.failed).toBe(1);
    expect(result.failedTasks[0]?.response?.statusCode).toBe(404);
  });

  it('waits out a storm of 429s on createBatchJob instead of failing', async () => {
    const { jobs, groupId, emulator } = await start({
      sims: 5,
      faults: [{ status: 429, times: 6, operations: ['createBatchJob'] }],
      client: { maxRetries: 0 },
    });
    const waits: string[] = [];
    const result = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', simIds(5)),
      wait: FAST_WAIT,
      submitDelay: FAST_SUBMIT,
      onProgress: (p) => p.current?.waiting && waits.push(p.current.waiting),
    });
    expect(result.ok).toBe(true);
    expect(emulator.state.jobs()).toHaveLength(1);
    const creates = emulator.state.requests().filter((r) => r.operationId === 'createBatchJob');
    expect(creates.map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 429, 200]);
    expect(waits).toHaveLength(6);
  });

  it('waits for a running job of the same action (400) and then submits', async () => {
    const { batch, jobs, groupId, emulator } = await start({ sims: 50, tasksPerTick: 1, taskDurationMs: 1 });
    const ids = simIds(50);
    const other = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: tasks.many('activateSim', ids.slice(0, 40)) },
    });
    const waits: string[] = [];
    const result = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids.slice(40)),
      wait: FAST_WAIT,
      submitDelay: FAST_SUBMIT,
      onProgress: (p) => p.current?.waiting && waits.push(p.current.waiting),
    });
    expect(result.ok).toBe(true);
    expect(waits[0]).toMatch(/^another job of the same action is running; trying again in/);
    const creates = emulator.state
      .requests()
      .filter((r) => r.operationId === 'createBatchJob')
      .map((r) => r.status);
    expect(creates[0]).toBe(200);
    expect(creates).toContain(400);
    expect(creates.at(-1)).toBe(200);
    expect(emulator.state.job(other.jobId)?.status).toBe('completed');
  });

  it('stops when aborted mid-run, rejecting with the reason and leaving a resumable state', async () => {
    const { jobs, groupId, emulator } = await start({ sims: 30, tasksPerTick: 1, taskDurationMs: 2 });
    const controller = new AbortController();
    const reason = new Error('Ctrl-C');
    let last: RunState | undefined;
    const run = jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', simIds(30)),
      chunkSize: 10,
      wait: FAST_WAIT,
      signal: controller.signal,
      onState: (s) => {
        last = s;
        if (s.streams[0]?.chunks[1]?.status === 'running') controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(last?.streams[0]?.chunks.map((c) => c.status)).toEqual(['finished', 'running', 'planned']);
    expect(emulator.state.jobs()).toHaveLength(2);
  });

  it('with abortOnFailure stops after the first failing job and submits no further job', async () => {
    const ids = simIds(30);
    const { jobs, groupId, emulator } = await start({ sims: 30, failingSims: [ids[12] as string], tasksPerTick: 1 });
    const result = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      chunkSize: 10,
      abortOnFailure: true,
      wait: FAST_WAIT,
    });
    expect(result.jobs.map((j) => j.status)).toEqual(['completed', 'aborted']);
    expect(emulator.state.jobs()).toHaveLength(2);
    expect(result.ok).toBe(false);
    expect(result.notRun).toBeGreaterThan(10);
    // The aborted job's tasks that never ran are work still to do, and so is the chunk never submitted.
    expect(result.state.streams[0]?.chunks.map((c) => c.status)).toEqual(['finished', 'interrupted', 'planned']);
  });

  /** A run of 20 tasks in chunks of 10 stopped by abortOnFailure: its first job aborted, with 7 tasks never run. */
  async function abortedRun() {
    const ids = simIds(20);
    const harness = await start({ sims: 20, failingSims: [ids[2] as string], tasksPerTick: 1, taskDurationMs: 2 });
    const params = {
      batch_group_id: harness.groupId,
      tasks: tasks.many('activateSim', ids),
      chunkSize: 10,
      wait: FAST_WAIT,
      settleWindowMs: 10,
    };
    await harness.jobs.runTasks({ ...params, abortOnFailure: true });
    const aborted = harness.emulator.state.jobs()[0]?.jobId as string;
    return { ...harness, ids, params, aborted };
  }
  const simsOf = (failed: ReadonlyArray<{ request: { path: string } }>) =>
    failed.map((t) => /\/sims\/([^/]+)\//.exec(t.request.path)?.[1]);

  it('a run that takes over an aborted job reports that job’s failed tasks too', async () => {
    const { jobs, ids, params, aborted } = await abortedRun();
    const taken = await jobs.runTasks(params);
    expect(taken).toMatchObject({ succeeded: 19, failed: 1, notRun: 0 });
    expect(simsOf(taken.failedTasks)).toEqual([ids[2]]);
    expect(taken.jobs.map((j) => j.after)).toEqual([undefined, aborted, undefined]);
  });

  it('and counts them from the tasks when the group’s answers leave out that job’s summary', async () => {
    const { jobs, emulator, ids, params, aborted } = await abortedRun();
    // Taken up and stopped during chunk 2, whose job is held (paused) so that the run stays unfinished.
    const stop = new AbortController();
    const reason = new Error('stopped');
    const taken = jobs.runTasks({
      ...params,
      signal: stop.signal,
      onState: (state) => {
        if (state.streams[0]?.chunks[1]?.status !== 'running') return;
        emulator.state.pause();
        stop.abort(reason);
      },
    });
    await expect(taken).rejects.toBe(reason);
    // Taken up again: chunk 1 has finished (the aborted job, then the job of its rest).
    emulator.state.hideJobSummary([aborted]);
    let saved: RunState | undefined;
    const onState = (state: RunState) => {
      emulator.state.resume();
      saved = state;
    };
    const last = await jobs.runTasks({ ...params, onState });
    expect(last).toMatchObject({ succeeded: 19, failed: 1, notRun: 0 });
    expect(simsOf(last.failedTasks)).toEqual([ids[2]]);
    const counted = { jobId: aborted, summary: { success: 2, error: 1, pending: 7 } };
    expect(last.jobs[0]).toMatchObject(counted);
    // The last state saved holds the count too.
    expect(saved?.streams[0]?.chunks[0]?.jobs[0]).toMatchObject(counted);
  });

  it('submits every task exactly once', async () => {
    const { jobs, groupId, emulator } = await start({ sims: 95 });
    await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('unsetSimGroup', simIds(95)),
      chunkSize: 20,
      wait: FAST_WAIT,
    });
    const counts = submissionsPerSim(emulator);
    expect(counts.size).toBe(95);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('runTasks refuses bad input before sending anything', () => {
  it.each([
    [{ tasks: [] }, 'runTasks.tasks', 'at least one task'],
    [{ tasks: [tasks.activateSim('1'), tasks.suspendSim('2')] }, 'runTasks.tasks', 'must all call the same action'],
    [{ tasks: [{ request: { path: '/v1/operators', method: 'GET' } }] }, 'runTasks.tasks[0]', 'is none of them'],
    [{ tasks: [tasks.activateSim('1')], chunkSize: 10_001 }, 'runTasks.chunkSize', 'from 1 to 10000'],
    [{ tasks: [tasks.activateSim('1')], jobName: 'x'.repeat(101) }, 'runTasks.jobName', 'at most 100'],
    [
      { tasks: [tasks.activateSim('1')], description: 'x'.repeat(480) },
      'runTasks.description',
      'the run appends a marker',
    ],
    [{ tasks: [tasks.activateSim('1')], batch_group_id: '' }, 'runTasks.batch_group_id', 'non-empty'],
  ])('%#: %s %s', async (params, argument, text) => {
    const { jobs, groupId, emulator } = await start();
    emulator.state.clearRequests();
    const error = await jobs
      .runTasks({ batch_group_id: groupId, ...(params as object) } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    expect((error as BatchValidationError).argument).toBe(argument);
    expect((error as Error).message).toContain(text);
    expect(emulator.state.requests()).toHaveLength(0);
  });

  it('refuses to resume with a state made for other tasks', async () => {
    const { jobs, groupId } = await start({ sims: 10 });
    const first = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', simIds(10)),
      wait: FAST_WAIT,
    });
    const other = jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', simIds(9)),
      resume: first.state,
      wait: FAST_WAIT,
    });
    await expect(other).rejects.toThrow('runTasks.resume cannot be used: the task list differs');
  });
});

describe('failedTasks and retryFailed', () => {
  it('streams the failed tasks of a job and runs them again as a new job', async () => {
    const ids = simIds(12);
    const { jobs, groupId, emulator } = await start({
      sims: 12,
      failingSims: { [ids[0] as string]: 500, [ids[5] as string]: 500, [ids[7] as string]: 404 },
    });
    const first = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('setSimToStandby', ids),
      wait: FAST_WAIT,
    });
    const jobId = first.jobs[0]?.jobId as string;
    const streamed = await jobs.failedTasks({ batch_group_id: groupId, job_id: jobId }).toArray();
    expect(streamed.map((t) => t.status)).toEqual(['error', 'error', 'error']);

    emulator.state.healSims([ids[0] as string, ids[5] as string]);
    const retried = await jobs.retryFailed({
      batch_group_id: groupId,
      job_id: jobId,
      skipStatusCodes: [404],
      wait: FAST_WAIT,
    });
    expect(retried).toMatchObject({ total: 2, succeeded: 2, ok: true });
    expect(emulator.state.jobs()).toHaveLength(2);
  });

  it('names its own arguments in its refusals, before sending the retry', async () => {
    const { jobs, groupId, emulator } = await start({ sims: 3, failingSims: [simIds(3)[1] as string] });
    const run = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', simIds(3)),
      wait: FAST_WAIT,
    });
    const job_id = run.jobs[0]?.jobId as string;
    for (const [option, argument] of [
      [{ chunkSize: 0 }, 'retryFailed.chunkSize'],
      [{ settleWindowMs: -1 }, 'retryFailed.settleWindowMs'],
    ] as const) {
      const error = await jobs.retryFailed({ batch_group_id: groupId, job_id, ...option }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BatchValidationError);
      expect((error as BatchValidationError).argument).toBe(argument);
    }
    expect(emulator.state.jobs()).toHaveLength(1);
  });

  it('resolves an empty, ok result (total 0, no job) when nothing failed', async () => {
    const { jobs, groupId } = await start({ sims: 3 });
    const run = await jobs.runTasks({
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', simIds(3)),
      wait: FAST_WAIT,
    });
    const retried = await jobs.retryFailed({ batch_group_id: groupId, job_id: run.jobs[0]?.jobId as string });
    expect(retried).toMatchObject({ action: 'activateSim', total: 0, ok: true, jobs: [], failedTasks: [] });
  });
});
