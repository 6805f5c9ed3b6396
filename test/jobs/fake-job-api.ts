/** A client with only `getBatchJob`, answered by a function: what `waitForJob` needs, for tests on a fake clock. */
import type { ApiCall, BatchClient, BatchJob, CallOptions, JobRef } from '../../src/index.js';

export type GetJob = (ref: JobRef, options?: CallOptions) => Promise<BatchJob>;

export function fakeJobApi(getJob: GetJob): Pick<BatchClient, 'getBatchJob'> {
  return {
    getBatchJob: (ref, options) => {
      const data = getJob(ref, options);
      const call: ApiCall<BatchJob> = Object.assign(data, {
        withResponse: async () => ({ data: await data, response: new Response(null), requestId: undefined }),
      });
      return call;
    },
  };
}
