/**
 * The chaos tier of the job runner: one test per way a real operation breaks "never twice, never
 * dropped", each against the emulator (behind a fault-injecting proxy where the fault is the network's),
 * each ending with the audit of every task of every job: 0 duplicates and 0 missing, or the documented
 * refusal before anything is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BatchClientOptions,
  BatchValidationError,
  createBatchClient,
  isSoracomError,
  tasks,
  UnexpectedResponseError,
} from '../../src/index.js';
import { type RunState, runTasks } from '../../src/runner/index.js';
import { type BatchEmulator, type BatchEmulatorOptions, simIds, startBatchEmulator } from '../../src/testing/index.js';
import { audit } from './audit.js';
import { CREATE_JOB, type FaultProxy, GET_JOB, startFaultProxy } from './fault-proxy.js';

const SIMS = 30;
const CHUNK = 10;
const FAST = { wait: { minDelayMs: 5, maxDelayMs: 20 }, submitDelay: { minDelayMs: 5, maxDelayMs: 20 } };
const ids = simIds(SIMS);
const list = () => tasks.many('activateSim', ids);

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function world(options: BatchEmulatorOptions = {}, client: BatchClientOptions = {}) {
  const emulator: BatchEmulator = await startBatchEmulator({ sims: SIMS, taskDurationMs: 1, ...options });
  open.push(emulator);
  const proxy: FaultProxy = await startFaultProxy(new URL(emulator.baseUrl).origin);
  open.push(proxy);
  const batch = createBatchClient({ ...emulator.clientOptions, baseUrl: proxy.baseUrl, logLevel: 'off', ...client });
  const { batchGroupId } = await batch.createBatchGroup({ body: { batchGroupName: 'chaos' } });
  return { emulator, proxy, batch, groupId: batchGroupId };
}

const exactlyOnce = (emulator: BatchEmulator) =>
  expect(audit(emulator, ids)).toMatchObject({ duplicates: [], missing: [] });

describe('never twice, never dropped', () => {
  it('a lost createBatchJob answer (the job was made): the job is found by its marker and adopted', async () => {
    const { emulator, proxy, batch, groupId } = await world();
    proxy.add({ ...CREATE_JOB, action: 'drop-answer', times: 2 });
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      settleWindowMs: 2_000,
      ...FAST,
    });
    expect(proxy.applied).toHaveLength(2);
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it('a connection reset before the create reached the server: the window passes, then the chunk is sent once', async () => {
    const { emulator, proxy, batch, groupId } = await world();
    proxy.add({ ...CREATE_JOB, action: 'reset' });
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      settleWindowMs: 300,
      ...FAST,
    });
    expect(result.ok).toBe(true);
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it('a create the server processes after the client gave up (timeout): the late job is adopted, not doubled', async () => {
    const { emulator, batch, groupId } = await world(
      { faults: [{ operations: ['createBatchJob'], processDelayMs: 1_500, times: 1 }] },
      { timeoutMs: 500, maxRetries: 0 },
    );
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      settleWindowMs: 4_000,
      ...FAST,
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    await emulator.state.whenIdle(); // the held create has landed too
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it('a process stopped while a create was in flight and resumed at once: the late job is found, not doubled', async () => {
    const { emulator, batch, groupId } = await world({
      faults: [{ operations: ['createBatchJob'], processDelayMs: 1_000, times: 1 }],
    });
    let saved: RunState | undefined;
    const stop = new AbortController();
    const first = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      signal: stop.signal,
      onState: (state) => {
        saved = state;
        // The create of chunk 1 is about to go out: stop the process as it is sent.
        if (state.streams[0]?.chunks[0]?.status === 'sending') setTimeout(() => stop.abort(new Error('killed')), 50);
      },
      ...FAST,
    }).catch((e: unknown) => e);
    expect((first as Error).message).toBe('killed');
    expect(saved?.streams[0]?.chunks[0]).toMatchObject({ status: 'sending', sending: { sentAt: expect.any(Number) } });
    expect(emulator.state.jobs()).toHaveLength(0); // not made yet: the server is still holding the create
    const resumed = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      resume: saved,
      settleWindowMs: 3_000,
      ...FAST,
    });
    expect(resumed).toMatchObject({ ok: true, succeeded: SIMS });
    await emulator.state.whenIdle(); // the held create has landed too
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it('a gentle stop while a create is in flight waits for its answer: the job is in the state, the resume waits for nothing', async () => {
    const { emulator, batch, groupId } = await world({
      faults: [{ operations: ['createBatchJob'], processDelayMs: 300, times: 1 }],
    });
    let saved: RunState | undefined;
    const stop = new AbortController();
    const first = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      stop: stop.signal,
      onState: (state) => {
        saved = state;
        if (state.streams[0]?.chunks[0]?.status === 'sending') setTimeout(() => stop.abort(new Error('Ctrl-C')), 50);
      },
      ...FAST,
    }).catch((e: unknown) => e);
    expect((first as Error).message).toBe('Ctrl-C');
    expect(saved?.streams[0]?.chunks[0]).toMatchObject({ status: 'running', jobs: [{ jobId: expect.any(String) }] });
    expect(saved?.streams[0]?.chunks.slice(1).map((c) => c.status)).toEqual(['planned', 'planned']);
    const listsBefore = emulator.state.requests().filter((r) => r.operationId === 'listBatchJobs').length;
    const started = Date.now();
    const resumed = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      resume: saved,
      ...FAST,
    });
    expect(resumed).toMatchObject({ ok: true, succeeded: SIMS });
    // No create had an unknown outcome: one read of the group, then one lookup before each of the two
    // creates, and no settle window waited out (the default is 90 s).
    expect(emulator.state.requests().filter((r) => r.operationId === 'listBatchJobs').length).toBe(listsBefore + 3);
    expect(Date.now() - started).toBeLessThan(30_000);
    exactlyOnce(emulator);
  });

  it('going on with another chunkSize is refused, naming it; without it, the plan of the jobs is used', async () => {
    const { emulator, batch, groupId } = await world({ paused: true });
    let saved: RunState | undefined;
    const stop = new AbortController();
    await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      signal: stop.signal,
      onState: (state) => {
        saved = state;
        if (state.streams[0]?.chunks[0]?.status === 'running') stop.abort(new Error('killed'));
      },
      ...FAST,
    }).catch(() => undefined);
    emulator.state.resume();
    const writes = () => emulator.state.requests().filter((r) => r.method !== 'GET').length;
    const before = writes();
    const refused = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: 15,
      resume: saved,
      ...FAST,
    }).catch((e: unknown) => e);
    expect(isSoracomError(refused, BatchValidationError)).toBe(true);
    expect((refused as Error).message).toContain('runTasks.chunkSize must be 10, or left out');
    expect(writes()).toBe(before); // nothing sent but the read of the group's jobs
    // Without the state and without the chunk size: the markers of the jobs give the plan (and, with no
    // state to say otherwise, a create of the stopped run is looked for during the settle window first).
    const resumed = await runTasks(batch, { batch_group_id: groupId, tasks: list(), settleWindowMs: 200, ...FAST });
    expect(resumed.ok).toBe(true);
    exactlyOnce(emulator);
  });

  it('a lost state: the next run finds the jobs by their markers and runs only what is missing', async () => {
    const { emulator, batch, groupId } = await world();
    const stop = new AbortController();
    await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      signal: stop.signal,
      onState: (state) => {
        if (state.streams[0]?.chunks[1]?.status === 'running') stop.abort(new Error('killed'));
      },
      ...FAST,
    }).catch(() => undefined);
    await emulator.state.whenIdle();
    expect(emulator.state.jobs()).toHaveLength(2);
    let first: RunState | undefined;
    const again = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      settleWindowMs: 200,
      onState: (state) => {
        first ??= state;
      },
      ...FAST,
    });
    // The first state says what the group held: two jobs, one chunk to run.
    expect(first?.streams[0]?.chunks.map((c) => (c.jobs.length > 0 ? 'found' : c.status))).toEqual([
      'found',
      'found',
      'planned',
    ]);
    expect(again).toMatchObject({ ok: true, succeeded: SIMS });
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it('a create whose outcome was unknown, then a 429: the chunk is looked up again before it is sent again', async () => {
    // The first create lands 3 s late (the client gave up after 0.5 s); the window (0.3 s) passes without
    // it; the next create is refused with 429; the lookup before the one after finds the late job.
    const { emulator, batch, groupId } = await world(
      {
        faults: [
          { operations: ['createBatchJob'], processDelayMs: 3_000, times: 1 },
          { operations: ['createBatchJob'], status: 429, times: 1 },
        ],
      },
      { timeoutMs: 500, maxRetries: 0 },
    );
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      settleWindowMs: 300,
      ...FAST,
      submitDelay: { minDelayMs: 3_000, maxDelayMs: 3_000 },
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    await emulator.state.whenIdle();
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it('a summary that does not add up is not trusted: the tasks are counted, and every failed one reported', async () => {
    const failing = [ids[4], ids[15]] as string[];
    const { emulator, proxy, batch, groupId } = await world({ failingSims: failing });
    // Every job says it ended with 1 success and nothing else, whatever its 10 tasks did.
    proxy.add({
      ...GET_JOB,
      action: 'transform',
      times: Number.POSITIVE_INFINITY,
      transform: (answer) => {
        const job = JSON.parse(answer.body) as { summary?: unknown };
        job.summary = { pending: 0, success: 1, error: 0 };
        return { ...answer, body: JSON.stringify(job) };
      },
    });
    const result = await runTasks(batch, { batch_group_id: groupId, tasks: list(), chunkSize: CHUNK, ...FAST });
    expect(result).toMatchObject({ ok: false, succeeded: SIMS - 2, failed: 2, notRun: 0 });
    expect(result.failedTasks.map((t) => /sims\/(\d+)/.exec(t.request.path)?.[1]).sort()).toEqual(failing.sort());
    exactlyOnce(emulator);
  });

  it('a job status the spec does not list stops the wait at once (it is not waited out for an hour)', async () => {
    const { emulator, proxy, batch, groupId } = await world();
    proxy.add({
      ...GET_JOB,
      action: 'transform',
      times: Number.POSITIVE_INFINITY,
      transform: (answer) => ({ ...answer, body: answer.body.replace(/"status":"\w+"/, '"status":"paused"') }),
    });
    const error = await runTasks(batch, { batch_group_id: groupId, tasks: list(), chunkSize: CHUNK, ...FAST }).catch(
      (e: unknown) => e,
    );
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect((error as Error).message).toMatch(/paused/);
    expect(emulator.state.jobs()).toHaveLength(1); // stopped at the first job
  });

  it('jobs whose summary is missing: the failed tasks are counted from the tasks, none dropped', async () => {
    const failing = [ids[3], ids[14], ids[25]] as string[];
    const { emulator, batch, groupId } = await world({ hideJobSummary: true, failingSims: failing });
    const result = await runTasks(batch, { batch_group_id: groupId, tasks: list(), chunkSize: CHUNK, ...FAST });
    expect(result).toMatchObject({ ok: false, succeeded: SIMS - 3, failed: 3, notRun: 0 });
    expect(result.failedTasks.map((t) => /sims\/(\d+)/.exec(t.request.path)?.[1]).sort()).toEqual(failing.sort());
    exactlyOnce(emulator);
  });

  it('a 2xx createBatchJob answer that is not JSON: the job it made is found and adopted', async () => {
    const { emulator, batch, groupId } = await world({
      faults: [{ operations: ['createBatchJob'], malformedBody: 'truncated-json', times: 1 }],
    });
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list(),
      chunkSize: CHUNK,
      settleWindowMs: 2_000,
      ...FAST,
    });
    expect(result.ok).toBe(true);
    exactlyOnce(emulator);
    expect(audit(emulator, ids).jobs).toBe(3);
  });

  it.each(['not-json', 'truncated-json', 'empty'] as const)(
    'a 2xx getBatchJob answer with a %s body is an UnexpectedResponseError naming method, path, status and type',
    async (malformedBody) => {
      const { emulator, batch, groupId } = await world({ faults: [{ operations: ['getBatchJob'], malformedBody }] });
      const job = await batch.createBatchJob({
        batch_group_id: groupId,
        body: { tasks: [tasks.activateSim(ids[0] as string)] },
      });
      const error = await batch.getBatchJob({ batch_group_id: groupId, job_id: job.jobId }).catch((e: unknown) => e);
      expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
      expect(error).toMatchObject({
        method: 'GET',
        status: 200,
        path: `/v1/batch_groups/${groupId}/jobs/${job.jobId}`,
      });
      expect((error as UnexpectedResponseError).contentType).toMatch(malformedBody === 'not-json' ? /html/ : /json/);
      await emulator.state.whenIdle();
    },
  );

  it.each([
    ['submitDelay.minDelayMs', { submitDelay: { minDelayMs: Number.NaN } }],
    ['submitDelay.maxDelayMs', { submitDelay: { maxDelayMs: -1 } }],
    ['maxSubmitWaitMs', { maxSubmitWaitMs: Number.NaN }],
    ['settleWindowMs', { settleWindowMs: -5 }],
    ['wait.maxWaitMs', { wait: { maxWaitMs: Number.NaN } }],
    ['signal', { signal: 'soon' as unknown as AbortSignal }],
    ['stop', { stop: { aborted: false } as unknown as AbortSignal }],
  ])('refuses %s before anything is sent', async (argument, bad) => {
    const { emulator, batch, groupId } = await world();
    const before = emulator.state.requests().length;
    const error = await runTasks(batch, { batch_group_id: groupId, tasks: list(), ...bad }).catch((e: unknown) => e);
    expect(error).toMatchObject({ argument: `runTasks.${argument}` });
    expect(emulator.state.requests().length).toBe(before);
  });

  it.each(['.', '..'])('refuses %j as a path parameter of any operation before anything is sent', async (value) => {
    const { emulator, batch } = await world();
    const before = emulator.state.requests().length;
    await expect(batch.deleteBatchGroup({ batch_group_id: value })).rejects.toMatchObject({
      argument: 'deleteBatchGroup.batch_group_id',
      rule: 'must not be "." or ".."',
    });
    await expect(batch.listBatchJobs({ batch_group_id: value })).rejects.toMatchObject({
      argument: 'listBatchJobs.batch_group_id',
    });
    expect(emulator.state.requests().length).toBe(before);
  });
});
