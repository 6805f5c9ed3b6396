/**
 * What only the server can do to a client that must run each job exactly once: handle a createBatchJob
 * after its client gave up (processDelayMs), answer a handled request with a 2xx that is not its JSON
 * (malformedBody, or a 2xx status with a text body), answer jobs without `summary`, send the rate-limit
 * headers a fault names, and fail a SIM's tasks only a few times.
 */
import { describe, expect, it } from 'vitest';
import { createBatchClient, tasks as sdkTasks, TimeoutError } from '../../src/index.js';
import { simIdAt, simIds } from '../../src/testing/index.js';
import { type Started, useEmulators } from './support/emulator-fixture.js';
import { eventually, jobEnd, newGroup, tasks } from './support/emulator-http.js';

const start = useEmulators();

/** POST createBatchJob with plain fetch, abortable, answered as raw text. */
function postJob({ emulator }: Started, groupId: string, ids: readonly string[], signal?: AbortSignal) {
  return fetch(`${emulator.baseUrl}/batch_groups/${groupId}/jobs`, {
    method: 'POST',
    headers: {
      'X-Soracom-API-Key': emulator.apiToken.apiKey,
      'X-Soracom-Token': emulator.apiToken.token,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ tasks: tasks.activate(ids) }),
    ...(signal && { signal }),
  });
}

/** Resolves once the emulator has taken the only pending fault: the request has arrived. */
const faultTaken = (started: Started) =>
  eventually(() => (started.emulator.state.pendingFaults().length === 0 ? true : undefined), 'the request to arrive');

describe('emulator: a createBatchJob processed late (processDelayMs)', () => {
  it('creates the job only after the delay, even when the client gave up before', async () => {
    const started = await start({ sims: 3 });
    const { emulator, call } = started;
    const group = await newGroup(call);
    emulator.state.injectFaults({ operations: ['createBatchJob'], processDelayMs: 1_500 });
    const gaveUp = new AbortController();
    const sent = postJob(started, group, simIds(3), gaveUp.signal);
    await faultTaken(started);
    gaveUp.abort();
    await expect(sent).rejects.toThrow();
    expect(emulator.state.jobs()).toEqual([]);

    const job = await eventually(() => emulator.state.jobs()[0], 'the late job');
    expect(job.batchGroupId).toBe(group);
    await emulator.state.whenIdle();
    expect(emulator.state.job(job.jobId)).toMatchObject({ status: 'completed', summary: { success: 3 } });
    expect(emulator.state.requests().map((r) => [r.operationId, r.status, r.fault])).toEqual([
      ['createBatchGroup', 200, false],
      ['createBatchJob', 200, true],
    ]);
  });

  it('state.whenIdle() waits for a held create and for the job it makes', async () => {
    const started = await start({ sims: 3 });
    const { emulator, call } = started;
    const group = await newGroup(call);
    emulator.state.injectFaults({ operations: ['createBatchJob'], processDelayMs: 400 });
    const gaveUp = new AbortController();
    const sent = postJob(started, group, simIds(3), gaveUp.signal);
    await faultTaken(started);
    gaveUp.abort();
    await expect(sent).rejects.toThrow();
    expect(emulator.state.jobs()).toEqual([]);
    await emulator.state.whenIdle();
    expect(emulator.state.jobs().map((j) => j.status)).toEqual(['completed']);
  });

  it('answers a client that waits after the delay, with the job it created', async () => {
    const started = await start({ sims: 1 });
    const group = await newGroup(started.call);
    started.emulator.state.injectFaults({ operations: ['createBatchJob'], processDelayMs: 300 });
    const began = Date.now();
    const answer = await postJob(started, group, simIds(1));
    // A lower bound only: nothing is claimed about speed.
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { jobId: string };
    expect(started.emulator.state.jobs().map((j) => j.jobId)).toEqual([body.jobId]);
  });

  it('leaves an SDK call with a short time limit failed while its job appears later', async () => {
    const started = await start({ sims: 2 });
    const group = await newGroup(started.call);
    started.emulator.state.injectFaults({ operations: ['createBatchJob'], processDelayMs: 1_000 });
    const batch = createBatchClient({ ...started.emulator.clientOptions, timeoutMs: 100, maxRetries: 0 });
    await expect(
      batch.createBatchJob({ batch_group_id: group, body: { tasks: sdkTasks.many('activateSim', simIds(2)) } }),
    ).rejects.toBeInstanceOf(TimeoutError);
    const job = await eventually(() => started.emulator.state.jobs()[0], 'the late job');
    expect(job.batchGroupId).toBe(group);
  });

  it('with a status, waits and then refuses without handling the request', async () => {
    const started = await start();
    started.emulator.state.injectFaults({ status: 503, operations: ['createBatchGroup'], processDelayMs: 200 });
    const began = Date.now();
    const answer = await started.call('POST', '/batch_groups', { batchGroupName: 'late refusal' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
    expect(answer.status).toBe(503);
    expect(started.emulator.state.groups()).toEqual([]);
  });

  it('with a malformedBody, waits, handles the request, then sends the spoiled answer', async () => {
    const started = await start();
    started.emulator.state.injectFaults({
      operations: ['createBatchGroup'],
      processDelayMs: 200,
      malformedBody: 'empty',
    });
    const began = Date.now();
    const answer = await started.call('POST', '/batch_groups', { batchGroupName: 'late and empty' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe('0');
    expect(started.emulator.state.groups().map((g) => g.batchGroupName)).toEqual(['late and empty']);
  });

  it('close() drops a request still waiting: it is never handled, and close does not wait for it', async () => {
    const started = await start({ sims: 1 });
    const group = await newGroup(started.call);
    started.emulator.state.injectFaults({ operations: ['createBatchJob'], processDelayMs: 600_000 });
    const sent = postJob(started, group, simIds(1));
    await faultTaken(started);
    // Waiting out the delay would outlast the test's time limit.
    await started.emulator.close();
    await expect(sent).rejects.toThrow();
    expect(started.emulator.state.jobs()).toEqual([]);
  });
});

describe('emulator: 2xx answers that are not JSON', () => {
  it("malformedBody 'not-json': the job is created; the 200 is an HTML page", async () => {
    const started = await start({ sims: 1 });
    const group = await newGroup(started.call);
    started.emulator.state.injectFaults({ operations: ['createBatchJob'], malformedBody: 'not-json' });
    const answer = await postJob(started, group, simIds(1));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = await answer.text();
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(started.emulator.state.jobs()).toHaveLength(1);
  });

  it("malformedBody 'truncated-json': the first half of the job's JSON, still labelled application/json", async () => {
    const started = await start({ sims: 1, paused: true });
    const group = await newGroup(started.call);
    started.emulator.state.injectFaults({ operations: ['createBatchJob'], malformedBody: 'truncated-json' });
    const answer = await postJob(started, group, simIds(1));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const text = await answer.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    // Paused, the job is still as createBatchJob answered it.
    const [job] = started.emulator.state.jobs();
    const full = JSON.stringify(job);
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(text.startsWith(`{"jobId":"${job?.jobId}"`)).toBe(true);
  });

  it("malformedBody 'empty': no body at all, with content-length 0 and application/json", async () => {
    const started = await start({ sims: 1 });
    const group = await newGroup(started.call);
    started.emulator.state.injectFaults({ operations: ['createBatchJob'], malformedBody: 'empty' });
    const answer = await postJob(started, group, simIds(1));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe('0');
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.text()).toBe('');
    expect(started.emulator.state.jobs()).toHaveLength(1);
  });

  it('keeps the answer headers (the next key of a page), for `times` requests, then answers JSON again', async () => {
    const { emulator, call } = await start();
    await newGroup(call, 'a');
    await newGroup(call, 'b');
    emulator.state.injectFaults({ operations: ['listBatchGroups'], malformedBody: 'truncated-json', times: 2 });
    const page = () =>
      fetch(`${emulator.baseUrl}/batch_groups?limit=1`, {
        headers: { 'X-Soracom-API-Key': emulator.apiToken.apiKey, 'X-Soracom-Token': emulator.apiToken.token },
      });
    for (let i = 0; i < 2; i++) {
      const answer = await page();
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-soracom-next-key')).toEqual(expect.any(String));
      await expect(answer.json()).rejects.toThrow(SyntaxError);
    }
    expect(await (await page()).json()).toEqual([expect.objectContaining({ batchGroupName: 'a' })]);
  });

  it('spoils the answer the request got, whatever its status; a 204 stays without a body', async () => {
    const { emulator, call } = await start();
    const group = await newGroup(call);
    emulator.state.injectFaults({
      operations: ['getBatchGroup', 'deleteBatchGroup'],
      malformedBody: 'not-json',
      times: 2,
    });
    const missing = await call('GET', '/batch_groups/no-such-group');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    const deleted = await call('DELETE', `/batch_groups/${group}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(emulator.state.groups()).toEqual([]);
  });

  it('a 200–299 status with a text body: the request is handled and that is the answer', async () => {
    const { emulator, call } = await start();
    emulator.state.injectFaults({ status: 202, body: 'Accepted', operations: ['createBatchGroup'] });
    const answer = await call('POST', '/batch_groups', { batchGroupName: 'handled' });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.body).toBe('Accepted');
    expect(emulator.state.groups().map((g) => g.batchGroupName)).toEqual(['handled']);
  });
});

describe('emulator: fault headers', () => {
  it('sends the headers a fault names, beside Retry-After, and pendingFaults() shows the rule as given', async () => {
    const { emulator, call } = await start();
    const rule = {
      status: 429,
      times: 2,
      retryAfterSeconds: 7,
      headers: { 'X-Soracom-Ratelimit-Remaining': '0', 'x-soracom-ratelimit-seconds-before-refresh': '7' },
    };
    emulator.state.injectFaults(rule);
    expect(emulator.state.pendingFaults()).toEqual([rule]);
    // The emulator keeps its own copy of the rule.
    const given = structuredClone(rule);
    rule.headers['X-Soracom-Ratelimit-Remaining'] = '9';
    expect(emulator.state.pendingFaults()).toEqual([given]);
    const answer = await call('GET', '/batch_groups');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.headers.get('x-soracom-ratelimit-remaining')).toBe('0');
    expect(answer.headers.get('x-soracom-ratelimit-seconds-before-refresh')).toBe('7');
    expect(emulator.state.pendingFaults()).toEqual([{ ...given, times: 1 }]);
  });
});

describe('emulator: jobs without summary', () => {
  it('hideJobSummary: create, get and list answer no summary; tasks still run and fail; state.job() has it', async () => {
    const { emulator, call } = await start({ sims: 3, hideJobSummary: true, failingSims: [simIdAt(1)] });
    const group = await newGroup(call);
    const created = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(3)) });
    expect(created.status).toBe(200);
    expect(created.body).not.toHaveProperty('summary');
    const ended = await jobEnd(call, group, created.body.jobId);
    expect(ended).toMatchObject({ status: 'failed', errorMessage: '1 of 3 tasks failed' });
    expect(ended).not.toHaveProperty('summary');
    const listed = await call('GET', `/batch_groups/${group}/jobs`);
    expect(listed.body[0]).not.toHaveProperty('summary');
    const failed = await call('GET', `/batch_groups/${group}/jobs/${created.body.jobId}/tasks?status=error`);
    expect(failed.body.map((t: { response: { statusCode: number } }) => t.response.statusCode)).toEqual([500]);
    expect(emulator.state.job(created.body.jobId)?.summary).toEqual({ pending: 0, success: 2, error: 1 });
  });

  it('hideJobSummary(ids) / showJobSummary(ids) per job, and for every job (later ones too) without ids', async () => {
    const { emulator, call } = await start({ sims: 4 });
    const group = await newGroup(call);
    const first = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(2)) })).body;
    await jobEnd(call, group, first.jobId);
    const second = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(2, 2)) })).body;
    await jobEnd(call, group, second.jobId);
    const hasSummary = async () =>
      ((await call('GET', `/batch_groups/${group}/jobs`)).body as Array<Record<string, unknown>>).map(
        (j) => 'summary' in j,
      );

    emulator.state.hideJobSummary([first.jobId]);
    expect(await hasSummary()).toEqual([false, true]);
    emulator.state.showJobSummary([first.jobId]);
    expect(await hasSummary()).toEqual([true, true]);
    emulator.state.hideJobSummary();
    const third = await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.tags(simIds(1)) });
    expect(third.body).not.toHaveProperty('summary');
    expect(await hasSummary()).toEqual([false, false, false]);
    emulator.state.showJobSummary();
    expect(await hasSummary()).toEqual([true, true, true]);
  });
});

describe('emulator: SIMs that fail a few times', () => {
  it('failingSims { status, times }: the first tasks fail, later ones succeed', async () => {
    const { emulator, call } = await start({ sims: 2, failingSims: { [simIdAt(0)]: { status: 503, times: 1 } } });
    const group = await newGroup(call);
    const first = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(2)) })).body;
    expect((await jobEnd(call, group, first.jobId)).summary).toEqual({ pending: 0, success: 1, error: 1 });
    expect(emulator.state.tasks(first.jobId, 'error').map((t) => t.response?.statusCode)).toEqual([503]);
    const second = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(2)) })).body;
    expect((await jobEnd(call, group, second.jobId)).status).toBe('completed');
  });

  it('failSims(ids, status, times) at run time', async () => {
    const { emulator, call } = await start({ sims: 1 });
    emulator.state.failSims([simIdAt(0)], 429, 2);
    const group = await newGroup(call);
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const job = (await call('POST', `/batch_groups/${group}/jobs`, { tasks: tasks.activate(simIds(1)) })).body;
      outcomes.push((await jobEnd(call, group, job.jobId)).status);
    }
    expect(outcomes).toEqual(['failed', 'failed', 'completed']);
    expect(() => emulator.state.failSims([simIdAt(0)], 500, 0)).toThrow(/failSims\.times/);
  });
});
