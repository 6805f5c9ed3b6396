/**
 * Types of the per-operation methods, derived from openapi-typescript's `operations`: the first
 * argument holds the spec's path and query parameters under their spec names plus `body`, the
 * method resolves to the 2xx JSON body (`undefined` for 204).
 */

import type {
  components as SpecComponents,
  operations as SpecOperations,
  paths as SpecPaths,
} from '../../generated/batch.js';
import type { batchOperations } from '../../generated/batch-operations.js';
import type { PageCallOptions, PagedCall } from '../pagination/pagination.js';
import type { JobTasks } from '../tasks/types.js';
import type { CallOptions } from '../transport/transport.js';

// The types the documented method interface (generated/batch-methods.ts) is written with, from one place.
export type { CallOptions, PageCallOptions, PagedCall };

// --- The spec's types, wrapped so that each public name carries its own documentation (the generator's
// output stays as openapi-typescript and scripts/generate.ts write it) ---

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
export type components = SpecComponents;

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
export type operations = SpecOperations;

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
export type paths = SpecPaths;

// --- The spec's main schemas under the names users write (the job helpers use them too) ---

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
export type BatchGroup = components['schemas']['BatchGroupResponse'];

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
export type BatchJob = components['schemas']['BatchJobResponse'];

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
export type BatchJobSummary = components['schemas']['BatchJobSummary'];

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
export type BatchTask = components['schemas']['BatchTaskResponse'];

/**
 * A successful answer in full: the parsed body, the HTTP response and the request ID the API answered
 * with (`X-Soracom-Request-Id`), e.g. for a support request or a rate-limit header.
 *
 * @example
 * ```ts
 * import type { ApiResponse, BatchGroup } from 'soracom-batch';
 *
 * const answer: ApiResponse<BatchGroup> = await batch.getBatchGroup({ batch_group_id }).withResponse();
 * console.log(answer.requestId, answer.response.headers.get('x-soracom-ratelimit-remaining'), answer.data.batchGroupName);
 * ```
 * @category Operations
 */
export type ApiResponse<T> = {
  /** The parsed 2xx body (`undefined` for 204). */
  data: T;
  /** The HTTP response; its body has been read. */
  response: Response;
  /** The request ID the API answered with (`X-Soracom-Request-Id`), when it sent one. */
  requestId: string | undefined;
};

/**
 * What an operation method returns (all but the list operations): a promise of the parsed body, which
 * can also hand over the whole answer with `.withResponse()`. One request either way.
 *
 * @example
 * ```ts
 * import type { ApiCall, BatchJob } from 'soracom-batch';
 *
 * const call: ApiCall<BatchJob> = batch.getBatchJob({ batch_group_id, job_id });
 * const { data: job, requestId } = await call.withResponse();
 * console.log(job.status, requestId);
 * ```
 * @category Operations
 */
export interface ApiCall<T> extends Promise<T> {
  /**
   * The whole answer instead of only its body: `{ data, response, requestId }`. A failure rejects this
   * promise (and no longer the call's own, so it is not reported as unhandled twice).
   *
   * @example
   * ```ts
   * const { data, requestId } = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } }).withResponse();
   * console.log(`created ${data.batchGroupId} (request ${requestId})`);
   * ```
   */
  withResponse(): Promise<ApiResponse<T>>;
}

/**
 * The operationId of every Batch operation, which is also the name of its method on the client.
 *
 * @example
 * ```ts
 * import type { BatchOperationId, BatchClient } from 'soracom-batch';
 *
 * const id: BatchOperationId = 'getBatchGroup';
 * const method: BatchClient[typeof id] = batch[id];
 * ```
 * @category Operations
 * @useDeclaredType
 */
export type BatchOperationId = keyof operations;

/** The empty object type, as an identity for intersections (`{}` reads as "any non-nullish value"). */
type Empty = Record<never, never>;
type Simplify<T> = { [K in keyof T]: T[K] } & Empty;
type IsNever<T> = [T] extends [never] ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
type OptionalKeys<T> = { [K in keyof T]-?: Empty extends Pick<T, K> ? K : never }[keyof T];

/**
 * `T` with every optional property also taking an explicit `undefined`, so that code compiled with
 * `exactOptionalPropertyTypes` can pass `{ limit: maybeLimit }` (test/types/exact-optional-inputs.test.ts).
 * The methods treat an `undefined` value as absent.
 */
type AcceptUndefined<T> = { [K in Exclude<keyof T, OptionalKeys<T>>]: T[K] } & {
  [K in OptionalKeys<T>]?: T[K] | undefined;
};

type PathParams<O> = O extends { parameters: { path?: infer P } }
  ? IsNever<NonNullable<P>> extends true
    ? Empty
    : NonNullable<P>
  : Empty;

type QueryParams<O> = O extends { parameters: { query?: infer Q } }
  ? IsNever<NonNullable<Q>> extends true
    ? Empty
    : AcceptUndefined<NonNullable<Q>>
  : Empty;

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

type BodyParam<O> = O extends { requestBody: infer R }
  ? IsNever<JsonBody<R>> extends true
    ? Empty
    : { body: AcceptUndefined<JsonBody<R>> }
  : O extends { requestBody?: infer R }
    ? IsNever<JsonBody<NonNullable<R>>> extends true
      ? Empty
      : { body?: AcceptUndefined<JsonBody<NonNullable<R>>> | undefined }
    : Empty;

/**
 * The JSON body of an operation's 2xx answer, or `undefined` for one without content (204).
 *
 * @example
 * ```ts
 * import type { OperationData } from 'soracom-batch';
 *
 * const job: OperationData<'getBatchJob'> = await batch.getBatchJob({ batch_group_id, job_id });
 * const nothing: OperationData<'deleteBatchGroup'> = await batch.deleteBatchGroup({ batch_group_id }); // undefined
 * ```
 * @category Operations
 */
export type OperationData<K extends BatchOperationId> = {
  // The success statuses, written out: a name for them would show in the API report as a helper type.
  [S in keyof operations[K]['responses'] & (200 | 201 | 202 | 203 | 204 | 206)]: operations[K]['responses'][S] extends {
    content: { 'application/json': infer D };
  }
    ? D
    : undefined;
}[keyof operations[K]['responses'] & (200 | 201 | 202 | 203 | 204 | 206)];

/** The first argument of an operation's method, as the spec describes it. */
export type SpecOperationParams<K extends BatchOperationId> = Simplify<
  PathParams<operations[K]> & QueryParams<operations[K]> & BodyParam<operations[K]>
>;

/**
 * Parameter types that are stricter than what openapi-typescript derives from the spec, keyed by
 * operationId (e.g. a createBatchJob body whose tasks all call the same action). An operation not
 * listed here takes the generated types as they are.
 */

export type ParamOverrides = {
  /**
   * `body.tasks` may not mix tasks built for two different actions (the API runs one action per job
   * and answers 400 otherwise). Plain `{ request }` objects, which carry no action the compiler can
   * see, are accepted as before and checked at run time by the job guard (client/operations.ts).
   */
  createBatchJob: Omit<SpecOperationParams<'createBatchJob'>, 'body'> & {
    body: AcceptUndefined<Omit<components['schemas']['CreateBatchJobRequest'], 'tasks'>> & { tasks: JobTasks };
  };
};

/**
 * The first argument of an operation's method: the spec's, or a stricter override (`ParamOverrides`).
 *
 * Path and query parameters keep their spec names (`batch_group_id`, `last_evaluated_key`), beside `body`.
 *
 * @example
 * ```ts
 * import type { OperationParams } from 'soracom-batch';
 *
 * const params: OperationParams<'listTasksOfBatchJob'> = { batch_group_id, job_id, status: 'error', limit: 100 };
 * const failed = await batch.listTasksOfBatchJob(params).toArray();
 * ```
 * @category Operations
 */
export type OperationParams<K extends BatchOperationId> = K extends keyof ParamOverrides
  ? ParamOverrides[K]
  : SpecOperationParams<K>;

/**
 * The argument list of an operation's method: parameters, then call options; the parameters are
 * optional when every parameter is optional (e.g. `listBatchGroups()`), required otherwise. Internal:
 * users write `OperationParams` and `CallOptions`.
 */
export type OperationArgs<K extends BatchOperationId, Options = CallOptions> =
  IsNever<RequiredKeys<OperationParams<K>>> extends true
    ? [params?: OperationParams<K>, options?: Options]
    : [params: OperationParams<K>, options?: Options];

/**
 * The operations the spec marks as paginated (`x-soracom-cli-pagination`), read from the generated table.
 * Their methods return a {@link PagedCall}. Internal: it picks each method's type.
 */
export type PaginatedOperationId = {
  [K in BatchOperationId]: (typeof batchOperations)[K]['pagination'] extends null ? never : K;
}[BatchOperationId];

/**
 * The element type of a list operation's JSON array.
 *
 * @example
 * ```ts
 * import type { OperationItem } from 'soracom-batch';
 *
 * function describeTask(task: OperationItem<'listTasksOfBatchJob'>): string {
 *   return `${task.taskId} ${task.status} ${task.response?.statusCode ?? ''}`;
 * }
 * ```
 * @category Operations
 */
export type OperationItem<K extends BatchOperationId> = OperationData<K> extends Array<infer T> ? T : never;

export type OperationMethod<K extends BatchOperationId> = K extends PaginatedOperationId
  ? (...args: OperationArgs<K, PageCallOptions>) => PagedCall<OperationItem<K>>
  : (...args: OperationArgs<K>) => ApiCall<OperationData<K>>;

/**
 * One method per operationId: `listBatchGroups`, `createBatchGroup`, `getBatchGroup`,
 * `updateBatchGroup`, `deleteBatchGroup`, `listBatchJobs`, `createBatchJob`, `getBatchJob` and
 * `listTasksOfBatchJob`.
 *
 * Each takes {@link OperationParams} and optional {@link CallOptions}, and returns an {@link ApiCall}
 * that resolves to {@link OperationData} (`.withResponse()` adds the response); the paginated ones ({@link PaginatedOperationId}) return a {@link PagedCall}
 * instead, which also takes `maxItems`.
 *
 * @example
 * ```ts
 * const group = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * await batch.updateBatchGroup({ batch_group_id: group.batchGroupId, body: { description: 'every month' } });
 * for await (const job of batch.listBatchJobs({ batch_group_id: group.batchGroupId })) console.log(job.status);
 * await batch.deleteBatchGroup({ batch_group_id: group.batchGroupId }, { signal: AbortSignal.timeout(10_000) });
 * ```
 * @category Operations
 */
export type BatchOperationMethods = { [K in BatchOperationId]: OperationMethod<K> };
