/** Compile-time contract of the client: parameter names, bodies and results come from the spec. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiResponse,
  type BatchGroup,
  type BatchJob,
  type BatchTask,
  createBatchClient,
  type Page,
} from '../../src/index.js';

const batch = createBatchClient({ auth: { apiKey: 'k', token: 't' } });

describe('operation methods', () => {
  it('take the spec parameter names and resolve to the typed response data', () => {
    expectTypeOf(batch.getBatchJob({ batch_group_id: 'g', job_id: 'j' })).resolves.toEqualTypeOf<BatchJob>();
    expectTypeOf(batch.createBatchGroup({ body: { batchGroupName: 'x' } })).resolves.toEqualTypeOf<BatchGroup>();
    expectTypeOf(batch.listBatchGroups()).resolves.toEqualTypeOf<BatchGroup[]>();
    expectTypeOf(
      batch.listTasksOfBatchJob({ batch_group_id: 'g', job_id: 'j', status: 'error', limit: 5 }),
    ).resolves.toEqualTypeOf<BatchTask[]>();
    expectTypeOf(batch.deleteBatchGroup({ batch_group_id: 'g' })).resolves.toEqualTypeOf<undefined>();
  });

  it('hand over the whole answer with withResponse(): data, response and request ID', () => {
    expectTypeOf(batch.getBatchGroup({ batch_group_id: 'g' }).withResponse()).resolves.toEqualTypeOf<
      ApiResponse<BatchGroup>
    >();
    expectTypeOf<ApiResponse<BatchJob>['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiResponse<BatchJob>['response']>().toEqualTypeOf<Response>();
    expectTypeOf(batch.deleteBatchGroup({ batch_group_id: 'g' }).withResponse()).resolves.toEqualTypeOf<
      ApiResponse<undefined>
    >();
    expectTypeOf<Page<BatchTask>['requestId']>().toEqualTypeOf<string | undefined>();
    // A list call has pages, not withResponse(): each page carries its response and request ID.
    // @ts-expect-error: use .firstPage() or .pages()
    void batch.listBatchGroups().withResponse();
  });

  it('accept call options as the second argument', () => {
    expectTypeOf(batch.getBatchGroup).parameter(1).toEqualTypeOf<Parameters<typeof batch.getBatchGroup>[1]>();
    batch.getBatchGroup({ batch_group_id: 'g' }, { signal: AbortSignal.timeout(1000) });
  });

  it('refuse wrong parameter names, missing path parameters and unknown body fields', () => {
    // @ts-expect-error: the spec calls it batch_group_id
    batch.getBatchGroup({ batchGroupId: 'g' });
    // @ts-expect-error: job_id is required
    batch.getBatchJob({ batch_group_id: 'g' });
    // @ts-expect-error: getBatchGroup needs its path parameter
    batch.getBatchGroup();
    // @ts-expect-error: batchGroupName is required by CreateBatchGroupRequest
    batch.createBatchGroup({ body: { description: 'no name' } });
    // @ts-expect-error: CreateBatchGroupRequest has no field `name`
    batch.createBatchGroup({ body: { batchGroupName: 'x', name: 'x' } });
    // @ts-expect-error: status is an enum
    batch.listTasksOfBatchJob({ batch_group_id: 'g', job_id: 'j', status: 'failed' });
    // @ts-expect-error: limit is an integer, not a string
    batch.listBatchGroups({ limit: '10' });
    // @ts-expect-error: getBatchGroup has no body
    batch.getBatchGroup({ batch_group_id: 'g', body: {} });
  });

  it('exposes the typed openapi-fetch client as .raw', () => {
    batch.raw.GET('/batch_groups/{batch_group_id}', { params: { path: { batch_group_id: 'g' } } });
    // @ts-expect-error: not a path of the Batch spec
    batch.raw.GET('/sims');
  });
});
