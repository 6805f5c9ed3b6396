/**
 * Creating one chunk's job, exactly once, although the Batch API has no idempotency key.
 *
 * - The chunk's job is looked up by its marker in the batch group before every create: the first, and
 *   each one after a refusal or an unknown outcome. A job another process made (a second machine
 *   running the same tasks, a run killed after its create was sent) is adopted, never made twice.
 * - Answers that prove the job was not created are waited out with backoff: 429 (the system is under
 *   load), 400 "a job with the same API is already running" (the createBatchJob description in
 *   openapi/batch.yaml: one job per action at a time; this is also how two machines running the same
 *   tasks meet: the second create is refused, and the next lookup finds the first one's job), 503, and
 *   a connection that never opened.
 * - An outcome that is unknown (a timeout, a reset connection, another 5xx, an answer that is not this
 *   chunk's job, or a process killed while the create was in flight, which a resumed run sees as a
 *   chunk left `sending`) is resolved, never guessed: the marker is looked up, again and again, until
 *   the job appears or the settle window has passed since the create was sent, on the server's clock
 *   (ledger.ts). A create the server processes late shows up within the window and is adopted. A run
 *   that starts right after another one's last activity waits out the window the same way (`quietUntil`).
 *
 * The residual risk, exactly: a create that reaches the server and is processed more than the settle
 * window after it was sent, while no listing shows it before the window ends, makes a second job of
 * the same tasks. The window defaults to 90 s: the client's default attempt time limit plus 30 s.
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

/** A settle window and the `Date` header's whole seconds: a margin so the window is never cut short. */
const CLOCK_MARGIN_MS = 1_000;

export type SubmitContext = {
  createJob: (signal: AbortSignal | undefined) => Promise<BatchJob>;
  /** The chunk's job, looked up by its marker in the batch group. */
  lookup: () => Promise<BatchJob | undefined>;
  /** Whether a job a create answered is this chunk's: its marker, and an ID no other chunk has. */
  isOurs: (job: BatchJob) => boolean;
  /** When an earlier create of this chunk was sent and its outcome is unknown (the server's clock, ms). */
  sentAt?: number | undefined;
  /** Until when (the server's clock, ms) a create sent by an earlier run may still land: looked up until then. */
  quietUntil?: number | undefined;
  /** Called, and awaited, before every send with the time it is sent: the state must hold it first. */
  recordSend: (sentAt: number) => Promise<void>;
  /** Called, and awaited, before an error that proves no job was made is passed on (a 4xx, or giving up on 429s). */
  recordNotCreated: () => Promise<void>;
  /** How long after a send a lost create may still appear. */
  settleWindowMs: number;
  /** Now, on the server's clock (ms). */
  now: () => number;
  signal?: AbortSignal | undefined;
  /** Give up waiting for a chance to submit after this long. */
  maxSubmitWaitMs: number;
  /** Told why the run is waiting before it submits again. */
  onWait?: ((reason: string, delayMs: number) => void) | undefined;
  /** Backoff between refused submissions: first delay and ceiling (defaults 2 s and 60 s). */
  minDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  random?: () => number;
};

export type Submitted = { job: BatchJob; adopted: boolean };

/** The created job is not this chunk's (another chunk's ID, or another marker): its outcome is unknown. */
class NotThisChunk extends Error {}

/** Looks the marker up until the job appears or `until` (the server's clock) has passed. */
async function lookUntil(ctx: SubmitContext, until: number, why: string): Promise<BatchJob | undefined> {
  for (;;) {
    const found = await ctx.lookup();
    if (found) return found;
    const left = until - ctx.now();
    if (left <= 0) return undefined;
    const delay = Math.min(left, SETTLE_POLL_MAX_MS, Math.max(50, ctx.settleWindowMs / 10));
    ctx.onWait?.(why, delay);
    await abortableSleep(delay, ctx.signal);
  }
}

const LOST_ANSWER = 'the last createBatchJob answer was lost: looking for the job it may have made';
const EARLIER_RUN = 'a run of these tasks was active moments ago: looking for a job it may still be creating';

export async function submitChunk(ctx: SubmitContext): Promise<Submitted> {
  const random = ctx.random ?? Math.random;
  const minDelayMs = ctx.minDelayMs ?? SUBMIT_DELAY_DEFAULTS.minDelayMs;
  const maxDelayMs = Math.max(minDelayMs, ctx.maxDelayMs ?? SUBMIT_DELAY_DEFAULTS.maxDelayMs);
  const started = performance.now();
  const window = ctx.settleWindowMs + CLOCK_MARGIN_MS;
  let unknownOutcomes = 0;
  let settleUntil = ctx.sentAt === undefined ? undefined : ctx.sentAt + window;
  let why = LOST_ANSWER;
  if (settleUntil === undefined && ctx.quietUntil !== undefined && ctx.quietUntil + CLOCK_MARGIN_MS > ctx.now()) {
    settleUntil = ctx.quietUntil + CLOCK_MARGIN_MS;
    why = EARLIER_RUN;
  }
  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted();
    // Before every create: the job may exist already (a lost answer, another process, an earlier run).
    const found = settleUntil === undefined ? await ctx.lookup() : await lookUntil(ctx, settleUntil, why);
    if (found) return { job: found, adopted: true };
    settleUntil = undefined;
    const sentAt = ctx.now();
    await ctx.recordSend(sentAt);
    try {
      const job = await ctx.createJob(ctx.signal);
      if (!ctx.isOurs(job))
        throw new NotThisChunk(`createBatchJob answered job ${job.jobId}, which is not this chunk's`);
      return { job, adopted: false };
    } catch (error) {
      if (provablyNotCreated(error)) {
        const delay = backoffMs(attempt - 1, { baseMs: minDelayMs, maxMs: maxDelayMs }, random);
        await ctx.recordNotCreated();
        if (performance.now() - started + delay > ctx.maxSubmitWaitMs) throw error;
        const reason = isSameActionRunning(error)
          ? 'another job of the same action is running'
          : `the API answered ${(error as { status?: number }).status ?? 'a connection failure'}`;
        ctx.onWait?.(reason, delay);
        await abortableSleep(delay, ctx.signal);
        continue;
      }
      if (error instanceof NotThisChunk || outcomeUnknown(error)) {
        if (++unknownOutcomes > MAX_UNKNOWN_OUTCOMES) throw error;
        settleUntil = sentAt + window;
        why = LOST_ANSWER;
        continue;
      }
      // Any other answer of the API (403, 400, 404, 422; a 5xx is a ServerError, unknown above) refused the
      // request: no job was made. A failure without an answer (the caller's abort in flight) leaves it unknown.
      if (isSoracomError(error, SoracomApiError)) await ctx.recordNotCreated();
      throw error;
    }
  }
}
