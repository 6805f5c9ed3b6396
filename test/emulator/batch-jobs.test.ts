/**
 * Batch jobs: createBatchJob's limits (10,000 tasks, one action, one running job per action), the
 * job lifecycle and its summary, abortOnFailure, and 404s.
 */
import { describe, expect, it } from 'vitest';
import { simIdAt, simIds } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';
import { eventually, jobEnd, newGroup, tasks } from './support/emulator-http.js';

const start = useEmulators();

describe('emulator: createBatchJob limits', () => {
  it('accepts exactly 10,000 tasks and refuses 10,001 with 400', async () => {
    const { call } = await start({ sims: 10_001 });
    const group = await newGroup(call);
    const refused = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.tags(simIds(10_001)) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: expect.any(String),
      message: expect.stringContaining('at most 10000 tasks'),
    });
    const accepted = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.tags(simIds(10_000)) });
    expect(accepted.status).toBe(200);
    expect(accepted.body.summary).toEqual({ pending: 10_000, success: 0, error: 0 });
  });

  it('refuses a job that mixes two actions with 400, naming both', async () => {
    const { call, emulator } = await start();
    const group = await newGroup(call);
    const mixed = await call('POST', `/batch_groups/${group}/jobs`, {
      tasks: [...tasks.activate(simIds(2)), ...tasks.setGroup(simIds(1), 'g')],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.message).toMatch(/Mixing different APIs/);
    expect(mixed.body.message).toContain('activateSim');
    expect(mixed.body.message).toContain('setSimGroup');
    expect(emulator.state.jobs()).toEqual([]);
  });

  it('counts tasks on different SIMs or VPGs with the same action as one action', async () => {
    const { call } = await start({ vpgs: ['vpg-a', 'vpg-b'] });
    const group = await newGroup(call);
    const answer = await call('POST', `/batch_groups/${group}/jobs`, {
      tasks: ['vpg-a', 'vpg-b'].map((vpg, i) => ({
        request: {
          path: `/v1/virtual_private_gateways/${vpg}/ip_address_map`,
          method: 'POST',
          body: { key: `44010000000000${i}`, ipAddress: `10.0.0.${i + 1}` },
        },
      })),
    });
    expect(answer.status).toBe(200);
  });

  it('refuses (400) an unsupported API, a path without /v1, an empty or missing task list and a bad method', async () => {
    const { call } = await start();
    const group = await newGroup(call);
    const bodies = [
      { tasks: [{ request: { path: '/v1/sims/1/terminate', method: 'POST' } }] },
      { tasks: [{ request: { path: `/sims/${simIdAt(0)}/activate`, method: 'POST' } }] },
      { tasks: [{ request: { path: `/v1/sims/${simIdAt(0)}/activate`, method: 'GET' } }] },
      { tasks: [{ request: { path: `/v1/sims/${simIdAt(0)}/activate`, method: 'PATCH' } }] },
      { tasks: [{ request: { path: `/v1/sims/${simIdAt(0)}/activate` } }] },
      { tasks: [] },
      {},
      { tasks: tasks.activate(simIds(1)), jobName: 'x'.repeat(101) },
      { tasks: tasks.activate(simIds(1)), abortOnFailure: 'yes' },
    ];
    for (const body of bodies) {
      const answer = await call('POST', `/batch_groups/${group}/jobs`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('refuses a second job with the same action while the first is pending or running (400), allows another action, and the same action once it ended', async () => {
    const { call, emulator } = await start({ paused: true });
    const groupA = await newGroup(call, 'a');
    const groupB = await newGroup(call, 'b');
    const first = await call('POST', `/batch_groups/${groupA}/jobs`, { tasks: tasks.activate(simIds(5)) });
    expect(first.body.status).toBe('pending');
    // Per operator, not per group.
    const second = await call('POST', `/batch_groups/${groupB}/jobs`, { tasks: tasks.activate(simIds(5, 5)) });
    expect(second.status).toBe(400);
    expect(second.body.message).toMatch(/already running a batch job with the same API/i);
    const otherAction = await call('POST', `/batch_groups/${groupB}/jobs`, { tasks: tasks.tags(simIds(5)) });
    expect(otherAction.status).toBe(200);

    emulator.state.resume();
    await jobEnd(call, groupA, first.body.jobId);
    const afterwards = await call('POST', `/batch_groups/${groupB}/jobs`, { tasks: tasks.activate(simIds(5, 5)) });
    expect(afterwards.status).toBe(200);
  });

  it('answers 404 for a job in an unknown group, an unknown job, and a job asked for under another group', async () => {
    const { call } = await start();
    const groupA = await newGroup(call, 'a');
    const groupB = await newGroup(call, 'b');
    expect((await call('POST', '/batch_groups/nope/jobs', { tasks: tasks.activate(simIds(1)) })).status).toBe(404);
    const job = await call('POST', `/batch_groups/${groupA}/jobs`, { tasks: tasks.activate(simIds(1)) });
    expect((await call('GET', `/batch_groups/${groupA}/jobs/nope`)).status).toBe(404);
    expect((await call('GET', `/batch_groups/nope/jobs/${job.body.jobId}`)).status).toBe(404);
    expect((await call('GET', `/batch_groups/${groupB}/jobs/${job.body.jobId}`)).status).toBe(404);
    expect((await call('GET', `/batch_groups/${groupB}/jobs/${job.body.jobId}/tasks`)).status).toBe(404);
  });
});

describe('emulator: job lifecycle', () => {
  it('moves a job pending → running → completed, with the name, description and Unix-second times', async () => {
    const { call, emulator } = await start({ paused: true });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, {
      jobName: 'activate three',
      description: 'first batch',
      tasks: tasks.activate(simIds(3)),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      jobId: expect.any(String),
      batchGroupId: group,
      jobName: 'activate three',
      description: 'first batch',
      status: 'pending',
      abortOnFailure: false,
      summary: { pending: 3, success: 0, error: 0 },
    });
    expect(created.body.finishedTime).toBeUndefined();
    emulator.state.setTaskDuration(200);
    emulator.state.resume();
    const running = await eventually(async () => {
      const job = (await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}`)).body;
      return job.status === 'running' ? job : undefined;
    }, 'the job to run');
    expect(running.summary.pending).toBeGreaterThan(0);
    const done = await jobEnd(call, group, created.body.jobId);
    expect(done).toMatchObject({ status: 'completed', summary: { pending: 0, success: 3, error: 0 } });
    expect(done.errorMessage).toBeUndefined();
    expect(done.finishedTime).toBeGreaterThanOrEqual(done.createdTime);
    expect(String(done.finishedTime)).toHaveLength(String(Math.floor(Date.now() / 1000)).length);
    for (const sim of simIds(3)) expect(emulator.state.sim(sim)?.status).toBe('active');
  });

  it('keeps a job pending for jobStartDelayMs before it runs', async () => {
    const { call, emulator } = await start({ jobStartDelayMs: 1_000 });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(1)) });
    expect((await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}`)).body.status).toBe('pending');
    await emulator.state.whenIdle();
    expect(emulator.state.job(created.body.jobId)?.status).toBe('completed');
  });

  it('records each task: success with the SIM, error with {statusCode: 404, body: {code, message}} for an unknown SIM; the job fails', async () => {
    const { call, emulator } = await start({ sims: 2 });
    const group = await newGroup(call);
    const unknown = '8981100099999999999';
    const created = await call('POST', `/batch_groups/${group}/jobs`, {
      tasks: tasks.activate([simIdAt(0), unknown, simIdAt(1)]),
    });
    const done = await jobEnd(call, group, created.body.jobId);
    expect(done).toMatchObject({
      status: 'failed',
      summary: { pending: 0, success: 2, error: 1 },
      errorMessage: expect.stringContaining('1 of 3'),
    });
    const list = (await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}/tasks`)).body;
    expect(list.map((t: { taskId: number; status: string }) => [t.taskId, t.status])).toEqual([
      [1, 'success'],
      [2, 'error'],
      [3, 'success'],
    ]);
    expect(list[0]).toMatchObject({
      request: { path: `/v1/sims/${simIdAt(0)}/activate`, method: 'POST' },
      response: { statusCode: 200, body: { simId: simIdAt(0), status: 'active' } },
      startedTime: expect.any(Number),
      finishedTime: expect.any(Number),
    });
    expect(list[1].response).toEqual({
      statusCode: 404,
      body: { code: expect.any(String), message: expect.stringContaining(unknown) },
    });
    expect(emulator.state.tasks(created.body.jobId, 'error')).toHaveLength(1);
  });

  it('fails the tasks of failingSims with their status (500 by default, or the one given)', async () => {
    const { call } = await start({ sims: 4, failingSims: { [simIdAt(1)]: 400, [simIdAt(3)]: 503 } });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.tags(simIds(4)) });
    const done = await jobEnd(call, group, created.body.jobId);
    expect(done.summary).toEqual({ pending: 0, success: 2, error: 2 });
    const errors = (await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}/tasks?status=error`)).body;
    expect(errors.map((t: { response: { statusCode: number } }) => t.response.statusCode)).toEqual([400, 503]);

    const { call: call2 } = await start({ sims: 2, failingSims: [simIdAt(0)] });
    const group2 = await newGroup(call2);
    const job2 = await call2('POST', `/batch_groups/${group2}/jobs`, { tasks: tasks.tags(simIds(2)) });
    await jobEnd(call2, group2, job2.body.jobId);
    const failed = (await call2('GET', `/batch_groups/${group2}/jobs/${job2.body.jobId}/tasks?status=error`)).body;
    expect(failed).toHaveLength(1);
    expect(failed[0].response.statusCode).toBe(500);
  });

  it('with abortOnFailure, stops at the first failing task: aborted, the rest left pending', async () => {
    const { call, emulator } = await start({ sims: 10, failingSims: [simIdAt(3)] });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, {
      abortOnFailure: true,
      tasks: tasks.activate(simIds(10)),
    });
    expect(created.body.abortOnFailure).toBe(true);
    const done = await jobEnd(call, group, created.body.jobId);
    expect(done).toMatchObject({
      status: 'aborted',
      summary: { pending: 6, success: 3, error: 1 },
      errorMessage: expect.stringContaining('task 4'),
    });
    expect(done.finishedTime).toEqual(expect.any(Number));
    const pending = (await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}/tasks?status=pending`)).body;
    expect(pending.map((t: { taskId: number }) => t.taskId)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(pending[0].response).toBeUndefined();
    expect(emulator.state.sim(simIdAt(4))?.status).toBe('ready');
    // The aborted job no longer blocks its action.
    expect((await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(1)) })).status).toBe(200);
  });

  it('without abortOnFailure, runs every task after a failure and ends failed', async () => {
    const { call } = await start({ sims: 5, failingSims: [simIdAt(0)] });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(5)) });
    expect(await jobEnd(call, group, created.body.jobId)).toMatchObject({
      status: 'failed',
      summary: { pending: 0, success: 4, error: 1 },
    });
  });

  it('updates the summary as tasks complete, every summaryEveryTasks tasks, and exactly at the end', async () => {
    const { call } = await start({ sims: 40, taskDurationMs: 20, summaryEveryTasks: 10 });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(40)) });
    const seen = new Set<string>();
    let job: any;
    do {
      job = (await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}`)).body;
      const { pending, success, error } = job.summary;
      expect(pending + success + error).toBe(40);
      expect(success % 10).toBe(0);
      seen.add(JSON.stringify(job.summary));
      await new Promise((r) => setTimeout(r, 5));
    } while (job.status === 'pending' || job.status === 'running');
    expect(job.summary).toEqual({ pending: 0, success: 40, error: 0 });
    // At least one intermediate summary was observed between the first and the last.
    expect(seen.size).toBeGreaterThan(2);
  });

  it('runs 25,000 tasks as three jobs of one action, one after the other, all succeeded', async () => {
    const { call, emulator } = await start({ sims: 25_000 });
    const group = await newGroup(call);
    const ids = simIds(25_000);
    const jobs = [];
    for (let from = 0; from < ids.length; from += 10_000) {
      const created = await call('POST', `/batch_groups/${group}/jobs`, {
        tasks: tasks.tags(ids.slice(from, from + 10_000), { fleet: 'demo' }),
      });
      expect(created.status).toBe(200);
      jobs.push(await jobEnd(call, group, created.body.jobId));
    }
    expect(jobs.map((j) => [j.status, j.summary.success])).toEqual([
      ['completed', 10_000],
      ['completed', 10_000],
      ['completed', 5_000],
    ]);
    expect(emulator.state.sims().every((s) => s.tags.fleet === 'demo')).toBe(true);
  });
});
