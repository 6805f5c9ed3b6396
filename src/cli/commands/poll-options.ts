/**
 * How often a job is polled while waiting for it. The defaults are the SDK's (first poll at once,
 * then 2 s doubling to 30 s), right for real jobs; the flags exist for the emulator and for tests,
 * where jobs finish in milliseconds. They also pace resubmission after a 429 or while a job of the
 * same action still runs.
 */
import type { Command } from 'commander';
import type { WaitOptions } from '../../jobs/wait-for-job.js';
import { integerFlag } from '../parse-flags.js';

export type PollFlags = { pollIntervalMs?: number; maxPollIntervalMs?: number; jobTimeoutMs?: number };

export function addPollOptions(command: Command): Command {
  return command
    .option(
      '--poll-interval-ms <ms>',
      'first (and shortest) delay between polls of a job (default 2000)',
      integerFlag(1, 3_600_000),
    )
    .option(
      '--max-poll-interval-ms <ms>',
      'longest delay between polls of a job (default 30000)',
      integerFlag(1, 3_600_000),
    )
    .option(
      '--job-timeout-ms <ms>',
      'give up waiting for one job after this long (default 3600000; the job goes on running)',
      integerFlag(1),
    );
}

export function waitOptionsOf(flags: PollFlags): Pick<WaitOptions, 'minDelayMs' | 'maxDelayMs' | 'maxWaitMs'> {
  const min = flags.pollIntervalMs;
  // A max below the min would be raised to it by waitForJob anyway; say so here, explicitly.
  const max =
    flags.maxPollIntervalMs !== undefined && min !== undefined
      ? Math.max(min, flags.maxPollIntervalMs)
      : flags.maxPollIntervalMs;
  return {
    ...(min !== undefined ? { minDelayMs: min } : {}),
    ...(max !== undefined ? { maxDelayMs: max } : {}),
    ...(flags.jobTimeoutMs !== undefined ? { maxWaitMs: flags.jobTimeoutMs } : {}),
  };
}

/** Backoff between refused submissions (429, same-action job running): the same pace as polling when set. */
export function submitDelayOf(flags: PollFlags): { minDelayMs?: number; maxDelayMs?: number } | undefined {
  const wait = waitOptionsOf(flags);
  if (wait.minDelayMs === undefined && wait.maxDelayMs === undefined) return undefined;
  return {
    ...(wait.minDelayMs !== undefined ? { minDelayMs: wait.minDelayMs } : {}),
    ...(wait.maxDelayMs !== undefined ? { maxDelayMs: wait.maxDelayMs } : {}),
  };
}
