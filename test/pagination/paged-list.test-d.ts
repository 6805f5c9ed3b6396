import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiCall,
  type BatchGroup,
  type BatchTask,
  createBatchClient,
  type Page,
  type PagedCall,
} from '../../src/index.js';

const batch = createBatchClient();

describe('list operation types', () => {
  it('return a PagedCall of the item type', () => {
    expectTypeOf(batch.listBatchGroups()).toEqualTypeOf<PagedCall<BatchGroup>>();
    expectTypeOf(batch.listTasksOfBatchJob({ batch_group_id: 'g', job_id: 'j' })).toEqualTypeOf<PagedCall<BatchTask>>();
    expectTypeOf(batch.listBatchGroups().pages()).toEqualTypeOf<AsyncIterableIterator<Page<BatchGroup>>>();
    expectTypeOf(batch.listBatchGroups().toArray()).resolves.toEqualTypeOf<BatchGroup[]>();
  });

  it('take maxItems as a call option, not as a parameter', () => {
    batch.listBatchGroups({ limit: 100 }, { maxItems: 250 });
    // @ts-expect-error: maxItems is a call option (second argument)
    batch.listBatchGroups({ maxItems: 250 });
  });

  it('non-list operations return a promise of the data (an ApiCall)', () => {
    expectTypeOf(batch.getBatchGroup({ batch_group_id: 'g' })).toEqualTypeOf<ApiCall<BatchGroup>>();
    expectTypeOf(batch.getBatchGroup({ batch_group_id: 'g' })).toExtend<Promise<BatchGroup>>();
  });
});
