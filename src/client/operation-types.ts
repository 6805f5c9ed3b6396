/**
 * Types of the per-operation methods, derived from openapi-typescript's `operations`: the first
 * argument holds the spec's path and query parameters under their spec names plus `body`, the
 * method resolves to the 2xx JSON body (`undefined` for 204).
 */

import type { operations } from '../../generated/batch.js';
import type { batchOperations } from '../../generated/batch-operations.js';
import type { PageCallOptions, PagedCall } from '../pagination/page.js';
import type { CallOptions } from '../transport/call-options.js';
import type { ParamOverrides } from './param-overrides.js';

export type BatchOperationId = keyof operations;

/** The empty object type, as an identity for intersections (`{}` reads as "any non-nullish value"). */
type Empty = Record<never, never>;
type Simplify<T> = { [K in keyof T]: T[K] } & Empty;
type IsNever<T> = [T] extends [never] ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

type PathParams<O> = O extends { parameters: { path?: infer P } }
  ? IsNever<NonNullable<P>> extends true
    ? Empty
    : NonNullable<P>
  : Empty;

type QueryParams<O> = O extends { parameters: { query?: infer Q } }
  ? IsNever<NonNullable<Q>> extends true
    ? Empty
    : NonNullable<Q>
  : Empty;

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

type BodyParam<O> = O extends { requestBody: infer R }
  ? IsNever<JsonBody<R>> extends true
    ? Empty
    : { body: JsonBody<R> }
  : O extends { requestBody?: infer R }
    ? IsNever<JsonBody<NonNullable<R>>> extends true
      ? Empty
      : { body?: JsonBody<NonNullable<R>> }
    : Empty;

type SuccessCode = 200 | 201 | 202 | 203 | 204 | 206;

/** The JSON body of an operation's 2xx answer, or `undefined` for one without content (204). */
export type OperationData<K extends BatchOperationId> = {
  [S in keyof operations[K]['responses'] & SuccessCode]: operations[K]['responses'][S] extends {
    content: { 'application/json': infer D };
  }
    ? D
    : undefined;
}[keyof operations[K]['responses'] & SuccessCode];

/** The first argument of an operation's method, as the spec describes it. */
export type SpecOperationParams<K extends BatchOperationId> = Simplify<
  PathParams<operations[K]> & QueryParams<operations[K]> & BodyParam<operations[K]>
>;

/** The first argument of an operation's method: the spec's, or a stricter override (param-overrides.ts). */
export type OperationParams<K extends BatchOperationId> = K extends keyof ParamOverrides
  ? ParamOverrides[K]
  : SpecOperationParams<K>;

/** Optional when every parameter is optional (e.g. `listBatchGroups()`), required otherwise. */
export type OperationArgs<K extends BatchOperationId, Options = CallOptions> =
  IsNever<RequiredKeys<OperationParams<K>>> extends true
    ? [params?: OperationParams<K>, options?: Options]
    : [params: OperationParams<K>, options?: Options];

/** The operations the spec marks as paginated (`x-soracom-cli-pagination`), read from the generated table. */
export type PaginatedOperationId = {
  [K in BatchOperationId]: (typeof batchOperations)[K]['pagination'] extends null ? never : K;
}[BatchOperationId];

/** The element type of a list operation's JSON array. */
export type OperationItem<K extends BatchOperationId> = OperationData<K> extends Array<infer T> ? T : never;

export type OperationMethod<K extends BatchOperationId> = K extends PaginatedOperationId
  ? (...args: OperationArgs<K, PageCallOptions>) => PagedCall<OperationItem<K>>
  : (...args: OperationArgs<K>) => Promise<OperationData<K>>;

/** One method per operationId. */
export type BatchOperationMethods = { [K in BatchOperationId]: OperationMethod<K> };
