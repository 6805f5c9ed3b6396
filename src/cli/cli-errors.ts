/**
 * Errors the CLI raises itself. Each carries its exit code, so `report-error.ts` needs no guessing
 * for them; errors of the SDK are mapped there by kind.
 */
import { ExitCode } from './exit-codes.js';

/** Bad flags or bad input: exit 1. The message says what is wrong and how to fix it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.usage;
}

/** The abort reason of Ctrl-C / SIGTERM: the SDK rejects with it, so it is recognised everywhere. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  readonly exitCode = ExitCode.interrupted;

  constructor(signalName = 'Ctrl-C') {
    super(`interrupted (${signalName})`);
  }
}
