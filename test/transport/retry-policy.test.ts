/** The retry decision, the wait before a retry, and the abortable sleep, as pure functions. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffMs,
  decideRetry,
  describeOutcome,
  failedBeforeSending,
  RETRY_BACKOFF,
  retryDelay,
  serverRequestedDelayMs,
} from '../../src/transport/retry.js';
import { abortableSleep, abortableWait } from '../../src/transport/signals.js';

const ctx = (method: string, attempt = 1, maxRetries = 4, replaySafe = false) => ({
  method,
  attempt,
  maxRetries,
  replaySafe,
});

describe('decideRetry', () => {
  it.each([
    ['GET', { kind: 'response', status: 500 }, true],
    ['GET', { kind: 'response', status: 408 }, true],
    ['GET', { kind: 'timeout' }, true],
    ['GET', { kind: 'network', notSent: false }, true],
    ['DELETE', { kind: 'response', status: 502 }, true],
    ['GET', { kind: 'response', status: 400 }, false],
    ['GET', { kind: 'response', status: 501 }, false],
    ['GET', { kind: 'response', status: 200 }, false],
    ['POST', { kind: 'response', status: 429 }, true],
    ['POST', { kind: 'response', status: 503 }, true],
    ['POST', { kind: 'network', notSent: true }, true],
    ['POST', { kind: 'response', status: 500 }, false],
    ['POST', { kind: 'response', status: 502 }, false],
    ['POST', { kind: 'response', status: 504 }, false],
    ['POST', { kind: 'response', status: 408 }, false],
    ['POST', { kind: 'timeout' }, false],
    ['POST', { kind: 'network', notSent: false }, false],
    ['PATCH', { kind: 'response', status: 500 }, false],
  ] as const)('%s after %o → retry %s', (method, outcome, retry) => {
    expect(decideRetry(outcome, ctx(method)).retry).toBe(retry);
  });

  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get'])(
    'repeats %s after a 500 or a timeout (RFC 9110: idempotent)',
    (method) => {
      expect(decideRetry({ kind: 'response', status: 500 }, ctx(method)).retry).toBe(true);
      expect(decideRetry({ kind: 'timeout' }, ctx(method)).retry).toBe(true);
    },
  );

  it('repeats a replay-safe POST (login) like an idempotent request', () => {
    expect(decideRetry({ kind: 'response', status: 500 }, ctx('POST', 1, 4, true)).retry).toBe(true);
  });

  it('stops when the attempts are used up', () => {
    expect(decideRetry({ kind: 'response', status: 503 }, ctx('GET', 5, 4)).retry).toBe(false);
    expect(decideRetry({ kind: 'response', status: 503 }, ctx('GET', 4, 4)).retry).toBe(true);
    expect(decideRetry({ kind: 'response', status: 503 }, ctx('GET', 1, 0)).retry).toBe(false);
  });
});

describe('serverRequestedDelayMs', () => {
  const now = Date.parse('2025-09-03T04:35:02Z');
  it('reads Retry-After seconds and HTTP dates', () => {
    expect(serverRequestedDelayMs(429, new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(serverRequestedDelayMs(503, new Headers({ 'retry-after': 'Wed, 03 Sep 2025 04:35:12 GMT' }), now)).toBe(
      10_000,
    );
    expect(serverRequestedDelayMs(503, new Headers({ 'retry-after': 'Wed, 03 Sep 2025 04:34:00 GMT' }), now)).toBe(0);
  });
  it('ignores nonsense and reads the Soracom rate-limit header on 429 only', () => {
    expect(serverRequestedDelayMs(429, new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(serverRequestedDelayMs(429, new Headers({ 'x-soracom-ratelimit-seconds-before-refresh': '42' }), now)).toBe(
      42_000,
    );
    expect(
      serverRequestedDelayMs(500, new Headers({ 'x-soracom-ratelimit-seconds-before-refresh': '42' }), now),
    ).toBeUndefined();
  });
  it('takes seconds only as a whole number or a decimal one; anything else is not a number of seconds', () => {
    const wait = (value: string, status = 503) =>
      serverRequestedDelayMs(status, new Headers({ 'retry-after': value }), now);
    expect(wait('1.5')).toBe(1500);
    expect(wait('1.25')).toBe(1250);
    expect(wait(' 2 ')).toBe(2000);
    for (const nonsense of ['2x', 'x2', '1.5s', '-1']) expect(wait(nonsense), nonsense).toBeUndefined();
    const refresh = (value: string) =>
      serverRequestedDelayMs(429, new Headers({ 'x-soracom-ratelimit-seconds-before-refresh': value }), now);
    expect(refresh('1.25')).toBe(1250);
    for (const nonsense of ['2x', 'x2', '1.5s', '']) expect(refresh(nonsense), nonsense).toBeUndefined();
  });
  it('prefers Retry-After to the rate-limit header', () => {
    const headers = new Headers({ 'retry-after': '1', 'x-soracom-ratelimit-seconds-before-refresh': '42' });
    expect(serverRequestedDelayMs(429, headers, now)).toBe(1000);
  });
});

describe('backoff', () => {
  it('doubles from 0.5 s up to 8 s, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffMs(r - 1, RETRY_BACKOFF, () => 0.999_999))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect([1, 2, 3].map((r) => backoffMs(r - 1, RETRY_BACKOFF, () => 0))).toEqual([250, 500, 1000]);
  });
  it('is capped by maxRetryDelayMs, as is what the server asks', () => {
    expect(
      retryDelay({ retry: 4, status: 500, headers: new Headers(), maxRetryDelayMs: 300, random: () => 1 }),
    ).toEqual({ delayMs: 300, source: 'backoff' });
    expect(
      retryDelay({
        retry: 1,
        status: 429,
        headers: new Headers({ 'retry-after': '120' }),
        maxRetryDelayMs: 60_000,
        random: () => 0,
      }),
    ).toEqual({
      delayMs: 60_000,
      source: 'server',
      cappedFromMs: 120_000,
    });
  });
  it('adds at most 10% (up to 1 s) of jitter to what the server asks', () => {
    const at = (random: number) =>
      retryDelay({
        retry: 1,
        status: 429,
        headers: new Headers({ 'retry-after': '5' }),
        maxRetryDelayMs: 60_000,
        random: () => random,
      }).delayMs;
    expect(at(0)).toBe(5000);
    expect(at(1)).toBe(5500);
  });
});

describe('failedBeforeSending', () => {
  it('knows a refused connection from a reset one, through fetch’s cause chain', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const both = new TypeError('fetch failed', {
      cause: new AggregateError([
        Object.assign(new Error('a'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('b'), { code: 'ENETUNREACH' }),
      ]),
    });
    expect(failedBeforeSending(refused)).toBe(true);
    expect(failedBeforeSending(both)).toBe(true);
    expect(failedBeforeSending(reset)).toBe(false);
    expect(failedBeforeSending(new TypeError('Failed to fetch'))).toBe(false);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])(
    'takes %s for a connection never made',
    (code) => {
      const error = new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
      expect(failedBeforeSending(error)).toBe(true);
    },
  );

  it('needs every code to say so: one address refused and another reset may have carried the request', () => {
    const mixed = new TypeError('fetch failed', {
      cause: new AggregateError([
        Object.assign(new Error('a'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('b'), { code: 'ECONNRESET' }),
      ]),
    });
    expect(failedBeforeSending(mixed)).toBe(false);
  });

  it('reads causes five levels deep, and a cycle of causes ends', () => {
    const nested = (depth: number): Error => {
      let error: Error = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
      for (let i = 0; i < depth; i++) error = new Error('wrapped', { cause: error });
      return error;
    };
    expect(failedBeforeSending(nested(5))).toBe(true);
    expect(failedBeforeSending(nested(6))).toBe(false);
    const cycle: Error & { cause?: unknown } = Object.assign(new Error('loop'), { code: 'ENOTFOUND' });
    cycle.cause = cycle;
    expect(failedBeforeSending(cycle)).toBe(true);
  });
});

describe('describeOutcome', () => {
  it('names what ended an attempt, as the retry log and a refusal to repeat a POST say it', () => {
    expect(describeOutcome({ kind: 'response', status: 503 })).toBe('status 503');
    expect(describeOutcome({ kind: 'timeout' })).toBe('a timeout');
    expect(describeOutcome({ kind: 'network', notSent: true })).toBe('a connection failure before sending');
    expect(describeOutcome({ kind: 'network', notSent: false })).toBe('a connection failure');
    expect(decideRetry({ kind: 'timeout' }, ctx('post')).reason).toBe(
      'a POST is repeated only when it provably did not run (429, 503, or no connection), and a timeout may come after it ran',
    );
  });
});

describe('abortable waits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('abortableSleep rejects at once on abort and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const reason = new Error('stop');
    const sleeping = abortableSleep(3_600_000, controller.signal);
    const settled = vi.fn();
    sleeping.then(settled, settled);
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).not.toHaveBeenCalled();
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('abortableSleep resolves after the delay when not aborted', async () => {
    vi.useFakeTimers();
    const done = vi.fn();
    void abortableSleep(500, new AbortController().signal).then(done);
    await vi.advanceTimersByTimeAsync(499);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();
  });

  it('abortableWait stops waiting without stopping the shared promise', async () => {
    let finish: (value: string) => void = () => undefined;
    const shared = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const controller = new AbortController();
    const waiting = abortableWait(shared, controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    finish('done');
    await expect(shared).resolves.toBe('done');
  });
});
