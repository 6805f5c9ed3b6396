/**
 * Patient polls: a poll is a GET, safe to repeat, so polls that keep failing transiently (the API
 * answering 503 for minutes) are polled through for up to `maxPollFailureMs`, not only for the seconds
 * the client's own retries last. Time is vitest's fake clock: minutes pass in no time, and nothing here
 * depends on how fast the machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiError, createTransportError } from '../../src/errors/factories.js';
import {
  type BatchJob,
  NotFoundError,
  ServerError,
  TimeoutError,
  WaitTimeoutError,
  waitForJob,
} from '../../src/index.js';
import { WAIT_DEFAULTS } from '../../src/jobs/wait-for-job.js';
import { fakeJobApi, type GetJob } from './fake-job-api.js';

const REF = { batch_group_id: 'g-1', job_id: 'j-1' };
const JOB: BatchJob = {
  batchGroupId: 'g-1',
  jobId: 'j-1',
  status: 'running',
  createdTime: 1704067200,
  updatedTime: 1704067200,
  summary: { pending: 10, success: 0, error: 0 },
} as BatchJob;

const answered = (status: number) =>
  createApiError({
    method: 'GET',
    url: 'https://api.invalid/v1/batch_groups/g-1/jobs/j-1',
    status,
    headers: new Headers(),
    body: undefined,
    attempts: 5,
  });
const timedOut = () =>
  createTransportError({
    kind: 'timeout',
    timeoutMs: 60_000,
    method: 'GET',
    path: '/v1/batch_groups/g-1/jobs/j-1',
    attempts: 5,
  });

/** A job API whose polls fail with `failure()` until `failForMs` has passed on the clock, then answer `then`. */
function flakyApi(failForMs: number, failure: () => unknown, then: BatchJob = { ...JOB, status: 'completed' }) {
  const start = Date.now();
  const polls: Array<{ at: number; ok: boolean }> = [];
  const getJob: GetJob = async () => {
    const at = Date.now() - start;
    const ok = at >= failForMs;
    polls.push({ at, ok });
    if (!ok) throw failure();
    return then;
  };
  return { getJob, polls };
}

/** Runs `promise` to its end, moving the fake clock as far as it needs. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  let done = false;
  void outcome.then(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(1_000);
  return outcome;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2024-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('polls that fail transiently', () => {
  it('answered 503 for 90 s: the wait polls through and ends with the job (default patience: 10 minutes)', async () => {
    expect(WAIT_DEFAULTS.maxPollFailureMs).toBe(600_000);
    const api = flakyApi(90_000, () => answered(503));
    const { value, error } = await settle(waitForJob(fakeJobApi(api.getJob), REF));
    expect(error).toBeUndefined();
    expect(value?.status).toBe('completed');
    const failed = api.polls.filter((p) => !p.ok);
    expect(failed.length).toBeGreaterThan(3);
    expect(failed.at(-1)?.at).toBeGreaterThan(60_000);
    // The delays between failing polls follow the backoff curve, within minDelayMs..maxDelayMs.
    for (let i = 1; i < api.polls.length; i++) {
      const gap = (api.polls[i]?.at ?? 0) - (api.polls[i - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(WAIT_DEFAULTS.minDelayMs);
      expect(gap).toBeLessThanOrEqual(WAIT_DEFAULTS.maxDelayMs);
    }
  });

  it('every kind of transient failure: 429, 500, 502, 504, no answer in time', async () => {
    for (const failure of [
      () => answered(429),
      () => answered(500),
      () => answered(502),
      () => answered(504),
      timedOut,
    ]) {
      const api = flakyApi(45_000, failure);
      const { value } = await settle(waitForJob(fakeJobApi(api.getJob), REF));
      expect(value?.status).toBe('completed');
    }
  });

  it('gives up with the last poll error after maxPollFailureMs of polls failing in a row', async () => {
    const api = flakyApi(Number.POSITIVE_INFINITY, () => answered(503));
    const { error } = await settle(waitForJob(fakeJobApi(api.getJob), REF, { maxPollFailureMs: 120_000 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503 });
    const last = api.polls.at(-1)?.at ?? 0;
    expect(last).toBeGreaterThanOrEqual(120_000 - WAIT_DEFAULTS.maxDelayMs);
    expect(last).toBeLessThanOrEqual(120_000);
  });

  it('counts only failures in a row: a poll that answers starts the count again', async () => {
    let polls = 0;
    // Fails for 50 s, answers once (still running), fails for 50 s more, then the job is done: never 60 s in a row.
    const start = Date.now();
    const getJob: GetJob = async () => {
      polls++;
      const at = Date.now() - start;
      if (at < 50_000 || (at >= 52_000 && at < 102_000)) throw answered(503);
      return at < 52_000 ? JOB : { ...JOB, status: 'completed' };
    };
    const { value, error } = await settle(
      waitForJob(fakeJobApi(getJob), REF, { maxPollFailureMs: 60_000, maxDelayMs: 2_000 }),
    );
    expect(error).toBeUndefined();
    expect(value?.status).toBe('completed');
    expect(polls).toBeGreaterThan(10);
  });

  it('with maxPollFailureMs 0, the first failing poll ends the wait (the client retried it already)', async () => {
    const api = flakyApi(Number.POSITIVE_INFINITY, () => answered(503));
    const { error } = await settle(waitForJob(fakeJobApi(api.getJob), REF, { maxPollFailureMs: 0 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(api.polls).toHaveLength(1);
  });

  it('failing when maxWaitMs runs out: the poll error, not a WaitTimeoutError without a job', async () => {
    const api = flakyApi(Number.POSITIVE_INFINITY, timedOut);
    const { error } = await settle(waitForJob(fakeJobApi(api.getJob), REF, { maxWaitMs: 30_000 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(WaitTimeoutError);
    expect(api.polls.at(-1)?.at).toBeLessThanOrEqual(30_000);
  });
});

describe('failures another poll cannot cure', () => {
  it('a 404 (or any answer that is not transient) ends the wait at once', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      const api = flakyApi(Number.POSITIVE_INFINITY, () => answered(status));
      const { error } = await settle(waitForJob(fakeJobApi(api.getJob), REF));
      expect(api.polls, String(status)).toHaveLength(1);
      if (status === 404) expect(error).toBeInstanceOf(NotFoundError);
    }
  });

  it('the caller abort ends the wait at once, also while it waits to poll again', async () => {
    const api = flakyApi(Number.POSITIVE_INFINITY, () => answered(503));
    const controller = new AbortController();
    const waiting = settle(waitForJob(fakeJobApi(api.getJob), REF, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort(new Error('stop'));
    const { error } = await waiting;
    expect((error as Error).message).toBe('stop');
  });
});
