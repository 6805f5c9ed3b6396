/**
 * What the runner uses of a client: four of its public methods, typed as `createBatchClient` returns
 * them, so a renamed parameter or a changed answer fails to compile here.
 */
import type { BatchClient } from '../index.js';

/**
 * A client of the Batch API as `createBatchClient` returns it (the runner uses four of its methods).
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import type { RunnerClient } from 'soracom-batch/jobs';
 *
 * const client: RunnerClient = createBatchClient({ auth: { authKeyId: 'keyId-...', authKey: 'secret-...' } });
 * ```
 * @category Jobs
 */
export type RunnerClient = Pick<
  BatchClient,
  'createBatchJob' | 'getBatchJob' | 'listBatchJobs' | 'listTasksOfBatchJob'
>;
