/**
 * soracom-batch: the runtime-agnostic core (fetch only, no Node built-ins). Node-only helpers live in
 * `soracom-batch/node`, the local emulator in `soracom-batch/testing`.
 *
 * This file is the public API and nothing else: every name here is a semver promise, listed in the
 * committed API report (api/soracom-batch.api.md) that a test compares with the build.
 *
 * @example
 * ```ts
 * import { createBatchClient, tasks } from 'soracom-batch';
 * import { runTasks } from 'soracom-batch/jobs';
 *
 * const batch = createBatchClient({ auth: { authKeyId: 'keyId-...', authKey: 'secret-...' } });
 * const group = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * const result = await runTasks(batch, {
 *   batch_group_id: group.batchGroupId,
 *   tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }),
 * });
 * console.log(result.ok, result.succeeded, result.failed);
 * ```
 * @module soracom-batch
 */

// --- The client, its options and calls ---
export type { BatchMethods } from '../generated/batch-methods.js';
// --- Credentials and logging ---
export type {
  ApiKeyCredentials,
  AuthKeyCredentials,
  Credentials,
  LoginOptions,
  RootCredentials,
  SamUserCredentials,
} from './auth/credentials.js';
export { type BatchClient, createBatchClient } from './client/client.js';
// --- The spec's types (generated/, never edited by hand), under documented names (client/operation-types.ts) ---
export type {
  ApiCall,
  ApiResponse,
  BatchGroup,
  BatchJob,
  BatchJobSummary,
  BatchOperationId,
  BatchTask,
  components,
  OperationData,
  OperationItem,
  OperationParams,
  operations,
  paths,
} from './client/operation-types.js';
export type { BatchClientOptions, Coverage, Lang } from './client/options.js';
// --- Errors: one hierarchy, one guard ---
export {
  AbortError,
  AlreadyRunError,
  AuthenticationError,
  BadRequestError,
  BatchJobFailedError,
  BatchValidationError,
  ConnectionError,
  isSoracomError,
  NotFoundError,
  PaginationLoopError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SoracomApiError,
  SoracomError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  WaitTimeoutError,
} from './errors/errors.js';
// --- Jobs: waiting and failed tasks, functions of the client (running at scale: soracom-batch/jobs) ---
export { failedTasks } from './jobs/failed-tasks.js';
export { type JobRef, type JobStatus, type WaitOptions, waitForJob } from './jobs/wait-for-job.js';
// --- Logging ---
export type { Logger, LogLevel } from './logging/logging.js';
// --- Pagination ---
export type { Page, PageCallOptions, PagedCall } from './pagination/pagination.js';
// --- Task builders ---
export type { TaskAction } from './tasks/actions.js';
export { type IpAddressMapEntryInput, type SimAction, tasks } from './tasks/builders.js';
export { batchLimits } from './tasks/job-body.js';
export type { TagsInput } from './tasks/rules.js';
export type { PlainTask, Task } from './tasks/types.js';
export type { CallOptions } from './transport/transport.js';
export { SDK_VERSION } from './version.js';
