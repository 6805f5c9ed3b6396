/**
 * What tests steer: injected 429/5xx (with Retry-After, per operation, N times), latency, pausing
 * and resuming processing, aborting a job, failing SIMs at run time; and scale.
 */
import { describe, expect, it } from 'vitest';
import { simIdAt, simIds } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';
import { api, jobEnd, newGroup, tasks } from './support/emulator-http.js';

const start = useEmulators();

describe('emulator: injected faults', () => {
  it('answers N × 429 only on createBatchJob, with Retry-After, then handles the request', async () => {
    const { emulator, call } = await start({
      faults: [{ status: 429, times: 2, operations: ['createBatchJob'], retryAfterSeconds: 7 }],
    });
    const group = await newGroup(call);
    expect((await call('GET', `/batch_groups/${group}`)).status).toBe(200);
    const body = { tasks: tasks.activate(simIds(1)) };
    for (let i = 0; i < 2; i++) {
      const limited = await call('POST', `/batch_groups/${group}/jobs`, body);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body).toEqual({ code: expect.any(String), message: expect.stringContaining('high load') });
    }
    expect((await call('POST', `/batch_groups/${group}/jobs`, body)).status).toBe(200);
    // Faulted requests were not handled: only one job exists.
    expect(emulator.state.jobs()).toHaveLength(1);
    expect(
      emulator.state
        .requests()
        .filter((r) => r.fault)
        .map((r) => [r.operationId, r.status]),
    ).toEqual([
      ['createBatchJob', 429],
      ['createBatchJob', 429],
    ]);
    expect(emulator.state.pendingFaults()).toEqual([]);
  });

  it('answers N × 5xx on any operation when no operation is named, in injection order', async () => {
    const { emulator, call } = await start();
    emulator.state.injectFaults({ status: 503, times: 2 }, { status: 500 });
    expect(emulator.state.pendingFaults().map((f) => [f.status, f.times])).toEqual([
      [503, 2],
      [500, 1],
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/batch_groups')).status);
    expect(statuses).toEqual([503, 503, 500, 200]);
    emulator.state.injectFaults({ status: 502 });
    expect((await api(emulator.baseUrl, null)('POST', '/auth', { authKeyId: 'x', authKey: 'y' })).status).toBe(502);
  });

  it('can send a plain-text body, like a load balancer page, and fault until cleared with times: Infinity', async () => {
    const { emulator, call } = await start();
    emulator.state.injectFaults({
      status: 502,
      times: Infinity,
      body: '<html>Bad Gateway</html>',
      operations: ['listBatchGroups'],
    });
    for (let i = 0; i < 3; i++) {
      const answer = await call('GET', '/batch_groups');
      expect(answer.status).toBe(502);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.body).toBe('<html>Bad Gateway</html>');
    }
    expect((await call('POST', '/batch_groups', { batchGroupName: 'still works' })).status).toBe(200);
    emulator.state.clearFaults();
    expect((await call('GET', '/batch_groups')).status).toBe(200);
  });

  it('refuses a fault rule that is not one, naming it', async () => {
    const { emulator } = await start();
    expect(() => emulator.state.injectFaults({ status: 200 })).toThrow(/injectFaults\[0\]\.status/);
    expect(() => emulator.state.injectFaults({ status: 429, times: 0 })).toThrow(RangeError);
  });
});

describe('emulator: latency', () => {
  it('delays every answer by at least latencyMs, changeable at run time', async () => {
    const { emulator, call } = await start({ latencyMs: 150 });
    let began = Date.now();
    expect((await call('GET', '/batch_groups')).status).toBe(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    // Only lower bounds are asserted: the delay is there, nothing is claimed about speed.
    emulator.state.setLatency(300);
    began = Date.now();
    await call('GET', '/batch_groups');
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
  });
});

describe('emulator: processing controls', () => {
  it('pause() holds jobs where they are and resume() carries on', async () => {
    const { emulator, call } = await start({ sims: 50, taskDurationMs: 5 });
    const group = await newGroup(call);
    const job = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(50)) })).body;
    emulator.state.pause();
    expect(emulator.state.paused).toBe(true);
    const held = emulator.state.job(job.jobId);
    await new Promise((r) => setTimeout(r, 100));
    expect(emulator.state.job(job.jobId)).toEqual(held);
    expect(['pending', 'running']).toContain(held?.status);
    emulator.state.resume();
    expect(await jobEnd(call, group, job.jobId)).toMatchObject({ status: 'completed', summary: { success: 50 } });
  });

  it('abortJob() stops a running job, leaving its remaining tasks pending', async () => {
    const { emulator, call } = await start({ sims: 20, paused: true });
    const group = await newGroup(call);
    const job = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(20)) })).body;
    expect(emulator.state.abortJob(job.jobId)).toBe(true);
    expect(emulator.state.abortJob(job.jobId)).toBe(false);
    const aborted = (await call('GET', `/batch_groups/${group}/jobs/${job.jobId}`)).body;
    expect(aborted).toMatchObject({
      status: 'aborted',
      summary: { pending: 20, success: 0, error: 0 },
      errorMessage: expect.any(String),
    });
    emulator.state.resume();
    await emulator.state.whenIdle();
    expect(emulator.state.tasks(job.jobId, 'pending')).toHaveLength(20);
  });

  it('failSims() and healSims() change failing SIMs at run time', async () => {
    const { emulator, call } = await start({ sims: 3 });
    emulator.state.failSims([simIdAt(0), simIdAt(2)], 429);
    const group = await newGroup(call);
    const first = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(3)) })).body;
    expect((await jobEnd(call, group, first.jobId)).summary).toEqual({ pending: 0, success: 1, error: 2 });
    expect(emulator.state.tasks(first.jobId, 'error').map((t) => t.response?.statusCode)).toEqual([429, 429]);
    emulator.state.healSims([simIdAt(0)]);
    const second = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(3)) })).body;
    expect((await jobEnd(call, group, second.jobId)).summary).toEqual({ pending: 0, success: 2, error: 1 });
    emulator.state.healSims();
    const third = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(3)) })).body;
    expect((await jobEnd(call, group, third.jobId)).status).toBe('completed');
  });

  it('addSims() grows the inventory at run time', async () => {
    const { emulator } = await start({ sims: 1 });
    emulator.state.addSims([{ simId: 'extra-sim', tags: { a: 'b' } }]);
    expect(emulator.state.sim('extra-sim')).toMatchObject({ simId: 'extra-sim', status: 'ready', tags: { a: 'b' } });
    expect(emulator.state.sims()).toHaveLength(2);
  });

  it('returns copies: changing what state returns does not change the emulator', async () => {
    const { emulator } = await start({ sims: 1 });
    const sim = emulator.state.sim(simIdAt(0)) as { tags: Record<string, string>; status: string };
    sim.tags.injected = 'x';
    sim.status = 'terminated';
    expect(emulator.state.sim(simIdAt(0))).toMatchObject({ status: 'ready', tags: {} });
  });

  it('runs 100,000 tasks (ten jobs, one after the other) to completion with taskDurationMs 0', async () => {
    const { emulator, call } = await start({ sims: 100_000 });
    const group = await newGroup(call);
    const ids = simIds(100_000);
    let succeeded = 0;
    for (let from = 0; from < ids.length; from += 10_000) {
      const created = await call('POST', `/batch_groups/${group}/jobs`, {
        tasks: tasks.activate(ids.slice(from, from + 10_000)),
      });
      expect(created.status).toBe(200);
      succeeded += (await jobEnd(call, group, created.body.jobId)).summary.success;
    }
    expect(succeeded).toBe(100_000);
    expect(emulator.state.sims().filter((s) => s.status === 'active')).toHaveLength(100_000);
  }, 60_000);

  it('close() stops listening and can be called twice', async () => {
    const { emulator, call } = await start();
    expect((await call('GET', '/batch_groups')).status).toBe(200);
    await emulator.close();
    await emulator.close();
    await expect(fetch(`${emulator.baseUrl}/batch_groups`)).rejects.toThrow();
  });
});
