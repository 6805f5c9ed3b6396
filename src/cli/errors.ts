/**
 * How the CLI ends: exit codes, the errors it raises itself, and how any error becomes one line on
 * stderr (`error: ...`, as commander prints usage errors) and an exit code. `--verbose` adds the details
 * (the SDK's redacted view: status, code, request id, attempts, cause); every line then passes through
 * the CLI's redactor as all output does (connection.ts).
 */
import { inspect } from 'node:util';
import { AbortError, BatchValidationError, isSoracomError } from '../errors/errors.js';
import { ProfileError } from '../node/profile-file.js';
import { visibleText } from './terminal-text.js';

/**
 * Scripts and cron jobs branch on the exit code, so each outcome has its own: a run that finished
 * with failed tasks (3) is not an API outage (2), nor a typo (1).
 */
export const ExitCode = Object.freeze({
  /** Everything succeeded. */
  ok: 0,
  /** Bad usage (unknown flag, missing option) or bad input (invalid rows, unreadable file, bad profile). */
  usage: 1,
  /** The API or the network failed (an error answer, no answer, a timeout). */
  api: 2,
  /** The run finished, but some tasks failed or did not run. */
  failedTasks: 3,
  /** Nothing was sent: these tasks already ran to the end in this batch group (add --again to run them again). */
  alreadyRun: 4,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, the shell's convention); the state file resumes it. */
  interrupted: 130,
});

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

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof InterruptedError) return error.exitCode;
  // Bad arguments the SDK caught before sending, and unusable profiles, are the user's to fix.
  if (isSoracomError(error, BatchValidationError) || isSoracomError(error, ProfileError)) return ExitCode.usage;
  if (isSoracomError(error, AbortError)) return ExitCode.interrupted;
  // Everything else is the API's or the network's answer (or lack of one).
  return ExitCode.api;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function errorLines(error: unknown, verbose: boolean): string[] {
  const message = error instanceof Error ? error.message : String(error);
  // The message may quote API data (a job's errorMessage, a group's name): control characters are shown, not sent.
  const lines = [`error: ${visibleText(oneLine(message)) || (error instanceof Error ? error.name : 'unknown error')}`];
  // One line unless asked for more: cron mails and CI logs stay readable.
  if (!verbose) return lines;
  // SoracomError's inspect view is built from secret-free fields and redacted by the SDK.
  if (isSoracomError(error)) lines.push(visibleText(inspect(error, { depth: 4, breakLength: 120 })));
  else if (error instanceof Error && error.stack) lines.push(visibleText(error.stack));
  return lines;
}
