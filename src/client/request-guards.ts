/**
 * Checks that run before an operation is sent, beyond what the spec's parameter table covers:
 * rules from the operation descriptions (task counts, one action per job, name lengths). Each guard
 * throws `BatchValidationError`; nothing is sent when one fails. The rules live in src/tasks/.
 */
import { checkBatchGroupBody } from '../tasks/check-batch-group.js';
import { checkCreateBatchJobBody } from '../tasks/check-batch-job.js';
import type { BatchOperationId } from './operation-types.js';

export type RequestGuard = (params: {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}) => void;

export const requestGuards: Partial<Record<BatchOperationId, RequestGuard>> = {
  createBatchJob: ({ body }) => checkCreateBatchJobBody(body),
  createBatchGroup: ({ body }) => checkBatchGroupBody('createBatchGroup', body),
  updateBatchGroup: ({ body }) => checkBatchGroupBody('updateBatchGroup', body),
};
