/**
 * soracom-batch: the runtime-agnostic core (fetch only, no Node built-ins). Node-only helpers live in
 * `soracom-batch/node`, the local emulator in `soracom-batch/testing`.
 */
export { createBatchClient, type BatchClient } from './client/create-batch-client.js';
export type { BatchClientOptions, Coverage, Lang } from './client/options.js';
export type {
  BatchOperationId,
  BatchOperationMethods,
  OperationArgs,
  OperationData,
  OperationParams,
} from './client/operation-types.js';
export type { ApiKeyCredentials, Credentials } from './auth/credentials.js';
export type { CallOptions } from './transport/call-options.js';
export { SoracomError } from './errors/soracom-error.js';
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
export { BatchValidationError } from './errors/validation-error.js';
export {
  isAuthenticationError,
  isBadRequestError,
  isBatchValidationError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isServerError,
  isSoracomApiError,
  isSoracomError,
} from './errors/guards.js';
export { batchOperations, batchServers } from '../generated/batch-operations.js';
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
export { SDK_VERSION } from './version.js';

// --- Authentication, transport, logging (issue 3) ---
export type {
  AuthKeyCredentials,
  LoginOptions,
  RootCredentials,
  SamUserCredentials,
} from './auth/credentials.js';
export { ConnectionError } from './errors/connection-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { AbortError } from './errors/abort-error.js';
export { isAbortError, isConnectionError, isTimeoutError } from './errors/guards.js';
export type { Logger } from './logging/logger.js';
export type { LogLevel } from './logging/log-level.js';
export { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './transport/retry-settings.js';

// --- Pagination (issue 4) ---
export type { Page, PageCallOptions, PagedCall } from './pagination/page.js';
export { isPaginationLoopError, PaginationLoopError } from './pagination/pagination-loop-error.js';
export type { OperationItem, PaginatedOperationId } from './client/operation-types.js';

// --- Task builders and job guards (issue 4) ---
export {
  batchLimits,
  isTaskAction,
  recognizeTaskAction,
  taskActions,
  tasks,
  type IpAddressMapEntryInput,
  type JobTasks,
  type PlainTask,
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
} from './tasks/index.js';

// --- Jobs: waiting, running at scale (issue 5) ---
export type { JobMethods } from './jobs/job-methods.js';
export { BatchJobFailedError, WaitTimeoutError } from './jobs/job-errors.js';
export { TERMINAL_JOB_STATUSES, WAIT_DEFAULTS, type JobRef, type JobStatus, type WaitOptions } from './jobs/wait-for-job.js';
export type { FailedTask, RunJobResult, RunnableTask, RunResult, RunTasksParams } from './jobs/run-tasks.js';
export type { RunProgress } from './jobs/run-progress.js';
export type { ChunkState, ChunkStatus, RunState } from './jobs/run-state.js';
export type { RetryFailedParams } from './jobs/failed-tasks.js';
export { isBatchJobFailedError, isWaitTimeoutError } from './jobs/job-guards.js';
