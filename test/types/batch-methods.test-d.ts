/**
 * The documented method interface the generator writes from the spec (generated/batch-methods.ts, by
 * scripts/lib/method-interface.ts) is exactly the client's mapped type (`BatchOperationMethods`, the
 * source of the signatures): a signature that drifts from it, in either direction, fails here.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { BatchMethods } from '../../generated/batch-methods.js';
import type { BatchOperationMethods } from '../../src/client/operation-types.js';
import type { BatchClient, BatchOperationId } from '../../src/index.js';

describe('BatchMethods (generated, documented)', () => {
  it('equals the mapped type of the operation methods', () => {
    expectTypeOf<BatchMethods>().toEqualTypeOf<BatchOperationMethods>();
  });

  it('has exactly one method per operationId', () => {
    expectTypeOf<keyof BatchMethods>().toEqualTypeOf<BatchOperationId>();
  });

  it('is what the client offers for each operation', () => {
    expectTypeOf<Pick<BatchClient, BatchOperationId>>().toEqualTypeOf<BatchOperationMethods>();
  });

  it('equals it member by member (a wrong optionality or result type fails)', () => {
    expectTypeOf<BatchMethods['listBatchGroups']>().toEqualTypeOf<BatchOperationMethods['listBatchGroups']>();
    expectTypeOf<BatchMethods['createBatchGroup']>().toEqualTypeOf<BatchOperationMethods['createBatchGroup']>();
    expectTypeOf<BatchMethods['getBatchGroup']>().toEqualTypeOf<BatchOperationMethods['getBatchGroup']>();
    expectTypeOf<BatchMethods['updateBatchGroup']>().toEqualTypeOf<BatchOperationMethods['updateBatchGroup']>();
    expectTypeOf<BatchMethods['deleteBatchGroup']>().toEqualTypeOf<BatchOperationMethods['deleteBatchGroup']>();
    expectTypeOf<BatchMethods['listBatchJobs']>().toEqualTypeOf<BatchOperationMethods['listBatchJobs']>();
    expectTypeOf<BatchMethods['createBatchJob']>().toEqualTypeOf<BatchOperationMethods['createBatchJob']>();
    expectTypeOf<BatchMethods['getBatchJob']>().toEqualTypeOf<BatchOperationMethods['getBatchJob']>();
    expectTypeOf<BatchMethods['listTasksOfBatchJob']>().toEqualTypeOf<BatchOperationMethods['listTasksOfBatchJob']>();
  });
});
