/**
 * The one guard, `isSoracomError(value, Class)`, for every public error class of soracom-batch and
 * soracom-batch/node (the type side: test/types/error-guards.test-d.ts). It reads each class's `kind`,
 * so every class must carry its own: one that inherited its parent's would be mistaken for the parent.
 */
import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import * as node from '../../src/node/index.js';

const { isSoracomError, SoracomError } = core;
type ErrorClass = typeof SoracomError;

const publicClasses: ErrorClass[] = [...Object.values(core), ...Object.values(node)].filter(
  (value): value is ErrorClass =>
    typeof value === 'function' && (value === SoracomError || value.prototype instanceof SoracomError),
);

/** What an error of `Class` carries: the kinds of its chain, as the constructor records them. */
function brandedAs(Class: ErrorClass): object {
  const chain: string[] = [];
  for (let proto = Class.prototype; proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    chain.push((proto.constructor as ErrorClass).kind);
  }
  return Object.assign(new Error('copy from another realm'), { [Symbol.for('soracom-batch.error')]: chain });
}

describe('isSoracomError for every public error class', () => {
  it('finds all 19 public classes, UnprocessableEntityError, ProfileError and AlreadyRunError included', () => {
    expect(publicClasses.map((c) => c.name).sort()).toEqual([
      'AbortError',
      'AlreadyRunError',
      'AuthenticationError',
      'BadRequestError',
      'BatchJobFailedError',
      'BatchValidationError',
      'ConnectionError',
      'NotFoundError',
      'PaginationLoopError',
      'PermissionDeniedError',
      'ProfileError',
      'RateLimitError',
      'ServerError',
      'SoracomApiError',
      'SoracomError',
      'TimeoutError',
      'UnexpectedResponseError',
      'UnprocessableEntityError',
      'WaitTimeoutError',
    ]);
  });

  it.each(publicClasses.map((c) => [c.name, c] as const))('%s has its own kind, its name', (name, Class) => {
    expect(Object.hasOwn(Class, 'kind')).toBe(true);
    expect(Class.kind).toBe(name);
  });

  it.each(publicClasses.map((c) => [c.name, c] as const))(
    '%s: recognised as itself and its ancestors, never as another class',
    (_, Class) => {
      const error = brandedAs(Class);
      for (const Other of publicClasses) {
        const related = Other === Class || Class.prototype instanceof Other;
        expect(isSoracomError(error, Other), `${Class.name} as ${Other.name}`).toBe(related);
      }
      expect(isSoracomError(error)).toBe(true);
    },
  );

  it('a 422 answer is an UnprocessableEntityError to the guard, and not a BadRequestError', () => {
    const error = new core.UnprocessableEntityError('POST /v1/batch_groups answered 422', {
      status: 422,
      code: undefined,
      serverMessage: 'Invalid request',
      method: 'POST',
      path: '/v1/batch_groups',
      requestId: undefined,
      attempts: 1,
      body: undefined,
      headers: {},
    });
    expect(isSoracomError(error, core.UnprocessableEntityError)).toBe(true);
    expect(isSoracomError(error, core.SoracomApiError)).toBe(true);
    expect(isSoracomError(error, core.BadRequestError)).toBe(false);
  });
});
