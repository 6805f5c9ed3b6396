/**
 * Injected faults: answers given instead of handling a request, consumed in the order they were
 * injected. They model what a client must survive: 429 under load (createBatchJob documents it,
 * and rate limits apply to every path), 5xx and error pages from in front of the API.
 */
import { codes, type ErrorBody } from './error-codes.js';
import type { EmulatorOperationId, FaultRule, NormalizedFault } from './options.js';

export type FaultAnswer = { status: number; headers: Record<string, string>; body: string | ErrorBody };

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
