/**
 * Where waitForJob's polls land, on a fake clock: a modelled job whose done count grows at a steady
 * pace (its summary refreshed every N tasks, as the API refreshes it periodically), polled by the real
 * waiter loop. Behaviour, not timings: the clock is vitest's, so every figure is exact and repeatable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchJob, JobRef } from '../../src/jobs/wait-for-job.js';
import { createPacer, waitForJob } from '../../src/jobs/wait-for-job.js';
import { backoffMs } from '../../src/transport/retry.js';
import { fakeJobApi } from './fake-job-api.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const REF: JobRef = { batch_group_id: 'g', job_id: 'j' };
const DEFAULTS = { minDelayMs: 2_000, maxDelayMs: 30_000 };

type Model = {
  tasks: number;
  durationMs: number;
  /** Time the job stays pending after it was created. */
  pendingMs?: number;
  /** The visible summary moves every this many tasks (and at the end). */
  summaryEvery?: number;
  /** No summary at all until the job ends. */
  noSummary?: boolean;
  /** The count stops moving at this many tasks (a stalled job). */
  stallAt?: number;
};

/** A job's IDs, and times that span nothing: the pace then comes from the summaries alone. */
const UNTIMED = {
  batchGroupId: REF.batch_group_id,
  jobId: REF.job_id,
  createdTime: Math.floor(T0 / 1000),
  updatedTime: Math.floor(T0 / 1000),
};

const endOf = (m: Model) => T0 + (m.pendingMs ?? 0) + m.durationMs;

/** The job as the API would show it at time `now`, with the job's own times in whole seconds. */
function jobAt(m: Model, now: number): BatchJob {
  const createdTime = Math.floor(T0 / 1000);
  const running = now - T0 - (m.pendingMs ?? 0);
  const ids = { batchGroupId: REF.batch_group_id, jobId: REF.job_id, createdTime, updatedTime: createdTime };
  if (running < 0) return { ...ids, status: 'pending', summary: { pending: m.tasks, success: 0, error: 0 } };
  let done = Math.min(m.tasks, Math.floor((running / m.durationMs) * m.tasks));
  if (m.stallAt !== undefined) done = Math.min(done, m.stallAt);
  if (done >= m.tasks) return { ...ids, status: 'completed', summary: { pending: 0, success: m.tasks, error: 0 } };
  const every = m.summaryEvery ?? 1;
  const shown = Math.floor(done / every) * every;
  const refreshedAt = T0 + (m.pendingMs ?? 0) + (shown / m.tasks) * m.durationMs;
  return {
    ...ids,
    status: 'running',
    ...(m.noSummary ? {} : { summary: { pending: m.tasks - shown, success: shown, error: 0 } }),
    updatedTime: Math.floor(refreshedAt / 1000),
  };
}

/** Runs the real waiter against the model on the fake clock; returns the time of every poll. */
async function pollTimes(m: Model, options: Parameters<typeof waitForJob>[2] = {}): Promise<number[]> {
  const polls: number[] = [];
  const waiting = waitForJob(
    fakeJobApi(async () => {
      polls.push(Date.now());
      return jobAt(m, Date.now());
    }),
    REF,
    { ...DEFAULTS, maxWaitMs: 4 * 3_600_000, ...options },
  );
  await vi.runAllTimersAsync();
  await waiting;
  return polls;
}

/** How many polls today's policy (the backoff curve alone, mid-jitter) needs for the same job. */
function backoffOnlyPolls(m: Model): number {
  let at = T0;
  for (let poll = 0; ; poll++) {
    if (jobAt(m, at).status === 'completed') return poll + 1;
    at += backoffMs(poll, { baseMs: 2_000, maxMs: 30_000, floorMs: 2_000 }, () => 0.5);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  // The backoff curve's jitter, pinned to its middle so every figure repeats.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('waitForJob reads the job pace', () => {
  const cases = [
    { job: '30 s', durationMs: 30_000, summaryEvery: 1 },
    { job: '30 s (summary every 100 tasks)', durationMs: 30_000, summaryEvery: 100 },
    { job: '3 min', durationMs: 180_000, summaryEvery: 1 },
    { job: '3 min (summary every 100 tasks)', durationMs: 180_000, summaryEvery: 100 },
    { job: '30 min', durationMs: 1_800_000, summaryEvery: 1 },
    { job: '30 min (summary every 100 tasks)', durationMs: 1_800_000, summaryEvery: 100 },
  ];
  it.each(cases)(
    'a $job job of 10,000 tasks: polled first at once, last just after its end (within a 20th of it), fewer times than by backoff alone',
    async ({ durationMs, summaryEvery }) => {
      const model: Model = { tasks: 10_000, durationMs, summaryEvery };
      const polls = await pollTimes(model);
      expect(polls[0]).toBe(T0);
      const last = polls.at(-1) as number;
      expect(last).toBeGreaterThanOrEqual(endOf(model));
      expect(last - endOf(model)).toBeLessThanOrEqual(0.05 * durationMs);
      expect(polls.length).toBeLessThan(backoffOnlyPolls(model));
      for (let i = 1; i < polls.length; i++) {
        const delay = (polls[i] as number) - (polls[i - 1] as number);
        expect(delay).toBeGreaterThanOrEqual(DEFAULTS.minDelayMs);
        expect(delay).toBeLessThanOrEqual(DEFAULTS.maxDelayMs);
      }
    },
  );

  it('polls a 30 s job 4 times and a 30 min job 60 times (the backoff curve alone: 6 and 84)', async () => {
    const short: Model = { tasks: 10_000, durationMs: 30_000 };
    const long: Model = { tasks: 10_000, durationMs: 1_800_000 };
    expect((await pollTimes(short)).length).toBe(4);
    expect((await pollTimes(long)).length).toBe(60);
    expect([backoffOnlyPolls(short), backoffOnlyPolls(long)]).toEqual([6, 84]);
  });

  it('measures the pace from the last poll that saw the job pending', async () => {
    const model: Model = { tasks: 10_000, durationMs: 60_000, pendingMs: 20_000 };
    const polls = await pollTimes(model);
    expect(polls.at(-1) as number).toBeGreaterThanOrEqual(endOf(model));
    expect((polls.at(-1) as number) - endOf(model)).toBeLessThanOrEqual(0.05 * model.durationMs);
  });

  it('keeps every delay within minDelayMs and maxDelayMs', async () => {
    // A job far quicker than minDelayMs, and one far slower than maxDelayMs.
    const quick = await pollTimes({ tasks: 10, durationMs: 3_000 }, { minDelayMs: 2_000, maxDelayMs: 30_000 });
    expect(quick.map((t) => t - T0)).toEqual([0, 2_000, 4_000]);
    const slow = await pollTimes({ tasks: 10_000, durationMs: 600_000 }, { minDelayMs: 1_000, maxDelayMs: 5_000 });
    const delays = slow.slice(1).map((t, i) => t - (slow[i] as number));
    expect(Math.max(...delays)).toBe(5_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_000);
  });
});

describe('waitForJob without visible progress', () => {
  const random = () => 0.999_999;
  const curve = (steps: number) =>
    Array.from({ length: steps }, (_, step) =>
      backoffMs(step, { baseMs: 2_000, maxMs: 30_000, floorMs: 2_000 }, random),
    );

  it('follows the backoff curve from minDelayMs while the job is pending', () => {
    const next = createPacer(2_000, 30_000, random);
    const job: BatchJob = { ...UNTIMED, status: 'pending', summary: { pending: 10, success: 0, error: 0 } };
    const delays = Array.from({ length: 7 }, (_, i) => next(job, T0 + i));
    expect(delays).toEqual(curve(7));
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('follows the backoff curve when the job shows no summary', () => {
    const next = createPacer(2_000, 30_000, random);
    let at = T0;
    const delays = [0, 1, 2, 3].map(() => {
      const delay = next(jobAt({ tasks: 100, durationMs: 600_000, noSummary: true }, at), at);
      at += delay;
      return delay;
    });
    expect(delays).toEqual(curve(4));
  });

  it('past the predicted end with no change, backs off from minDelayMs again; a moving count resets it', () => {
    const next = createPacer(2_000, 30_000, random);
    const running = (done: number): BatchJob => ({
      ...UNTIMED,
      status: 'running',
      summary: { pending: 100 - done, success: done, error: 0 },
    });
    expect(next(running(0), T0)).toBe(2_000); // no pace yet
    // 50 tasks in 10 s: 50 left, 10 s more; the span (10 s) covers it, so aim 5% past the end.
    expect(next(running(50), T0 + 10_000)).toBe(10_500);
    // Still 50 at the predicted end: the job stalled, or its summary lags.
    expect(next(running(50), T0 + 20_500)).toBe(2_000);
    expect(next(running(50), T0 + 22_500)).toBe(4_000);
    // The count moves again: paced once more (60 done in 26.5 s: the 40 left need 17.7 s, within the span).
    expect(next(running(60), T0 + 26_500)).toBeCloseTo((40 / (60 / 26_500)) * 1.05, 2);
  });

  it('paces a job first seen well into its run from its own times, when they span 30 s or more', () => {
    const seen = (createdAgoS: number): BatchJob => ({
      ...UNTIMED,
      status: 'running',
      summary: { pending: 5_000, success: 4_900, error: 100 },
      createdTime: Math.floor(T0 / 1000) - createdAgoS,
      updatedTime: Math.floor(T0 / 1000),
    });
    // Half done in 600 s: 600 s more, aimed 5% past the end (maxDelayMs permitting).
    expect(createPacer(2_000, 3_600_000, random)(seen(600), T0)).toBe(630_000);
    expect(createPacer(2_000, 30_000, random)(seen(600), T0)).toBe(30_000);
    // 20 s cannot be read reliably in whole seconds: no pace, the backoff curve.
    expect(createPacer(2_000, 3_600_000, random)(seen(20), T0)).toBe(2_000);
  });
});
