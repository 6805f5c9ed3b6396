/**
 * Every error answer the emulator gives. Refusals are Soracom-style `{code, message}` bodies whose
 * codes follow Soracom's shape (three letters, four digits) with the prefix `EMU`, so nobody mistakes
 * them for real API codes; the messages say what a real API would refuse and why, which is what tests
 * and SDK errors show. Injected faults are answers given instead of handling a request, consumed in
 * the order they were injected. They model what a client must survive: 429 under load
 * (createBatchJob documents it, and rate limits apply to every path), 5xx and error pages from in
 * front of the API.
 */

import type { NormalizedFault } from './check-options.js';
import type { EmulatorOperationId, FaultRule } from './options.js';
/**
 * A Soracom-style error body, `{ code, message }`, as the emulator answers it and as a fault may send it.
 *
 * @example
 * ```ts
 * import type { ErrorBody } from 'soracom-batch/testing';
 *
 * const body: ErrorBody = { code: 'COM0001', message: 'Too many requests' };
 * emulator.state.injectFaults({ status: 429, body, retryAfterSeconds: 1 });
 * ```
 * @category Emulator
 */
export type ErrorBody = {
  /** The error code, three letters and four digits (the emulator's own start with `EMU`). */
  code: string;
  /** What went wrong. */
  message: string;
};

/** A refused request: thrown by handlers, turned into a JSON answer by the server. */
export class EmulatorHttpError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(`${status} ${code}: ${message}`);
    this.name = 'EmulatorHttpError';
    this.status = status;
    this.body = { code, message };
    this.headers = headers;
  }
}

export const codes = {
  // Authentication (401, or 400 where the API answers 400).
  missingCredentials: 'EMU0001',
  invalidCredentials: 'EMU0002',
  expiredToken: 'EMU0003',
  loginFailed: 'EMU0004',
  badLoginRequest: 'EMU0005',
  renewAfterExpiry: 'EMU0006',
  wrongOperator: 'EMU0007',
  // Requests the API refuses (400), or cannot find (404).
  invalidRequest: 'EMU1001',
  invalidJson: 'EMU1002',
  tooManyTasks: 'EMU1003',
  mixedActions: 'EMU1004',
  unsupportedAction: 'EMU1005',
  sameActionRunning: 'EMU1006',
  groupHasRunningJob: 'EMU1007',
  invalidPagination: 'EMU1008',
  bodyTooLarge: 'EMU1009',
  groupNotFound: 'EMU2001',
  jobNotFound: 'EMU2002',
  routeNotFound: 'EMU2003',
  methodNotAllowed: 'EMU2004',
  // Faults injected by tests.
  injectedRateLimit: 'EMU4290',
  injectedServerError: 'EMU5000',
  internalError: 'EMU9999',
  // Task-level answers (inside a task's `response`).
  simNotFound: 'EMU3001',
  vpgNotFound: 'EMU3002',
  invalidTaskBody: 'EMU3003',
  standbyUnsupported: 'EMU3004',
  simTerminated: 'EMU3005',
  injectedTaskFailure: 'EMU3500',
} as const;

export const badRequest = (code: string, message: string) => new EmulatorHttpError(400, code, message);
export const notFound = (code: string, message: string) => new EmulatorHttpError(404, code, message);

// Injected faults.

type FaultAnswer = { status: number; headers: Record<string, string>; body: string | ErrorBody };

type ActiveFault = NormalizedFault & { remaining: number };

export class FaultInjector {
  private rules: ActiveFault[] = [];

  add(rules: readonly NormalizedFault[]): void {
    for (const rule of rules) this.rules.push({ ...rule, remaining: rule.times });
  }

  clear(): void {
    this.rules = [];
  }

  /** Faults not yet used up, with how many answers each has left in `times`. */
  pending(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, times: remaining }));
  }

  /** The answer for this request when a fault applies to it (using one of its `times`). */
  take(operationId: EmulatorOperationId): FaultAnswer | undefined {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (r.operations === undefined || r.operations.includes(operationId)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    const headers: Record<string, string> = {};
    if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
    const body =
      rule.body ??
      (rule.status === 429
        ? {
            code: codes.injectedRateLimit,
            message: 'Too many requests: the system is under high load, wait and try again later (injected)',
          }
        : { code: codes.injectedServerError, message: `Injected fault: ${rule.status} for ${operationId}` });
    return { status: rule.status, headers, body };
  }
}
