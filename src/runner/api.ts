/**
 * What the runner uses of a client: four of its public methods, typed as `createBatchClient` returns
 * them, so a renamed parameter or a changed answer fails to compile here.
 */
import type { BatchClient } from '../index.js';

export type RunnerApi = Pick<BatchClient, 'createBatchJob' | 'getBatchJob' | 'listBatchJobs' | 'listTasksOfBatchJob'>;
