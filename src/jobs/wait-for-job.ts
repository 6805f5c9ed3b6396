/**
 * `batch.waitForJob({ batch_group_id, job_id }, options)`: poll a job until it is completed, failed or
 * aborted. Bounded (`maxWaitMs`, then `WaitTimeoutError` with the last job seen), abortable at any
 * moment (`signal`, also during the sleep between polls), and `onProgress` only when something changed.
 * The first poll is immediate; the delays follow the SDK's one backoff curve (transport/retry.ts).
 */
import type { components } from '../../generated/batch.js';
import {
  BatchJobFailedError,
  BatchValidationError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from '../errors/errors.js';
import { backoffMs } from '../transport/retry.js';
import { abortableSleep } from '../transport/signals.js';
import type { CallOptions } from '../transport/transport.js';

export type BatchJob = components['schemas']['BatchJobResponse'];

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
  /** First delay between polls and the floor of every delay. Default 2 s (AWS SDK waiters' minDelay). */
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

/** The defaults of `waitForJob`'s polling: delays from 2 s up to 30 s, giving up after 1 hour. */
export const WAIT_DEFAULTS = Object.freeze({ minDelayMs: 2_000, maxDelayMs: 30_000, maxWaitMs: 3_600_000 });

export type GetJob = (ref: JobRef, options?: CallOptions) => Promise<BatchJob>;

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

export async function waitForJob(getJob: GetJob, ref: JobRef, options: WaitOptions = {}): Promise<BatchJob> {
  const minDelayMs = checkDelayOption('waitForJob.options.minDelayMs', options.minDelayMs, WAIT_DEFAULTS.minDelayMs);
  const maxDelayMs = Math.max(
    minDelayMs,
    checkDelayOption('waitForJob.options.maxDelayMs', options.maxDelayMs, WAIT_DEFAULTS.maxDelayMs),
  );
  const maxWaitMs = checkDelayOption('waitForJob.options.maxWaitMs', options.maxWaitMs, WAIT_DEFAULTS.maxWaitMs);
  const { signal } = options;
  const started = Date.now();
  const deadline = started + maxWaitMs;
  let lastPrint = '';

  for (let poll = 0; ; poll++) {
    signal?.throwIfAborted();
    const job = await getJob(ref, signal ? { signal } : {});
    if (!isKnownJobStatus(job.status)) {
      // Polling on would wait for an end this version cannot recognise, and the job may well be over.
      throw new UnexpectedResponseError(
        `job ${ref.job_id}: the API returned status ${JSON.stringify(job.status)}, which this version of soracom-batch ` +
          `does not know (it knows ${Object.keys(JOB_STATUS_ENDS_JOB).join(', ')}); upgrade soracom-batch, or read the ` +
          'job with getBatchJob and decide yourself',
        { method: 'GET', path: `/batch_groups/${ref.batch_group_id}/jobs/${ref.job_id}`, status: 200 },
      );
    }
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
    const delay = backoffMs(poll, { baseMs: minDelayMs, maxMs: maxDelayMs, floorMs: minDelayMs });
    // Never sleep past the deadline: the last poll happens just before it.
    await abortableSleep(Math.min(delay, deadline - now), signal);
  }
}
