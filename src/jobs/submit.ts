/**
 * Creating one chunk's job, exactly once. Answers that prove the job was not created are waited out
 * with backoff (429: the system is under load; 400 "a job with the same API is already running": only
 * one job per action runs at a time; 503). Answers that leave it unknown (a timeout, a reset
 * connection, another 5xx) are settled by looking the job up by its marker before trying again.
 */
import {
  BadRequestError,
  ConnectionError,
  isSoracomError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors/errors.js';
import { backoffMs } from '../transport/retry.js';
import { abortableSleep } from '../transport/signals.js';
import type { BatchJob } from './wait-for-job.js';

export type ListJobs = (groupId: string) => AsyncIterable<BatchJob>;

/** The job of the group whose description ends with `marker` (plan.ts), if any. */
export async function findMarkedJob(
  listJobs: ListJobs,
  groupId: string,
  marker: string,
): Promise<BatchJob | undefined> {
  for await (const job of listJobs(groupId)) {
    if (job.description?.endsWith(marker)) return job;
  }
  return undefined;
}

/**
 * The createBatchJob description says only one job per API action runs at a time and a second one
 * is refused with 400; the message wording is the API's, so it is matched loosely.
 */
const SAME_ACTION_RUNNING = /already (running|in progress|exists)|same api|another (batch )?job|is running/i;

export function isSameActionRunning(error: unknown): boolean {
  return isSoracomError(error, BadRequestError) && SAME_ACTION_RUNNING.test(error.serverMessage);
}

/** The job was certainly not created: wait and submit again. */
export function provablyNotCreated(error: unknown): boolean {
  if (isSoracomError(error, RateLimitError) || isSameActionRunning(error)) return true;
  if (isSoracomError(error, ServerError) && error.status === 503) return true;
  return isSoracomError(error, ConnectionError) && error.notSent;
}

/** The job may or may not have been created. */
function outcomeUnknown(error: unknown): boolean {
  return (
    isSoracomError(error, TimeoutError) || isSoracomError(error, ConnectionError) || isSoracomError(error, ServerError)
  );
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
 * for minutes, and Soracom advises waiting up to a minute after a 429 (https://developers.soracom.io/en/api/).
 */
export const SUBMIT_DELAY_DEFAULTS = Object.freeze({ minDelayMs: 2_000, maxDelayMs: 60_000 });
/** Lookups after an unknown outcome that found no job, before the error is passed on. */
const MAX_UNKNOWN_OUTCOMES = 3;

function backoff(attempt: number, ctx: SubmitContext, random: () => number): number {
  const min = ctx.minDelayMs ?? SUBMIT_DELAY_DEFAULTS.minDelayMs;
  const max = Math.max(min, ctx.maxDelayMs ?? SUBMIT_DELAY_DEFAULTS.maxDelayMs);
  return backoffMs(attempt - 1, { baseMs: min, maxMs: max }, random);
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
