/**
 * soracom-batch: the runtime-agnostic core (fetch only, no Node built-ins). Node-only helpers live in
 * `soracom-batch/node`, the local emulator in `soracom-batch/testing`.
 */

export type {
  components,
  operations,
  paths,
  SchemaBatchGroupResponse as BatchGroup,
  SchemaBatchJobResponse as BatchJob,
  SchemaBatchJobSummary as BatchJobSummary,
  SchemaBatchTaskApiRequest as BatchTaskApiRequest,
  SchemaBatchTaskApiResponse as BatchTaskApiResponse,
  SchemaBatchTaskRequest as BatchTaskRequest,
  SchemaBatchTaskResponse as BatchTask,
  SchemaCreateBatchGroupRequest as CreateBatchGroupRequest,
  SchemaCreateBatchJobRequest as CreateBatchJobRequest,
  SchemaUpdateBatchGroupRequest as UpdateBatchGroupRequest,
} from '../generated/batch.js';
export { batchOperations, batchServers } from '../generated/batch-operations.js';
// --- Authentication, transport, logging (issue 3) ---
export type {
  ApiKeyCredentials,
  AuthKeyCredentials,
  Credentials,
  LoginOptions,
  RootCredentials,
  SamUserCredentials,
} from './auth/credentials.js';
export { type BatchClient, createBatchClient } from './client/create-batch-client.js';
export type {
  BatchOperationId,
  BatchOperationMethods,
  OperationArgs,
  OperationData,
  OperationItem,
  OperationParams,
  PaginatedOperationId,
} from './client/operation-types.js';
export type { BatchClientOptions, Coverage, Lang } from './client/options.js';
export { AbortError } from './errors/abort-error.js';
export {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SoracomApiError,
  UnprocessableEntityError,
} from './errors/api-errors.js';
export { ConnectionError } from './errors/connection-error.js';
export {
  isAbortError,
  isAuthenticationError,
  isBadRequestError,
  isBatchValidationError,
  isConnectionError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isServerError,
  isSoracomApiError,
  isSoracomError,
  isTimeoutError,
} from './errors/guards.js';
export { SoracomError } from './errors/soracom-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { BatchValidationError } from './errors/validation-error.js';
export type { RetryFailedParams } from './jobs/failed-tasks.js';
export { BatchJobFailedError, WaitTimeoutError } from './jobs/job-errors.js';
export { isBatchJobFailedError, isWaitTimeoutError } from './jobs/job-guards.js';
// --- Jobs: waiting, running at scale (issue 5) ---
export type { JobMethods } from './jobs/job-methods.js';
export type { RunProgress } from './jobs/run-progress.js';
export type { ChunkState, ChunkStatus, RunState } from './jobs/run-state.js';
export type { FailedTask, RunJobResult, RunnableTask, RunResult, RunTasksParams } from './jobs/run-tasks.js';
export {
  type JobRef,
  type JobStatus,
  TERMINAL_JOB_STATUSES,
  WAIT_DEFAULTS,
  type WaitOptions,
} from './jobs/wait-for-job.js';
export type { LogLevel } from './logging/log-level.js';
export type { Logger } from './logging/logger.js';
// --- Pagination (issue 4) ---
export type { Page, PageCallOptions, PagedCall } from './pagination/page.js';
export { isPaginationLoopError, PaginationLoopError } from './pagination/pagination-loop-error.js';
// --- Task builders and job guards (issue 4) ---
export {
  batchLimits,
  type IpAddressMapEntryInput,
  isTaskAction,
  type JobTasks,
  type PlainTask,
  recognizeTaskAction,
  type SharedArgs,
  type SimAction,
  type TagsInput,
  type TagUpdate,
  type Task,
  type TaskAction,
  type TaskBody,
  type TaskList,
  type TaskMethod,
  type TaskPath,
  type TaskRequest,
  taskActions,
  tasks,
} from './tasks/index.js';
export type { CallOptions } from './transport/call-options.js';
export { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './transport/retry-settings.js';
export { SDK_VERSION } from './version.js';
