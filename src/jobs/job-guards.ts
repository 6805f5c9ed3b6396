/** Cross-realm guards for the job errors, built like those in src/errors/guards.ts. */
import { guard } from '../errors/guards.js';
import type { BatchJobFailedError, WaitTimeoutError } from './job-errors.js';

export const isWaitTimeoutError = guard<WaitTimeoutError>('WaitTimeoutError');
export const isBatchJobFailedError = guard<BatchJobFailedError>('BatchJobFailedError');
