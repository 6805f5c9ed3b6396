/**
 * `batch.waitForJob({ batch_group_id, job_id }, options)`: poll a job until it is completed, failed
 * or aborted. Bounded (`maxWaitMs`, then `WaitTimeoutError` with the last job seen), abortable at any
 * moment (`signal`, also during the sleep between polls), and `onProgress` only when something changed.
 */
import type { components } from '../../generated/batch.js';
import { BatchValidationError } from '../errors/validation-error.js';
import { abortableSleep } from '../transport/abortable-sleep.js';
import type { CallOptions } from '../transport/call-options.js';
import { BatchJobFailedError, WaitTimeoutError } from './job-errors.js';
import { pollDelayMs } from './poll-delays.js';

export type BatchJob = components['schemas']['BatchJobResponse'];

/**
 * The status of a batch job: `pending`, `running`, then `completed`, `failed` or `aborted`.
 *
 * @example
 * ```ts
 * import type { JobStatus } from 'soracom-batch';
 *
 * const job = await batch.getBatchJob({ batch_group_id, job_id });
 * const status: JobStatus | undefined = job.status;
 * ```
 * @category Jobs
 * @useDeclaredType
 */
export type JobStatus = NonNullable<BatchJob['status']>;

/**
 * Which job: its batch group and its ID.
 *
 * @example
 * ```ts
 * import type { JobRef } from 'soracom-batch';
 *
 * const ref: JobRef = { batch_group_id, job_id };
 * const job = await batch.waitForJob(ref);
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
 * The statuses a job does not leave: `completed`, `failed` and `aborted`.
 *
 * @example
 * ```ts
 * import { TERMINAL_JOB_STATUSES } from 'soracom-batch';
 *
 * const job = await batch.getBatchJob({ batch_group_id, job_id });
 * const finished = job.status !== undefined && TERMINAL_JOB_STATUSES.includes(job.status);
 * ```
 * @category Jobs
 */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'aborted'];
export const isTerminal = (status: BatchJob['status']): boolean =>
  status !== undefined && TERMINAL_JOB_STATUSES.includes(status);

/**
 * How `waitForJob` polls: delays, time limit, cancellation, progress, and whether a failed job throws.
 *
 * @example
 * ```ts
 * import type { WaitOptions } from 'soracom-batch';
 *
 * const options: WaitOptions = { minDelayMs: 1_000, maxDelayMs: 10_000, maxWaitMs: 15 * 60_000, throwOnFailure: true };
 * const job = await batch.waitForJob({ batch_group_id, job_id }, options);
 * ```
 * @category Jobs
 */
export type WaitOptions = {
  /** First delay between polls and the floor of every delay. Default 2 s (AWS waiters' minDelay). */
  minDelayMs?: number;
  /** Ceiling of the delay between polls. Default 30 s: summaries update periodically and users watch progress. */
  maxDelayMs?: number;
  /** Give up (WaitTimeoutError) after this long. Default 1 hour; a job of 10,000 tasks usually finishes well within it. */
  maxWaitMs?: number;
  /** Stops waiting at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Called with the job on the first poll and whenever its status or summary changed. */
  onProgress?: (job: BatchJob) => void;
  /** Throw BatchJobFailedError when the job ends failed or aborted. Default false: resolve with it. */
  throwOnFailure?: boolean;
};

/**
 * The defaults of `waitForJob`'s polling: delays from 2 s up to 30 s, giving up after 1 hour.
 *
 * @example
 * ```ts
 * import { WAIT_DEFAULTS } from 'soracom-batch';
 *
 * // Twice as patient as the default.
 * await batch.waitForJob({ batch_group_id, job_id }, { maxWaitMs: 2 * WAIT_DEFAULTS.maxWaitMs });
 * ```
 * @category Jobs
 */
export const WAIT_DEFAULTS = /* @__PURE__ */ Object.freeze({
  /** First delay between polls, and the floor of every delay: 2 s. */
  minDelayMs: 2_000,
  /** Ceiling of the delay between polls: 30 s. */
  maxDelayMs: 30_000,
  /** How long to wait before `WaitTimeoutError`: 1 hour. */
  maxWaitMs: 3_600_000,
});

type GetJob = (ref: JobRef, options?: CallOptions) => Promise<BatchJob>;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new BatchValidationError(
      `waitForJob.options.${name}`,
      'must be a non-negative number of milliseconds',
      `waitForJob: options.${name} must be a non-negative number of milliseconds`,
    );
  }
  return value;
}

/** A change worth reporting: the status or any summary count. */
function fingerprint(job: BatchJob): string {
  const s = job.summary;
  return `${job.status}|${s?.pending}|${s?.success}|${s?.error}`;
}

export async function waitForJob(getJob: GetJob, ref: JobRef, options: WaitOptions = {}): Promise<BatchJob> {
  const minDelayMs = positive('minDelayMs', options.minDelayMs, WAIT_DEFAULTS.minDelayMs);
  const maxDelayMs = Math.max(minDelayMs, positive('maxDelayMs', options.maxDelayMs, WAIT_DEFAULTS.maxDelayMs));
  const maxWaitMs = positive('maxWaitMs', options.maxWaitMs, WAIT_DEFAULTS.maxWaitMs);
  const { signal } = options;
  const started = Date.now();
  const deadline = started + maxWaitMs;
  let last: BatchJob | undefined;
  let lastPrint = '';

  for (let poll = 0; ; poll++) {
    signal?.throwIfAborted();
    const job = await getJob(ref, signal ? { signal } : {});
    last = job;
    const print = fingerprint(job);
    if (print !== lastPrint) {
      lastPrint = print;
      options.onProgress?.(job);
    }
    if (isTerminal(job.status)) {
      if (options.throwOnFailure && job.status !== 'completed') throw new BatchJobFailedError(job);
      return job;
    }
    const now = Date.now();
    if (now >= deadline) throw new WaitTimeoutError(ref.job_id, now - started, last);
    // Never sleep past the deadline: the last poll happens just before it.
    await abortableSleep(Math.min(pollDelayMs(poll, { minDelayMs, maxDelayMs }), deadline - now), signal);
  }
}
