/**
 * One guard for every public error class: `isSoracomError(value, Class)` narrows `unknown` to that class,
 * for each class the entries export (soracom-batch and soracom-batch/node). The table is keyed by the
 * exported class names, so a new public error class without its check here does not compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as core from '../../src/index.js';
import {
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
} from '../../src/index.js';
import type * as node from '../../src/node/index.js';
import { ProfileError } from '../../src/node/index.js';

/** The exported names of a module whose value is an error class of this package. */
type ErrorClassNames<M> = {
  [K in keyof M]: M[K] extends abstract new (...args: never[]) => SoracomError ? K : never;
}[keyof M];
type PublicErrorClass = ErrorClassNames<typeof core> | ErrorClassNames<typeof node>;

declare const value: unknown;

/** What `isSoracomError(value, Class)` narrows `value` to, for each public class. */
const narrowed = {
  SoracomError: () => (isSoracomError(value, SoracomError) ? value : undefined),
  SoracomApiError: () => (isSoracomError(value, SoracomApiError) ? value : undefined),
  BadRequestError: () => (isSoracomError(value, BadRequestError) ? value : undefined),
  AuthenticationError: () => (isSoracomError(value, AuthenticationError) ? value : undefined),
  PermissionDeniedError: () => (isSoracomError(value, PermissionDeniedError) ? value : undefined),
  NotFoundError: () => (isSoracomError(value, NotFoundError) ? value : undefined),
  UnprocessableEntityError: () => (isSoracomError(value, UnprocessableEntityError) ? value : undefined),
  RateLimitError: () => (isSoracomError(value, RateLimitError) ? value : undefined),
  ServerError: () => (isSoracomError(value, ServerError) ? value : undefined),
  ConnectionError: () => (isSoracomError(value, ConnectionError) ? value : undefined),
  TimeoutError: () => (isSoracomError(value, TimeoutError) ? value : undefined),
  AbortError: () => (isSoracomError(value, AbortError) ? value : undefined),
  BatchValidationError: () => (isSoracomError(value, BatchValidationError) ? value : undefined),
  PaginationLoopError: () => (isSoracomError(value, PaginationLoopError) ? value : undefined),
  UnexpectedResponseError: () => (isSoracomError(value, UnexpectedResponseError) ? value : undefined),
  WaitTimeoutError: () => (isSoracomError(value, WaitTimeoutError) ? value : undefined),
  BatchJobFailedError: () => (isSoracomError(value, BatchJobFailedError) ? value : undefined),
  AlreadyRunError: () => (isSoracomError(value, AlreadyRunError) ? value : undefined),
  ProfileError: () => (isSoracomError(value, ProfileError) ? value : undefined),
} satisfies Record<PublicErrorClass, () => unknown>;

type Narrowed<K extends PublicErrorClass> = NonNullable<ReturnType<(typeof narrowed)[K]>>;

describe('isSoracomError narrows to each public error class', () => {
  it('has a check for exactly the exported error classes', () => {
    expectTypeOf<keyof typeof narrowed>().toEqualTypeOf<PublicErrorClass>();
    // The walk over the exports does see the classes (and only them: a guard or a type is not one).
    expectTypeOf<'UnprocessableEntityError' | 'ProfileError'>().toExtend<PublicErrorClass>();
    expectTypeOf<'isSoracomError'>().not.toExtend<PublicErrorClass>();
  });

  it('narrows unknown to the instance type of the class given', () => {
    expectTypeOf<Narrowed<'SoracomError'>>().toEqualTypeOf<SoracomError>();
    expectTypeOf<Narrowed<'SoracomApiError'>>().toEqualTypeOf<SoracomApiError>();
    expectTypeOf<Narrowed<'BadRequestError'>>().toEqualTypeOf<BadRequestError>();
    expectTypeOf<Narrowed<'AuthenticationError'>>().toEqualTypeOf<AuthenticationError>();
    expectTypeOf<Narrowed<'PermissionDeniedError'>>().toEqualTypeOf<PermissionDeniedError>();
    expectTypeOf<Narrowed<'NotFoundError'>>().toEqualTypeOf<NotFoundError>();
    expectTypeOf<Narrowed<'UnprocessableEntityError'>>().toEqualTypeOf<UnprocessableEntityError>();
    expectTypeOf<Narrowed<'RateLimitError'>>().toEqualTypeOf<RateLimitError>();
    expectTypeOf<Narrowed<'ServerError'>>().toEqualTypeOf<ServerError>();
    expectTypeOf<Narrowed<'ConnectionError'>>().toEqualTypeOf<ConnectionError>();
    expectTypeOf<Narrowed<'TimeoutError'>>().toEqualTypeOf<TimeoutError>();
    expectTypeOf<Narrowed<'AbortError'>>().toEqualTypeOf<AbortError>();
    expectTypeOf<Narrowed<'BatchValidationError'>>().toEqualTypeOf<BatchValidationError>();
    expectTypeOf<Narrowed<'PaginationLoopError'>>().toEqualTypeOf<PaginationLoopError>();
    expectTypeOf<Narrowed<'UnexpectedResponseError'>>().toEqualTypeOf<UnexpectedResponseError>();
    expectTypeOf<Narrowed<'WaitTimeoutError'>>().toEqualTypeOf<WaitTimeoutError>();
    expectTypeOf<Narrowed<'BatchJobFailedError'>>().toEqualTypeOf<BatchJobFailedError>();
    expectTypeOf<Narrowed<'ProfileError'>>().toEqualTypeOf<ProfileError>();
  });

  it("gives the class's own fields once narrowed, and none before", () => {
    if (isSoracomError(value, UnprocessableEntityError)) expectTypeOf(value.status).toEqualTypeOf<number>();
    if (isSoracomError(value, BatchValidationError)) expectTypeOf(value.argument).toEqualTypeOf<string>();
    if (isSoracomError(value, WaitTimeoutError)) expectTypeOf(value.lastJob).toEqualTypeOf<core.BatchJob>();
    if (isSoracomError(value, ProfileError)) expectTypeOf(value.file).toEqualTypeOf<string>();
    if (isSoracomError(value)) {
      expectTypeOf(value).toEqualTypeOf<SoracomError>();
      // @ts-expect-error a SoracomError in general has no status
      void value.status;
    }
    // @ts-expect-error a guard takes an error class of this package, not any class
    isSoracomError(value, Error);
  });
});
