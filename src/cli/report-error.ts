/**
 * An error becomes one line on stderr (`error: ...`, as commander prints usage errors) and an exit
 * code; `--verbose` adds the details (the SDK's redacted view: status, code, request id, attempts,
 * cause). Every line then passes through the CLI's redactor as all output does.
 */
import { inspect } from 'node:util';
import {
  AbortError,
  BatchValidationError,
  ConnectionError,
  isSoracomError,
  SoracomApiError,
  TimeoutError,
} from '../errors/errors.js';
import { ProfileError } from '../node/profile-file.js';
import { InterruptedError, UsageError } from './cli-errors.js';
import { ExitCode } from './exit-codes.js';

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof InterruptedError) return error.exitCode;
  // Bad arguments the SDK caught before sending, and unusable profiles, are the user's to fix.
  if (isSoracomError(error, BatchValidationError) || isSoracomError(error, ProfileError)) return ExitCode.usage;
  if (isSoracomError(error, AbortError)) return ExitCode.interrupted;
  if (
    isSoracomError(error, SoracomApiError) ||
    isSoracomError(error, ConnectionError) ||
    isSoracomError(error, TimeoutError) ||
    isSoracomError(error)
  )
    return ExitCode.api;
  return ExitCode.api;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function errorLines(error: unknown, verbose: boolean): string[] {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`error: ${oneLine(message) || (error instanceof Error ? error.name : 'unknown error')}`];
  // One line unless asked for more: cron mails and CI logs stay readable.
  if (!verbose) return lines;
  // SoracomError's inspect view is built from secret-free fields and redacted by the SDK.
  if (isSoracomError(error)) lines.push(inspect(error, { depth: 4, breakLength: 120 }));
  else if (error instanceof Error && error.stack) lines.push(error.stack);
  return lines;
}
