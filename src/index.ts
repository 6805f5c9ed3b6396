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

import type {
  components as BatchComponents,
  operations as BatchOperations,
  paths as BatchPaths,
  SchemaBatchGroupResponse,
  SchemaBatchJobResponse,
  SchemaBatchJobSummary,
  SchemaBatchTaskResponse,
} from '../generated/batch.js';

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
 * A task of a job as the API lists it (the spec's `BatchTaskResponse`): its request, answer and status.
 *
 * @example
 * ```ts
 * import type { BatchTask } from 'soracom-batch';
 *
 * const failed: BatchTask[] = await batch.listTasksOfBatchJob({ batch_group_id, job_id, status: 'error' }).toArray();
 * for (const task of failed) console.log(task.taskId, task.request.path, task.response?.statusCode);
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchTask = SchemaBatchTaskResponse;

// --- The client, its options and calls ---
export type { BatchMethods } from '../generated/batch-methods.js';
// --- Credentials and logging ---
export type {
  ApiKeyCredentials,
  AuthKeyCredentials,
  Credentials,
  RootCredentials,
  SamUserCredentials,
} from './auth/credentials.js';
export { type BatchClient, createBatchClient } from './client/client.js';
export type {
  ApiCall,
  ApiResponse,
  BatchOperationId,
  OperationData,
  OperationItem,
  OperationParams,
} from './client/operation-types.js';
export type { BatchClientOptions } from './client/options.js';
// --- Errors: one hierarchy, one guard ---
export {
  AbortError,
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
// --- Jobs: waiting and failed tasks (running at scale: soracom-batch/jobs) ---
export type { JobMethods } from './jobs/job-methods.js';
export type { JobRef, JobStatus, WaitOptions } from './jobs/wait-for-job.js';
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
