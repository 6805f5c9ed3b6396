/**
 * Limits of the Batch API that the SDK checks before sending. The lengths are the `maxLength` of the
 * spec's schemas (CreateBatchJobRequest, CreateBatchGroupRequest, UpdateBatchGroupRequest); the task
 * count is stated in the createBatchJob description ("a maximum of 10,000 tasks"). They are kept here
 * because the core reads no files at run time; test/tasks/job-limits.test.ts fails when the spec
 * says otherwise.
 *
 * @example
 * ```ts
 * import { batchLimits } from 'soracom-batch';
 *
 * const jobsNeeded = Math.ceil(simIds.length / batchLimits.maxTasksPerJob);
 * const jobName = 'A long job name '.repeat(10).slice(0, batchLimits.maxJobNameLength);
 * ```
 * @category Tasks
 */
export const batchLimits = /* @__PURE__ */ Object.freeze({
  /** Tasks per job (createBatchJob description). */
  maxTasksPerJob: 10_000,
  /** `CreateBatchJobRequest.jobName.maxLength`. */
  maxJobNameLength: 100,
  /** `CreateBatchJobRequest.description.maxLength`. */
  maxJobDescriptionLength: 500,
  /** `CreateBatchGroupRequest` / `UpdateBatchGroupRequest` `batchGroupName.maxLength`. */
  maxGroupNameLength: 100,
  /** `CreateBatchGroupRequest` / `UpdateBatchGroupRequest` `description.maxLength`. */
  maxGroupDescriptionLength: 500,
});
