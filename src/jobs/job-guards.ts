/** Cross-realm guards for the job errors, built like those in src/errors/guards.ts. */
import { guard } from '../errors/guards.js';
import type { BatchJobFailedError, WaitTimeoutError } from './job-errors.js';

/**
 * Whether `value` is a {@link WaitTimeoutError}: `waitForJob` gave up before the job finished. Unlike
 * `instanceof`, it works across realms and duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isWaitTimeoutError } from 'soracom-batch';
 *
 * const ref = { batch_group_id, job_id };
 * const job = await batch.waitForJob(ref, { maxWaitMs: 60_000 }).catch(async (error: unknown) => {
 *   if (isWaitTimeoutError(error)) return batch.waitForJob(ref); // keep waiting, with the default limit
 *   throw error;
 * });
 * ```
 * @category Errors
 * @function
 */
export const isWaitTimeoutError = /* @__PURE__ */ guard<WaitTimeoutError>('WaitTimeoutError');
/**
 * Whether `value` is a {@link BatchJobFailedError}: a job waited for with `throwOnFailure` ended failed or
 * aborted. Unlike `instanceof`, it works across realms and duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isBatchJobFailedError } from 'soracom-batch';
 *
 * try {
 *   await batch.waitForJob({ batch_group_id, job_id }, { throwOnFailure: true });
 * } catch (error) {
 *   if (isBatchJobFailedError(error)) console.error(error.message);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isBatchJobFailedError = /* @__PURE__ */ guard<BatchJobFailedError>('BatchJobFailedError');
