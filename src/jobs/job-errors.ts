import type { components } from '../../generated/batch.js';
import { SoracomError } from '../errors/soracom-error.js';

type BatchJob = components['schemas']['BatchJobResponse'];

/**
 * `waitForJob` reached `maxWaitMs` before the job finished; `lastJob` is the last state seen.
 *
 * The job goes on running on the server: waiting again picks it up where it is.
 *
 * @example
 * ```ts
 * import { isWaitTimeoutError } from 'soracom-batch';
 *
 * try {
 *   await batch.waitForJob({ batch_group_id, job_id }, { maxWaitMs: 600_000 });
 * } catch (error) {
 *   if (!isWaitTimeoutError(error)) throw error;
 *   console.log(`still ${error.lastJob?.status} after ${error.waitedMs} ms`);
 * }
 * ```
 * @category Errors
 */
export class WaitTimeoutError extends SoracomError {
  static override readonly kind: string = 'WaitTimeoutError';
  /** The job as the last poll saw it (`undefined` when no poll answered). */
  readonly lastJob: BatchJob | undefined;
  /** How long `waitForJob` waited, in ms. */
  readonly waitedMs: number;

  constructor(jobId: string, waitedMs: number, lastJob: BatchJob | undefined) {
    const summary = lastJob?.summary ? ` (summary ${JSON.stringify(lastJob.summary)})` : '';
    super(
      `job ${jobId} was still ${lastJob?.status ?? 'unknown'}${summary} after waiting ${Math.round(waitedMs / 1000)} s ` +
        '(maxWaitMs); it goes on running on the server: wait again, or raise maxWaitMs',
    );
    this.lastJob = lastJob;
    this.waitedMs = waitedMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), waitedMs: this.waitedMs, lastJob: this.lastJob };
  }
}

/**
 * With `throwOnFailure`: the job ended `failed` (some tasks failed) or `aborted`.
 *
 * @example
 * ```ts
 * import { isBatchJobFailedError } from 'soracom-batch';
 *
 * try {
 *   await batch.waitForJob({ batch_group_id, job_id }, { throwOnFailure: true });
 * } catch (error) {
 *   if (!isBatchJobFailedError(error)) throw error;
 *   console.error(`${error.summary?.error ?? 0} tasks failed`, error.job.errorMessage ?? '');
 * }
 * ```
 * @category Errors
 */
export class BatchJobFailedError extends SoracomError {
  static override readonly kind: string = 'BatchJobFailedError';
  /** The job as it ended (`status` is `failed` or `aborted`). */
  readonly job: BatchJob;
  /** The job's task counts when it ended. */
  readonly summary: components['schemas']['BatchJobSummary'] | undefined;

  constructor(job: BatchJob) {
    const s = job.summary;
    super(
      `job ${job.jobId} ended ${job.status}` +
        (s ? `: ${s.success ?? 0} succeeded, ${s.error ?? 0} failed, ${s.pending ?? 0} not run` : '') +
        (job.errorMessage ? ` (${job.errorMessage})` : '') +
        '; list the failed tasks with batch.failedTasks({ batch_group_id, job_id })',
    );
    this.job = job;
    this.summary = s;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), job: this.job };
  }
}
