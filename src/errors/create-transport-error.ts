/**
 * The one factory for failures without a usable HTTP answer (the counterpart of `createApiError`,
 * which handles answers): a connection failure, a per-attempt timeout, or the caller's abort. Every
 * message names method, path and attempts, and passes through the client's redactor.
 */
import { AbortError } from './abort-error.js';
import { ConnectionError } from './connection-error.js';
import { describeCause } from './describe-cause.js';
import type { RequestDetails } from './request-details.js';
import { attachRedactor } from './soracom-error.js';
import { TimeoutError } from './timeout-error.js';

export type TransportErrorInput = RequestDetails & {
  /** Removes secrets from any text before it is stored on the error. */
  redact?: (text: string) => string;
  /** Why the transport stopped retrying, when it stopped early (e.g. a POST that may have run). */
  notRetried?: string;
} & (
    | { kind: 'connection'; cause: unknown; notSent: boolean }
    | { kind: 'timeout'; timeoutMs: number }
    | { kind: 'abort'; reason: unknown }
  );

function attemptsText(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/** The DOM's default abort reason: what `controller.abort()` without an argument stores. */
function isDefaultAbortReason(reason: unknown): boolean {
  return (
    reason === undefined ||
    (typeof reason === 'object' &&
      reason !== null &&
      (reason as { name?: unknown }).name === 'AbortError' &&
      !(reason instanceof AbortError))
  );
}

/**
 * Builds the error for a failure without an answer. For an abort it returns the caller's own reason
 * unchanged when the caller gave one, so `controller.abort(myError)` rejects with `myError`.
 */
export function createTransportError(input: TransportErrorInput): unknown {
  const redact = input.redact ?? ((text: string) => text);
  const details: RequestDetails = {
    method: input.method.toUpperCase(),
    path: redact(input.path),
    attempts: input.attempts,
  };
  const where = `${details.method} ${details.path}`;
  const notRetried = input.notRetried ? `; not retried: ${input.notRetried}` : '';
  switch (input.kind) {
    case 'connection': {
      const message = `${where} got no answer (${redact(describeCause(input.cause))})${attemptsText(details.attempts)}${notRetried}`;
      return attachRedactor(
        new ConnectionError(message, { ...details, cause: input.cause, notSent: input.notSent }),
        redact,
      );
    }
    case 'timeout': {
      const message =
        `${where} timed out: no complete answer within ${input.timeoutMs} ms (timeoutMs, per attempt)` +
        `${attemptsText(details.attempts)}${notRetried}`;
      return attachRedactor(new TimeoutError(message, { ...details, timeoutMs: input.timeoutMs }), redact);
    }
    case 'abort': {
      if (!isDefaultAbortReason(input.reason)) return input.reason;
      const message = `${where} was aborted by the caller's signal${attemptsText(details.attempts)}`;
      return attachRedactor(new AbortError(message, { ...details, cause: input.reason }), redact);
    }
  }
}
