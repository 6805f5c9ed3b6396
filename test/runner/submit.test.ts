/**
 * One chunk's job, created exactly once (src/runner/submit.ts), against a scripted server: each create
 * either makes the job, is refused, or makes it while its answer is lost (the job shows up in the batch
 * group after a delay). Time is vitest's fake clock, and the server's clock follows it, so the settle
 * window and the backoff are checked to the millisecond without waiting for them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../generated/batch.js';
import { AbortError, ConnectionError, TimeoutError, UnexpectedResponseError } from '../../src/errors/errors.js';
import { createApiError } from '../../src/errors/factories.js';
import {
  isSameActionRunning,
  provablyNotCreated,
  SUBMIT_DELAY_DEFAULTS,
  type SubmitContext,
  submitChunk,
} from '../../src/runner/submit.js';

type BatchJob = components['schemas']['BatchJobResponse'];

/** The server's clock of each script starts here; it moves with the fake timers. */
const T0 = 1_800_000_000_000;

function apiError(status: number, message = 'refused') {
  return createApiError({
    method: 'POST',
    url: 'https://api.example/v1/batch_groups/g/jobs',
    status,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: { code: 'X0001', message },
  });
}
const sameActionRunning = () => apiError(400, 'A batch job with the same API is already running');
const connection = (notSent: boolean) =>
  new ConnectionError('connection failed', { method: 'POST', path: '/v1/x', attempts: 1, cause: undefined, notSent });
const timeout = () => new TimeoutError('timed out', { method: 'POST', path: '/v1/x', attempts: 1, timeoutMs: 60_000 });

/** What a create does: make the job, throw, or make the job `landsAfterMs` later and throw `error`. */
type Outcome = 'created' | Error | { lost: Error; landsAfterMs: number } | { answers: BatchJob };

type Event = { at: number; what: string };

function scripted(outcomes: Outcome[], overrides: Partial<SubmitContext> = {}) {
  const events: Event[] = [];
  // Each script's server clock starts at T0, however far the fake clock went before.
  const base = performance.now();
  const now = () => T0 + Math.round(performance.now() - base);
  const log = (what: string): void => {
    events.push({ at: now() - T0, what });
  };
  let ours: BatchJob | undefined;
  let landsAt: number | undefined;
  let creates = 0;
  const job = (): BatchJob => ({
    jobId: `job-${creates}`,
    batchGroupId: 'g',
    status: 'pending',
    createdTime: Math.floor(now() / 1000),
    updatedTime: Math.floor(now() / 1000),
  });
  const ctx: SubmitContext = {
    createJob: async () => {
      creates++;
      log('create');
      const outcome = outcomes.shift() ?? new Error('the script has no more creates');
      if (outcome === 'created') {
        ours = job();
        return ours;
      }
      if (outcome instanceof Error) throw outcome;
      if ('answers' in outcome) return outcome.answers;
      landsAt = now() + outcome.landsAfterMs;
      throw outcome.lost;
    },
    lookup: async () => {
      log('lookup');
      if (!ours && landsAt !== undefined && now() >= landsAt) ours = job();
      return ours;
    },
    isOurs: (answer) => answer.jobId.startsWith('job-'),
    recordSend: async (sentAt) => log(`send@${sentAt - T0}`),
    recordNotCreated: async () => log('not created'),
    settleWindowMs: 10_000,
    now,
    maxSubmitWaitMs: 3_600_000,
    onWait: (reason, delayMs) => log(`wait ${delayMs}: ${reason}`),
    minDelayMs: 1_000,
    maxDelayMs: 4_000,
    random: () => 1,
    ...overrides,
  };
  return { ctx, events, whats: () => events.map((e) => e.what), creates: () => creates };
}

/** Runs the submission to its end, moving the fake clock through every wait. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('which answers prove no job was made', () => {
  it('429, 503, a refused connection and "the same action is already running"', () => {
    expect(provablyNotCreated(apiError(429))).toBe(true);
    expect(provablyNotCreated(apiError(503))).toBe(true);
    expect(provablyNotCreated(connection(true))).toBe(true);
    expect(provablyNotCreated(sameActionRunning())).toBe(true);
  });

  it('not a 500, a reset connection, a timeout, another 400, or an error that is not the API’s', () => {
    expect(provablyNotCreated(apiError(500))).toBe(false);
    expect(provablyNotCreated(apiError(502))).toBe(false);
    expect(provablyNotCreated(connection(false))).toBe(false);
    expect(provablyNotCreated(timeout())).toBe(false);
    expect(provablyNotCreated(apiError(400, 'tasks must be of one action'))).toBe(false);
    expect(provablyNotCreated(new Error('A batch job with the same API is already running'))).toBe(false);
  });

  it('reads the same-action refusal loosely, in the wordings the API may use', () => {
    for (const message of [
      'Batch job already running',
      'a job is already in progress',
      'job already exists for this API',
      'Same API job found',
      'another batch job is running',
      'Another job holds the action',
      'A job IS RUNNING',
    ]) {
      expect(isSameActionRunning(apiError(400, message)), message).toBe(true);
    }
    expect(isSameActionRunning(apiError(400, 'invalid task'))).toBe(false);
    expect(isSameActionRunning(apiError(429, 'already running'))).toBe(false);
  });
});

describe('submitChunk', () => {
  it('looks the job up, records the send, then creates it: a new job is not adopted', async () => {
    const s = scripted(['created']);
    const result = await settle(submitChunk(s.ctx));
    expect(result).toEqual({ job: expect.objectContaining({ jobId: 'job-1' }), adopted: false });
    expect(s.whats()).toEqual(['lookup', 'send@0', 'create']);
  });

  it('adopts a job the lookup finds, and sends nothing', async () => {
    const s = scripted([]);
    const existing: BatchJob = {
      jobId: 'theirs',
      batchGroupId: 'g',
      status: 'running',
      createdTime: 1,
      updatedTime: 1,
    };
    const result = await settle(submitChunk({ ...s.ctx, lookup: async () => existing }));
    expect(result).toEqual({ job: existing, adopted: true });
    expect(s.creates()).toBe(0);
  });

  it('waits out refusals with a doubling backoff up to its ceiling, looking up before each create', async () => {
    const s = scripted([apiError(429), sameActionRunning(), apiError(503), connection(true), 'created']);
    const result = await settle(submitChunk(s.ctx));
    expect(result.adopted).toBe(false);
    expect(s.whats()).toEqual([
      'lookup',
      'send@0',
      'create',
      'not created',
      'wait 1000: the API answered 429',
      'lookup',
      'send@1000',
      'create',
      'not created',
      'wait 2000: another job of the same action is running',
      'lookup',
      'send@3000',
      'create',
      'not created',
      'wait 4000: the API answered 503',
      'lookup',
      'send@7000',
      'create',
      'not created',
      'wait 4000: the API answered a connection failure',
      'lookup',
      'send@11000',
      'create',
    ]);
  });

  it('draws each delay between half and all of the curve', async () => {
    const s = scripted([apiError(429), apiError(429), 'created'], { random: () => 0 });
    await settle(submitChunk(s.ctx));
    expect(s.whats().filter((w) => w.startsWith('wait'))).toEqual([
      'wait 500: the API answered 429',
      'wait 1000: the API answered 429',
    ]);
  });

  it('waits 2 s doubling to 60 s unless told otherwise, and never less than the first delay', async () => {
    const refusals = Array.from({ length: 7 }, () => apiError(429));
    const s = scripted([...refusals, 'created'], { minDelayMs: undefined, maxDelayMs: undefined });
    await settle(submitChunk(s.ctx));
    const delays = s.whats().flatMap((w) => (w.startsWith('wait') ? [Number(w.split(' ')[1]?.replace(':', ''))] : []));
    expect(SUBMIT_DELAY_DEFAULTS).toEqual({ minDelayMs: 2_000, maxDelayMs: 60_000 });
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);

    const inverted = scripted([apiError(429), apiError(429), 'created'], { minDelayMs: 3_000, maxDelayMs: 1_000 });
    await settle(submitChunk(inverted.ctx));
    expect(inverted.whats().filter((w) => w.startsWith('wait'))).toEqual([
      'wait 3000: the API answered 429',
      'wait 3000: the API answered 429',
    ]);
  });

  it('gives up on refusals when the next wait would pass maxSubmitWaitMs, recording that no job was made', async () => {
    const s = scripted([apiError(429), apiError(429), apiError(429)], { maxSubmitWaitMs: 2_500 });
    await expect(settle(submitChunk(s.ctx))).rejects.toMatchObject({ status: 429 });
    // 1 s, then 2 s would end at 3 s: past 2.5 s, so the second refusal is the last.
    expect(s.creates()).toBe(2);
    expect(s.whats().slice(-2)).toEqual(['create', 'not created']);

    const exact = scripted([apiError(429), apiError(429), 'created'], { maxSubmitWaitMs: 3_000 });
    await expect(settle(submitChunk(exact.ctx))).resolves.toMatchObject({ adopted: false });
  });

  it('after a lost answer, looks the job up until it lands and adopts it: one create in all', async () => {
    const s = scripted([{ lost: timeout(), landsAfterMs: 6_000 }]);
    const result = await settle(submitChunk(s.ctx));
    expect(result).toMatchObject({ adopted: true, job: { jobId: 'job-1' } });
    expect(s.creates()).toBe(1);
    const lookups = s.events.filter((e) => e.what === 'lookup').map((e) => e.at);
    // The first lookup, then every settleWindowMs / 10 (1 s) from the lost create until the job shows.
    expect(lookups).toEqual([0, 0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000]);
    expect(s.whats()).toContain(
      'wait 1000: the last createBatchJob answer was lost: looking for the job it may have made',
    );
  });

  it('after a lost answer, sends again only once the settle window and a second of margin have passed', async () => {
    const s = scripted([timeout(), 'created']);
    const result = await settle(submitChunk(s.ctx));
    expect(result.adopted).toBe(false);
    const sends = s.events.filter((e) => e.what.startsWith('send')).map((e) => e.at);
    expect(sends).toEqual([0, 11_000]);
    const lookups = s.events.filter((e) => e.what === 'lookup').map((e) => e.at);
    expect(lookups.at(-1)).toBe(11_000);
    expect(lookups.filter((at) => at > 0 && at < 11_000)).toHaveLength(10);
  });

  it('polls a long window at most every 5 s, and a short one every 50 ms at least apart', async () => {
    const long = scripted([timeout(), 'created'], { settleWindowMs: 100_000 });
    await settle(submitChunk(long.ctx));
    const waits = long.whats().filter((w) => w.startsWith('wait'));
    expect(new Set(waits.map((w) => w.split(':')[0]))).toEqual(new Set(['wait 5000', 'wait 1000']));
    expect(long.events.filter((e) => e.what.startsWith('send')).map((e) => e.at)).toEqual([0, 101_000]);

    const short = scripted([timeout(), 'created'], { settleWindowMs: 100 });
    await settle(submitChunk(short.ctx));
    expect(short.whats().filter((w) => w.startsWith('wait'))[0]).toMatch(/^wait 50: /);
    expect(short.events.filter((e) => e.what.startsWith('send')).map((e) => e.at)).toEqual([0, 1_100]);
  });

  it('treats every unknown outcome alike: a 500, a reset connection, a garbled 2xx, a job that is not this chunk’s', async () => {
    const garbled = new UnexpectedResponseError('not JSON', { method: 'POST', path: '/v1/x', status: 201 });
    const other: BatchJob = {
      jobId: 'another-chunk',
      batchGroupId: 'g',
      status: 'pending',
      createdTime: 1,
      updatedTime: 1,
    };
    for (const unknown of [apiError(500), connection(false), garbled, { answers: other }] as Outcome[]) {
      const s = scripted([unknown, 'created'], { settleWindowMs: 1_000 });
      const result = await settle(submitChunk(s.ctx));
      expect(result.adopted).toBe(false);
      expect(s.events.filter((e) => e.what.startsWith('send')).map((e) => e.at)).toEqual([0, 2_000]);
      expect(s.whats()).not.toContain('not created');
    }
  });

  it('passes the error on after the fourth unknown outcome the window found no job for', async () => {
    const s = scripted([apiError(500), apiError(500), apiError(500), apiError(502)], { settleWindowMs: 1_000 });
    await expect(settle(submitChunk(s.ctx))).rejects.toMatchObject({ status: 502 });
    expect(s.creates()).toBe(4);
    expect(s.whats()).not.toContain('not created');

    const mismatch: BatchJob = { jobId: 'x', batchGroupId: 'g', status: 'pending', createdTime: 1, updatedTime: 1 };
    const answers = Array.from({ length: 4 }, () => ({ answers: mismatch }));
    const wrong = scripted(answers, { settleWindowMs: 1_000 });
    await expect(settle(submitChunk(wrong.ctx))).rejects.toThrow(
      "createBatchJob answered job x, which is not this chunk's",
    );
  });

  it('records that no job was made before passing on any other API refusal; an error without an answer leaves it unknown', async () => {
    const refused = scripted([apiError(403)]);
    await expect(settle(submitChunk(refused.ctx))).rejects.toMatchObject({ status: 403 });
    expect(refused.whats()).toEqual(['lookup', 'send@0', 'create', 'not created']);

    const invalid = scripted([apiError(400, 'tasks must be of one action')]);
    await expect(settle(submitChunk(invalid.ctx))).rejects.toMatchObject({ status: 400 });
    expect(invalid.whats().at(-1)).toBe('not created');

    const aborted = scripted([new AbortError('aborted', { method: 'POST', path: '/v1/x', attempts: 1 })]);
    await expect(settle(submitChunk(aborted.ctx))).rejects.toThrow('aborted');
    expect(aborted.whats()).toEqual(['lookup', 'send@0', 'create']);
  });

  it('resuming a create whose outcome is unknown: looks it up until its window ends before sending again', async () => {
    const s = scripted(['created']);
    vi.advanceTimersByTime(3_000);
    const result = await settle(submitChunk({ ...s.ctx, sentAt: T0 }));
    expect(result.adopted).toBe(false);
    const sends = s.events.filter((e) => e.what.startsWith('send')).map((e) => e.at);
    expect(sends).toEqual([11_000]);
    expect(s.events[0]).toEqual({ at: 3_000, what: 'lookup' });
    expect(s.whats()).toContain(
      'wait 1000: the last createBatchJob answer was lost: looking for the job it may have made',
    );
  });

  it('after an earlier run’s last activity: looks until quietUntil and a second more, then sends', async () => {
    const s = scripted(['created']);
    const result = await settle(submitChunk({ ...s.ctx, quietUntil: T0 + 4_000 }));
    expect(result.adopted).toBe(false);
    expect(s.events.filter((e) => e.what.startsWith('send')).map((e) => e.at)).toEqual([5_000]);
    expect(s.whats()).toContain(
      'wait 1000: a run of these tasks was active moments ago: looking for a job it may still be creating',
    );
  });

  it('a quietUntil whose second of margin has passed costs one lookup; sentAt wins over quietUntil', async () => {
    const past = scripted(['created']);
    vi.advanceTimersByTime(5_000);
    await settle(submitChunk({ ...past.ctx, quietUntil: T0 + 4_000 }));
    expect(past.whats()).toEqual(['lookup', 'send@5000', 'create']);

    const both = scripted(['created']);
    await settle(submitChunk({ ...both.ctx, sentAt: T0 - 5_000, quietUntil: T0 + 60_000 }));
    expect(both.events.filter((e) => e.what.startsWith('send')).map((e) => e.at)).toEqual([6_000]);
    expect(both.whats().some((w) => w.includes('active moments ago'))).toBe(false);
  });

  it('a quietUntil just inside its margin is still waited out', async () => {
    const s = scripted(['created']);
    vi.advanceTimersByTime(4_999);
    await settle(submitChunk({ ...s.ctx, quietUntil: T0 + 4_000 }));
    expect(s.events.filter((e) => e.what.startsWith('send')).map((e) => e.at)).toEqual([5_000]);
  });

  it('stops on its signal before looking up, and between waits', async () => {
    const stopped = scripted(['created']);
    const reason = new Error('stop');
    await expect(settle(submitChunk({ ...stopped.ctx, signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    expect(stopped.whats()).toEqual([]);

    const controller = new AbortController();
    const waiting = scripted([apiError(429), 'created'], {
      signal: controller.signal,
      onWait: () => controller.abort(reason),
    });
    await expect(settle(submitChunk(waiting.ctx))).rejects.toBe(reason);
    expect(waiting.creates()).toBe(1);
  });
});
