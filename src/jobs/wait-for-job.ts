/**
 * `waitForJob(batch, { batch_group_id, job_id }, options)`: poll a job until it is completed, failed or
 * aborted. Bounded (`maxWaitMs`, then `WaitTimeoutError` with the last job seen), abortable at any
 * moment (`signal`, also during the sleep between polls), and `onProgress` only when something changed.
 * The first poll is immediate; each later one is scheduled from the job's pace (`createPacer`): when
 * its last task should finish at the rate the summaries show, within `minDelayMs`..`maxDelayMs`, or
 * on the SDK's one backoff curve (transport/retry.ts) while no progress is visible.
 *
 * A poll is a GET, safe to repeat: one that fails transiently (5xx, 429, 408, no answer, a timeout)
 * after the client's own retries is polled again on the backoff curve, for up to `maxPollFailureMs` of
 * failing polls in a row (10 minutes by default), not only for the seconds the client's retries last.
 */
import type { BatchMethods } from '../../generated/batch-methods.js';
import type { BatchJob } from '../client/operation-types.js';
import {
  BatchJobFailedError,
  BatchValidationError,
  ConnectionError,
  isSoracomError,
  SoracomApiError,
  TimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from '../errors/errors.js';
import { backoffMs, RETRYABLE_STATUSES } from '../transport/retry.js';
import { abortableSleep } from '../transport/signals.js';

export type { BatchJob };

/**
 * The status of a batch job, as the spec's enum lists them (`BatchJobResponse.status` in
 * openapi/batch.yaml): `pending`, `running`, then `completed`, `failed` or `aborted`.
 *
 * @example
 * ```ts
 * import type { JobStatus } from 'soracom-batch';
 *
 * const job = await batch.getBatchJob({ batch_group_id, job_id });
 * const status: JobStatus = job.status;
 * ```
 * @category Jobs
 * @useDeclaredType
 */
export type JobStatus = BatchJob['status'];

/**
 * Which statuses a job never leaves: the one list of it. Typed by the spec's enum, so a status the
 * spec adds fails to compile here until someone decides whether it ends a job (see the status
 * descriptions of `BatchJobResponse` in openapi/batch.yaml).
 */
const JOB_STATUS_ENDS_JOB: Readonly<Record<JobStatus, boolean>> = Object.freeze({
  pending: false,
  running: false,
  completed: true,
  failed: true,
  aborted: true,
});

/** Whether `status` is one this version of the SDK knows (from the spec's enum). */
export function isKnownJobStatus(status: unknown): status is JobStatus {
  return typeof status === 'string' && Object.hasOwn(JOB_STATUS_ENDS_JOB, status);
}

/** Whether a job in `status` has finished (completed, failed or aborted). */
export function isTerminalJobStatus(status: unknown): boolean {
  return isKnownJobStatus(status) && JOB_STATUS_ENDS_JOB[status];
}

/**
 * Which job: its batch group and its ID.
 *
 * @example
 * ```ts
 * import { type JobRef, waitForJob } from 'soracom-batch';
 *
 * const ref: JobRef = { batch_group_id, job_id };
 * const job = await waitForJob(batch, ref);
 * ```
 * @category Jobs
 */
export type JobRef = {
  /** The batch group of the job. */
  batch_group_id: string;
  /** The job's ID. */
  job_id: string;
};

/**
 * How `waitForJob` polls: delays, time limit, cancellation, progress, and whether a failed job throws.
 *
 * @example
 * ```ts
 * import { type WaitOptions, waitForJob } from 'soracom-batch';
 *
 * const options: WaitOptions = { minDelayMs: 1_000, maxDelayMs: 10_000, maxWaitMs: 15 * 60_000, throwOnFailure: true };
 * const job = await waitForJob(batch, { batch_group_id, job_id }, options);
 * ```
 * @category Jobs
 */
export type WaitOptions = {
  /**
   * Floor of every delay between polls, and the first delay while the job shows no progress. Default 2 s
   * (AWS SDK waiters' minDelay).
   */
  minDelayMs?: number | undefined;
  /** Ceiling of every delay between polls. Default 30 s: summaries update periodically and users watch progress. */
  maxDelayMs?: number | undefined;
  /** Give up (WaitTimeoutError) after this long. Default 1 hour; a job of 10,000 tasks usually finishes well within it. */
  maxWaitMs?: number | undefined;
  /**
   * How long polls may keep failing in a row before the wait gives up with the last poll's error, when
   * each fails transiently (5xx, 429, 408, no answer, a timeout) after the client's own retries. Default
   * 10 minutes: a poll is safe to repeat, and an API that is down for a while should not end a long run.
   */
  maxPollFailureMs?: number | undefined;
  /** Stops waiting at once, rejecting with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called with the job on the first poll and whenever its status or summary changed. */
  onProgress?: ((job: BatchJob) => void) | undefined;
  /** Throw BatchJobFailedError when the job ends failed or aborted. Default false: resolve with it. */
  throwOnFailure?: boolean | undefined;
};

/**
 * The defaults of `waitForJob`'s polling: delays from 2 s up to 30 s, giving up after 1 hour, or after
 * 10 minutes of polls failing in a row.
 */
export const WAIT_DEFAULTS = Object.freeze({
  minDelayMs: 2_000,
  maxDelayMs: 30_000,
  maxWaitMs: 3_600_000,
  maxPollFailureMs: 600_000,
});

/** A failure another poll may cure: a retryable status (the transport's list), no answer, or a timeout. */
function isTransientPollFailure(error: unknown): boolean {
  if (isSoracomError(error, SoracomApiError)) return RETRYABLE_STATUSES.has(error.status);
  return isSoracomError(error, ConnectionError) || isSoracomError(error, TimeoutError);
}

/** A non-negative number of milliseconds, or the default; `argument` names it in the error. */
export function checkDelayOption(argument: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value === Number.POSITIVE_INFINITY) {
    throw new BatchValidationError(
      argument,
      'must be a non-negative number of milliseconds',
      ` (got ${String(value)})`,
    );
  }
  return value;
}

/** A change worth reporting: the status or any summary count. */
function fingerprint(job: BatchJob): string {
  const s = job.summary;
  return `${job.status}|${s?.pending}|${s?.success}|${s?.error}`;
}

/** What one poll showed of a running job's progress: when (local ms), tasks done, tasks pending. */
type Sighting = { at: number; done: number; pending: number };

/**
 * The job's own timestamps are whole seconds (`createdTime`, `updatedTime` in openapi/batch.yaml), so
 * a pace read from them errs by up to a second in the span; from 30 s on that is under 4%.
 */
const MIN_SERVER_SPAN_MS = 30_000;

/**
 * How far past the predicted end the last poll aims: a poll that lands early costs another poll and up
 * to `minDelayMs` more; one that lands late costs only the margin. 5% of the time left is a few
 * hundredths of the job (test/jobs/wait-pace.test.ts pins where the polls land).
 */
const END_MARGIN = 0.05;

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The delay before the next poll of one job, given what the last poll showed and when (`now`, ms).
 *
 * The pace is tasks done per ms between two polls: from the first poll that saw the job running to the
 * latest poll at which the count of done tasks (`success + error`) changed; until the count has moved
 * after the first running poll, from the last poll that saw the job still pending (a pace that errs
 * slow, since the job started later).
 * A job seen late in its life by the first poll can also be paced from its own times (done tasks since
 * `createdTime`, up to `updatedTime`) until a pace of its own is measured, when those times span long
 * enough to be read in whole seconds (they include any time the job sat pending, so that pace errs
 * slow, and the polls late rather than early). From the pace the time the pending tasks still need gives the
 * predicted end. While that end lies further ahead than the span the pace was measured over, the next
 * poll comes at half of it (at least one span later), to measure again before trusting the estimate;
 * after that it aims just past the end. Every delay stays within `minDelayMs`..`maxDelayMs`. With no
 * progress visible (pending, no summary, no change yet, or past the predicted end) the delays follow
 * the SDK's one backoff curve from `minDelayMs`, which starts again once the count moves.
 */
export function createPacer(
  minDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): (job: BatchJob, now: number) => number {
  let pendingSeen: Sighting | undefined;
  let firstRunning: Sighting | undefined;
  let latest: Sighting | undefined;
  let stalls = 0;
  return (job, now) => {
    const s = job.summary;
    let delay: number | undefined;
    if (s && isCount(s.pending) && isCount(s.success) && isCount(s.error)) {
      const seen: Sighting = { at: now, done: s.success + s.error, pending: s.pending };
      if (job.status === 'pending') pendingSeen = latest = seen;
      else {
        firstRunning ??= seen;
        if (latest === undefined || seen.done > latest.done) {
          latest = seen;
          stalls = 0;
        }
      }
      const last = latest as Sighting;
      // Between two polls that saw it running, or else (an upper bound on the time it took, since it
      // started after) from the last poll that saw it pending.
      const from = firstRunning && last.done > firstRunning.done ? firstRunning : pendingSeen;
      let span = from ? last.at - from.at : 0;
      let rate = from && span > 0 ? (last.done - from.done) / span : 0;
      // No pace of our own yet (a job first seen well into its run): its own times may give one.
      const ownSpan =
        isCount(job.updatedTime) && isCount(job.createdTime) ? (job.updatedTime - job.createdTime) * 1000 : 0;
      if (rate === 0 && ownSpan >= MIN_SERVER_SPAN_MS && seen.done > 0) {
        span = ownSpan;
        rate = seen.done / ownSpan;
      }
      const left = rate > 0 ? last.at + last.pending / rate - now : 0;
      if (left > 0) delay = left > span ? Math.max(span, left / 2) : left * (1 + END_MARGIN);
    }
    delay ??= backoffMs(stalls++, { baseMs: minDelayMs, maxMs: maxDelayMs, floorMs: minDelayMs }, random);
    return Math.min(Math.max(delay, minDelayMs), maxDelayMs);
  };
}

/** The checked settings of a wait: every delay option, or its default. */
function waitSettings(options: WaitOptions) {
  const option = (name: keyof typeof WAIT_DEFAULTS) =>
    checkDelayOption(`waitForJob.options.${name}`, options[name], WAIT_DEFAULTS[name]);
  const minDelayMs = option('minDelayMs');
  return {
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, option('maxDelayMs')),
    maxWaitMs: option('maxWaitMs'),
    maxPollFailureMs: option('maxPollFailureMs'),
  };
}

/** Polling on would wait for an end this version cannot recognise, and the job may well be over. */
function unknownStatusError(ref: JobRef, status: unknown): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `job ${ref.job_id}: the API returned status ${JSON.stringify(status)}, which this version of soracom-batch ` +
      `does not know (it knows ${Object.keys(JOB_STATUS_ENDS_JOB).join(', ')}); upgrade soracom-batch, or read the ` +
      'job with getBatchJob and decide yourself',
    { method: 'GET', path: `/batch_groups/${ref.batch_group_id}/jobs/${ref.job_id}`, status: 200 },
  );
}

/**
 * Polls a job until it is completed, failed or aborted, and resolves with it (also when it failed,
 * unless `throwOnFailure`). The first poll is immediate; later ones follow the job's pace, within
 * `minDelayMs`..`maxDelayMs`. Rejects with {@link WaitTimeoutError} after `maxWaitMs`, with the last
 * poll's error once polls have failed for `maxPollFailureMs` in a row, and with
 * {@link UnexpectedResponseError} at once on a status the spec did not list.
 *
 * @example
 * ```ts
 * import { waitForJob } from 'soracom-batch';
 *
 * const job = await waitForJob(
 *   batch,
 *   { batch_group_id, job_id },
 *   { maxWaitMs: 30 * 60_000, onProgress: (j) => console.log(j.status, j.summary) },
 * );
 * console.log(job.status); // 'completed', 'failed' or 'aborted'
 * ```
 * @category Jobs
 */
export async function waitForJob(
  batch: Pick<BatchMethods, 'getBatchJob'>,
  ref: JobRef,
  options: WaitOptions = {},
): Promise<BatchJob> {
  const { minDelayMs, maxDelayMs, maxWaitMs, maxPollFailureMs } = waitSettings(options);
  const { signal } = options;
  const started = Date.now();
  const deadline = started + maxWaitMs;
  const nextDelay = createPacer(minDelayMs, maxDelayMs);
  let lastPrint = '';
  /** When the first of the polls failing in a row was sent, and how many have failed. */
  let failing: { since: number; polls: number } | undefined;

  for (;;) {
    signal?.throwIfAborted();
    const sent = Date.now();
    let job: BatchJob;
    try {
      job = await batch.getBatchJob(ref, signal ? { signal } : {});
      failing = undefined;
    } catch (error) {
      if (signal?.aborted || !isTransientPollFailure(error)) throw error;
      failing ??= { since: sent, polls: 0 };
      const now = Date.now();
      // Out of patience, or of time: the poll's own error says what went wrong (no job was seen to time out).
      if (now - failing.since >= maxPollFailureMs || now >= deadline) throw error;
      const delay = backoffMs(failing.polls++, { baseMs: minDelayMs, maxMs: maxDelayMs, floorMs: minDelayMs });
      await abortableSleep(Math.min(delay, deadline - now, failing.since + maxPollFailureMs - now), signal);
      continue;
    }
    if (!isKnownJobStatus(job.status)) throw unknownStatusError(ref, job.status);
    const print = fingerprint(job);
    if (print !== lastPrint) {
      lastPrint = print;
      options.onProgress?.(job);
    }
    if (JOB_STATUS_ENDS_JOB[job.status]) {
      if (options.throwOnFailure && job.status !== 'completed') throw new BatchJobFailedError(job);
      return job;
    }
    const now = Date.now();
    if (now >= deadline) throw new WaitTimeoutError(ref.job_id, now - started, job);
    // Never sleep past the deadline: the last poll happens just before it.
    await abortableSleep(Math.min(nextDelay(job, now), deadline - now), signal);
  }
}
