/**
 * soracom-batch: the runtime-agnostic core (fetch only, no Node built-ins). Node-only helpers live in
 * `soracom-batch/node`, the local emulator in `soracom-batch/testing`.
 *
 * @example
 * ```ts
 * import { createBatchClient, tasks } from 'soracom-batch';
 *
 * const batch = createBatchClient({ auth: { authKeyId: 'keyId-...', authKey: 'secret-...' } });
 * const group = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * const result = await batch.runTasks({
 *   batch_group_id: group.batchGroupId!,
 *   tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }),
 * });
 * console.log(result.ok, result.succeeded, result.failed);
 * ```
 * @module soracom-batch
 */

import type {
  components as BatchComponents,
  operations as BatchOperations,
  paths as BatchPaths,
  SchemaBatchGroupResponse,
  SchemaBatchJobResponse,
  SchemaBatchJobSummary,
  SchemaBatchTaskApiRequest,
  SchemaBatchTaskApiResponse,
  SchemaBatchTaskRequest,
  SchemaBatchTaskResponse,
  SchemaCreateBatchGroupRequest,
  SchemaCreateBatchJobRequest,
  SchemaUpdateBatchGroupRequest,
} from '../generated/batch.js';
import {
  batchOperations as generatedBatchOperations,
  batchServers as generatedBatchServers,
} from '../generated/batch-operations.js';

// --- The spec's types and tables (generated/, never edited by hand) ---
// They are wrapped here rather than re-exported as they are, so that each public name carries its own
// documentation: the generator's output must stay as openapi-typescript and scripts/generate.ts write it.

/**
 * The spec's `components` (schemas) as openapi-typescript generates them, for types this package does
 * not name itself.
 *
 * @example
 * ```ts
 * import type { components } from 'soracom-batch';
 *
 * type Summary = components['schemas']['BatchJobSummary'];
 * const empty: Summary = { pending: 0, success: 0, error: 0 };
 * ```
 * @category API types
 */
export type components = BatchComponents;

/**
 * The spec's `operations` as openapi-typescript generates them: parameters, request body and responses of
 * every Batch operation, keyed by operationId.
 *
 * @example
 * ```ts
 * import type { operations } from 'soracom-batch';
 *
 * type ListTasksQuery = operations['listTasksOfBatchJob']['parameters']['query'];
 * const query: ListTasksQuery = { status: 'error', limit: 100 };
 * ```
 * @category API types
 */
export type operations = BatchOperations;

/**
 * The spec's `paths` as openapi-typescript generates them: what `batch.raw` (an openapi-fetch client) is
 * typed with, and what to pass to openapi-fetch's `createClient` for a client of your own.
 *
 * @example
 * ```ts
 * import createClient from 'openapi-fetch';
 * import type { paths } from 'soracom-batch';
 *
 * const client = createClient<paths>({ baseUrl: 'https://api.soracom.io/v1', headers: { 'X-Soracom-API-Key': apiKey, 'X-Soracom-Token': token } });
 * const { data } = await client.GET('/batch_groups');
 * ```
 * @category API types
 */
export type paths = BatchPaths;

/**
 * A batch group as the API returns it (the spec's `BatchGroupResponse`).
 *
 * @example
 * ```ts
 * import type { BatchGroup } from 'soracom-batch';
 *
 * const group: BatchGroup = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * console.log(group.batchGroupId, group.batchGroupName);
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchGroup = SchemaBatchGroupResponse;

/**
 * A batch job as the API returns it (the spec's `BatchJobResponse`): its status and task counts.
 *
 * @example
 * ```ts
 * import type { BatchJob } from 'soracom-batch';
 *
 * const job: BatchJob = await batch.getBatchJob({ batch_group_id, job_id });
 * console.log(job.status, job.summary?.success, job.summary?.error);
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchJob = SchemaBatchJobResponse;

/**
 * The number of tasks of a job in each status (the spec's `BatchJobSummary`), updated while it runs.
 *
 * @example
 * ```ts
 * import type { BatchJobSummary } from 'soracom-batch';
 *
 * const job = await batch.getBatchJob({ batch_group_id, job_id });
 * const summary: BatchJobSummary | undefined = job.summary;
 * console.log(`${summary?.success ?? 0} succeeded, ${summary?.error ?? 0} failed`);
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchJobSummary = SchemaBatchJobSummary;

/**
 * The API request one task makes (the spec's `BatchTaskApiRequest`): path, method and body.
 *
 * @example
 * ```ts
 * import type { BatchTaskApiRequest } from 'soracom-batch';
 *
 * const request: BatchTaskApiRequest = { path: `/v1/sims/${simId}/activate`, method: 'POST', body: { sim_id: simId } };
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchTaskApiRequest = SchemaBatchTaskApiRequest;

/**
 * The answer one task got (the spec's `BatchTaskApiResponse`): status code and body.
 *
 * @example
 * ```ts
 * import type { BatchTaskApiResponse } from 'soracom-batch';
 *
 * for await (const task of batch.failedTasks({ batch_group_id, job_id })) {
 *   const response: BatchTaskApiResponse | undefined = task.response;
 *   console.log(response?.statusCode, response?.body);
 * }
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchTaskApiResponse = SchemaBatchTaskApiResponse;

/**
 * One task of a `createBatchJob` body as the spec describes it (`BatchTaskRequest`): `{ request }`.
 *
 * @example
 * ```ts
 * import type { BatchTaskRequest } from 'soracom-batch';
 *
 * const task: BatchTaskRequest = { request: { path: `/v1/sims/${simId}/suspend`, method: 'POST', body: { sim_id: simId } } };
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchTaskRequest = SchemaBatchTaskRequest;

/**
 * A task of a job as the API lists it (the spec's `BatchTaskResponse`): its request, answer and status.
 *
 * @example
 * ```ts
 * import type { BatchTask } from 'soracom-batch';
 *
 * const failed: BatchTask[] = await batch.listTasksOfBatchJob({ batch_group_id, job_id, status: 'error' }).toArray();
 * for (const task of failed) console.log(task.taskId, task.request?.path, task.response?.statusCode);
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchTask = SchemaBatchTaskResponse;

/**
 * The body of `createBatchGroup` (the spec's `CreateBatchGroupRequest`).
 *
 * @example
 * ```ts
 * import type { CreateBatchGroupRequest } from 'soracom-batch';
 *
 * const body: CreateBatchGroupRequest = { batchGroupName: 'Monthly SIM Tag Update', description: 'tags of July' };
 * await batch.createBatchGroup({ body });
 * ```
 * @category API types
 * @useDeclaredType
 */
export type CreateBatchGroupRequest = SchemaCreateBatchGroupRequest;

/**
 * The body of `createBatchJob` as the spec describes it (`CreateBatchJobRequest`); the client's own
 * parameter type is stricter, refusing built tasks of two actions in one job.
 *
 * @example
 * ```ts
 * import { type CreateBatchJobRequest, tasks } from 'soracom-batch';
 *
 * const body: CreateBatchJobRequest = { jobName: 'Activate', tasks: simIds.map((id) => tasks.activateSim(id)) };
 * const job = await batch.createBatchJob({ batch_group_id, body });
 * ```
 * @category API types
 * @useDeclaredType
 */
export type CreateBatchJobRequest = SchemaCreateBatchJobRequest;

/**
 * The body of `updateBatchGroup` (the spec's `UpdateBatchGroupRequest`).
 *
 * @example
 * ```ts
 * import type { UpdateBatchGroupRequest } from 'soracom-batch';
 *
 * const body: UpdateBatchGroupRequest = { description: 'SIM tags, every month' };
 * await batch.updateBatchGroup({ batch_group_id, body });
 * ```
 * @category API types
 * @useDeclaredType
 */
export type UpdateBatchGroupRequest = SchemaUpdateBatchGroupRequest;

/**
 * Every operation of the Batch spec (operationId, method, path, parameters, pagination), read from the spec
 * by the generator: the table the client builds its methods from.
 *
 * @example
 * ```ts
 * import { batchOperations } from 'soracom-batch';
 *
 * for (const op of Object.values(batchOperations)) console.log(op.method, op.path, op.operationId);
 * ```
 * @category API types
 */
export const batchOperations: typeof generatedBatchOperations = generatedBatchOperations;

/**
 * The API servers of the spec by coverage type: `jp` (Japan) and `g` (global).
 *
 * @example
 * ```ts
 * import { batchServers } from 'soracom-batch';
 *
 * console.log(batchServers.jp); // https://api.soracom.io/v1
 * ```
 * @category API types
 */
export const batchServers: typeof generatedBatchServers = generatedBatchServers;
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
