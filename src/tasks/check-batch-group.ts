/**
 * The group guard: `batchGroupName` and `description` lengths of createBatchGroup and
 * updateBatchGroup (spec: CreateBatchGroupRequest / UpdateBatchGroupRequest `maxLength`).
 */
import { checkTextLength } from './check-text-length.js';
import { batchLimits } from './job-limits.js';

export function checkBatchGroupBody(operationId: 'createBatchGroup' | 'updateBatchGroup', body: unknown): void {
  if (body === null || typeof body !== 'object') return; // Refused earlier by the parameter check.
  const { batchGroupName, description } = body as Record<string, unknown>;
  checkTextLength(`${operationId}.body.batchGroupName`, batchGroupName, batchLimits.maxGroupNameLength);
  checkTextLength(`${operationId}.body.description`, description, batchLimits.maxGroupDescriptionLength);
}
