/**
 * Creating one chunk's job, exactly once, although the Batch API has no idempotency key.
 *
 * - Answers that prove the job was not created are waited out with backoff: 429 (the system is under
 *   load), 400 "a job with the same API is already running" (the createBatchJob description in
 *   openapi/batch.yaml: one job per action at a time), 503, and a connection that never opened.
 * - An outcome that is unknown (a timeout, a reset connection, another 5xx, or a process killed while
 *   the create was in flight, which a resumed run sees as a chunk left `submitting`) is resolved, never
 *   guessed: the chunk's marker is looked up, again and again, until the job appears or the settle
 *   window has passed since the create was sent. A create the server processes late (it arrived, the
 *   client gave up waiting) shows up within the window and is adopted.
 * - A chunk that ever had an unknown outcome is looked up once more before every later submission,
 *   also after a 429 or a "same action already running" (that running job may be the late one).
 *
 * The residual risk, exactly: a create that reaches the server and is processed more than the settle
 * window after it was sent, while no listing shows it before the window ends, makes a second job of
 * the same tasks. The window defaults to 90 s, the default attempt time limit plus 30 s (`settleWindowMs`).
 */
import {
  BadRequestError,
  ConnectionError,
  isSoracomError,
  RateLimitError,
  ServerError,
  SoracomApiError,
  TimeoutError,
  UnexpectedResponseError,
} from '../errors/errors.js';
import type { BatchJob } from '../jobs/wait-for-job.js';
import { backoffMs } from '../transport/retry.js';
import { abortableSleep } from '../transport/signals.js';

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

/**
 * The job may or may not have been created: no answer, a 5xx, or a 2xx whose body could not be read
 * (the job exists, but its ID is not known).
 */
function outcomeUnknown(error: unknown): boolean {
  return (
    isSoracomError(error, TimeoutError) ||
    isSoracomError(error, ConnectionError) ||
    isSoracomError(error, ServerError) ||
    isSoracomError(error, UnexpectedResponseError)
  );
}

/**
 * A refused submission is tried again after 2 s, doubling to at most 60 s: a same-action job may run
 * for minutes, and Soracom advises waiting up to a minute after a 429 (https://developers.soracom.io/en/api/).
 */
export const SUBMIT_DELAY_DEFAULTS = Object.freeze({ minDelayMs: 2_000, maxDelayMs: 60_000 });

/** How often the marker is looked up while a lost create may still land: at most every 5 s. */
const SETTLE_POLL_MAX_MS = 5_000;

/** Unknown outcomes of one chunk that the window found no job for, before the error is passed on. */
const MAX_UNKNOWN_OUTCOMES = 3;

export type SubmitContext = {
  createJob: (signal: AbortSignal | undefined) => Promise<BatchJob>;
  /** The job of this chunk, looked up by its marker. */
  findJob: () => Promise<BatchJob | undefined>;
  /** When an earlier create of this chunk was sent and its outcome is unknown (a resumed `submitting` chunk). */
  sentAt: number | undefined;
  /** Called, and awaited, before every send with the time it is sent: the state must hold it first. */
  recordSend: (sentAt: number) => Promise<void>;
  /** Called, and awaited, before an error that proves no job was made is passed on (a 4xx, or giving up on 429s). */
  recordNotCreated: () => Promise<void>;
  /** How long after a send a lost create may still appear. */
  settleWindowMs: number;
  signal?: AbortSignal | undefined;
  /** Give up waiting for a chance to submit after this long. */
  maxSubmitWaitMs: number;
  /** Told why the run is waiting before it submits again. */
  onWait?: ((reason: string, delayMs: number) => void) | undefined;
  /** Backoff between refused submissions: first delay and ceiling (defaults 2 s and 60 s). */
  minDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  random?: () => number;
  now?: () => number;
};

export type Submitted = { job: BatchJob; adopted: boolean };

export async function submitChunk(ctx: SubmitContext): Promise<Submitted> {
  const random = ctx.random ?? Math.random;
  const now = ctx.now ?? Date.now;
  const minDelayMs = ctx.minDelayMs ?? SUBMIT_DELAY_DEFAULTS.minDelayMs;
  const maxDelayMs = Math.max(minDelayMs, ctx.maxDelayMs ?? SUBMIT_DELAY_DEFAULTS.maxDelayMs);
  const started = now();
  let uncertainSince = ctx.sentAt;
  let everUncertain = uncertainSince !== undefined;
  let unknownOutcomes = 0;

  /** Looks the marker up until the job appears or the window after `sentAt` has passed. */
  const settle = async (sentAt: number): Promise<BatchJob | undefined> => {
    const until = sentAt + ctx.settleWindowMs;
    for (;;) {
      const found = await ctx.findJob();
      if (found) return found;
      const left = until - now();
      if (left <= 0) return undefined;
      const delay = Math.min(left, SETTLE_POLL_MAX_MS, Math.max(50, ctx.settleWindowMs / 10));
      ctx.onWait?.('the last createBatchJob answer was lost: looking for the job it may have made', delay);
      await abortableSleep(delay, ctx.signal);
    }
  };

  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted();
    if (uncertainSince !== undefined) {
      const found = await settle(uncertainSince);
      if (found) return { job: found, adopted: true };
      uncertainSince = undefined;
    } else if (everUncertain) {
      // A create that ever had an unknown outcome may have made the job that now blocks this one.
      const found = await ctx.findJob();
      if (found) return { job: found, adopted: true };
    }
    const sentAt = now();
    await ctx.recordSend(sentAt);
    try {
      return { job: await ctx.createJob(ctx.signal), adopted: false };
    } catch (error) {
      if (provablyNotCreated(error)) {
        const delay = backoffMs(attempt - 1, { baseMs: minDelayMs, maxMs: maxDelayMs }, random);
        if (now() - started + delay > ctx.maxSubmitWaitMs) {
          await ctx.recordNotCreated();
          throw error;
        }
        const why = isSameActionRunning(error)
          ? 'another job of the same action is running'
          : `the API answered ${(error as { status?: number }).status ?? 'a connection failure'}`;
        ctx.onWait?.(why, delay);
        await abortableSleep(delay, ctx.signal);
        continue;
      }
      if (outcomeUnknown(error)) {
        if (++unknownOutcomes > MAX_UNKNOWN_OUTCOMES) throw error;
        uncertainSince = sentAt;
        everUncertain = true;
        continue;
      }
      // Any other answer of the API (403, 400, 404, 422) refused the request: no job was made. A failure
      // without an answer (the caller's abort while in flight) leaves the outcome unknown.
      if (isSoracomError(error, SoracomApiError) && error.status < 500) await ctx.recordNotCreated();
      throw error;
    }
  }
}
