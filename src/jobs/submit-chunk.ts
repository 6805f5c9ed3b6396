/**
 * Creating one chunk's job, exactly once. Answers that prove the job was not created are waited out
 * with backoff (429: the system is under load; 400 "a job with the same API is already running": only
 * one job per action runs at a time; 503). Answers that leave it unknown (a timeout, a reset
 * connection, another 5xx) are settled by looking the job up by its marker before trying again.
 */
import {
  isBadRequestError,
  isConnectionError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
} from '../errors/guards.js';
import { abortableSleep } from '../transport/abortable-sleep.js';
import { findMarkedJob, type ListJobs } from './job-marker.js';
import type { BatchJob } from './wait-for-job.js';

/**
 * The createBatchJob description says only one job per API action runs at a time and a second one
 * is refused with 400; the message wording is the API's, so it is matched loosely.
 */
const SAME_ACTION_RUNNING = /already (running|in progress|exists)|same api|another (batch )?job|is running/i;

export function isSameActionRunning(error: unknown): boolean {
  return isBadRequestError(error) && SAME_ACTION_RUNNING.test(error.serverMessage);
}

/** The job was certainly not created: wait and submit again. */
export function provablyNotCreated(error: unknown): boolean {
  if (isRateLimitError(error) || isSameActionRunning(error)) return true;
  if (isServerError(error) && error.status === 503) return true;
  return isConnectionError(error) && error.notSent;
}

/** The job may or may not have been created. */
function outcomeUnknown(error: unknown): boolean {
  return isTimeoutError(error) || isConnectionError(error) || isServerError(error);
}

export type SubmitContext = {
  createJob: (signal: AbortSignal | undefined) => Promise<BatchJob>;
  listJobs: ListJobs;
  groupId: string;
  marker: string;
  signal?: AbortSignal | undefined;
  /** Give up waiting for a chance to submit after this long (default 1 hour). */
  maxSubmitWaitMs: number;
  /** Told why the run is waiting before it submits again. */
  onWait?: ((reason: string, delayMs: number) => void) | undefined;
  /** Backoff between submissions: first delay and ceiling (defaults 2 s and 60 s). */
  minDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  random?: () => number;
};

/**
 * A refused submission is tried again after 2 s, doubling to at most 60 s: a same-action job may run
 * for minutes, and Soracom advises waiting up to a minute after a 429 (soracom-facts: rate limits).
 */
export const SUBMIT_DELAY_DEFAULTS = /* @__PURE__ */ Object.freeze({ minDelayMs: 2_000, maxDelayMs: 60_000 });
/** Lookups after an unknown outcome that found no job, before the error is passed on. */
const MAX_UNKNOWN_OUTCOMES = 3;

function backoff(attempt: number, ctx: SubmitContext, random: () => number): number {
  const min = ctx.minDelayMs ?? SUBMIT_DELAY_DEFAULTS.minDelayMs;
  const max = Math.max(min, ctx.maxDelayMs ?? SUBMIT_DELAY_DEFAULTS.maxDelayMs);
  const ceiling = Math.min(min * 2 ** Math.min(attempt - 1, 20), max);
  return Math.round(ceiling * (0.5 + random() / 2));
}

export async function submitChunk(ctx: SubmitContext): Promise<{ job: BatchJob; adopted: boolean }> {
  const random = ctx.random ?? Math.random;
  const started = Date.now();
  let unknownOutcomes = 0;
  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted();
    try {
      return { job: await ctx.createJob(ctx.signal), adopted: false };
    } catch (error) {
      if (provablyNotCreated(error)) {
        const delay = backoff(attempt, ctx, random);
        if (Date.now() - started + delay > ctx.maxSubmitWaitMs) throw error;
        const why = isSameActionRunning(error)
          ? 'another job of the same action is running'
          : `the API answered ${(error as { status?: number }).status ?? 'a connection failure'}`;
        ctx.onWait?.(why, delay);
        await abortableSleep(delay, ctx.signal);
        continue;
      }
      if (outcomeUnknown(error)) {
        const found = await findMarkedJob(ctx.listJobs, ctx.groupId, ctx.marker);
        if (found) return { job: found, adopted: true };
        if (++unknownOutcomes >= MAX_UNKNOWN_OUTCOMES) throw error;
        const delay = backoff(attempt, ctx, random);
        ctx.onWait?.('the last answer was lost and no job was created', delay);
        await abortableSleep(delay, ctx.signal);
        continue;
      }
      throw error;
    }
  }
}
