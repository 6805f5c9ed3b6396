/**
 * The options of `run <action>` and `retry-failed` (and the polling options of `jobs create --wait`),
 * read once into `RunSettings`: how the jobs are split and named, the state file, the failed-tasks
 * file, dry run, and how often a job is polled.
 */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { WaitOptions } from '../jobs/wait-for-job.js';
import type { RunTasksParams } from '../runner/run-tasks.js';
import { batchLimits } from '../tasks/job-body.js';
import type { CliIo } from './io.js';
import { integerFlag } from './program.js';

export type FileOption = { path: string; label: string };

export type RunSettings = {
  /** `run put-tags`, `retry-failed`: in the report and the state file. */
  command: string;
  jobName: string;
  description?: string;
  abortOnFailure: boolean;
  /** `--chunk-size` as given: undefined means the earlier run's when going on with one, else 10,000. */
  chunkSize: number | undefined;
  /** `--again`: run tasks that already ran to the end in the batch group again, as a new generation. */
  again: boolean;
  /** A run of several actions (`run apply`): job names and the report name each action. */
  multi: boolean;
  stateFile?: FileOption;
  failedOutput?: FileOption;
  dryRun: boolean;
  wait: RunTasksParams['wait'];
  submitDelay: RunTasksParams['submitDelay'];
  /** `--settle-window-ms`: undefined leaves the SDK's default (90 s: the request time limit plus 30 s). */
  settleWindowMs?: number;
  progressIntervalMs?: number;
};

export type PollFlags = { pollIntervalMs?: number; maxPollIntervalMs?: number; jobTimeoutMs?: number };

export type RunFlags = PollFlags & {
  jobName?: string;
  description?: string;
  abortOnFailure?: boolean;
  chunkSize?: number;
  stateFile?: string;
  again?: boolean;
  failedOutput?: string;
  dryRun?: boolean;
  settleWindowMs?: number;
  progressIntervalMs?: number;
};

/**
 * How often a job is polled while waiting for it. The defaults are the SDK's (first poll at once,
 * then 2 s doubling to 30 s), right for real jobs; the flags exist for the emulator and for tests,
 * where jobs finish in milliseconds. They also pace resubmission after a 429 or while a job of the
 * same action still runs.
 */
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
function submitDelayOf(flags: PollFlags): { minDelayMs?: number; maxDelayMs?: number } | undefined {
  const wait = waitOptionsOf(flags);
  if (wait.minDelayMs === undefined && wait.maxDelayMs === undefined) return undefined;
  return {
    ...(wait.minDelayMs !== undefined ? { minDelayMs: wait.minDelayMs } : {}),
    ...(wait.maxDelayMs !== undefined ? { maxDelayMs: wait.maxDelayMs } : {}),
  };
}

export function addRunOptions(command: Command): Command {
  command
    .option('--job-name <name>', 'name of the jobs; " (i/n)" is appended when the run needs several')
    .option(
      '--description <text>',
      'description of the jobs (the run appends a marker that finds them again on resume)',
    )
    .option('--abort-on-failure', 'stop each job at its first failed task, and submit no further job')
    .option(
      '--chunk-size <n>',
      `tasks per job, at most (and by default) ${batchLimits.maxTasksPerJob}`,
      integerFlag(1, batchLimits.maxTasksPerJob),
    )
    .option(
      '--state-file <path>',
      "keep the run's state here (a cache: the batch group's jobs are the record; default: the user's cache folder)",
    )
    .option('--again', 'run tasks that already ran to the end in this batch group again, as a new generation')
    .addOption(new Option('--recover', 'no longer needed: every run reads the batch group’s jobs first').hideHelp())
    .option(
      '--failed-output <path>',
      'write the failed tasks here as CSV (target, status_code, error_code, error_message, ...)',
    )
    .option('--dry-run', 'check everything and print the jobs that would be created; send nothing')
    .option(
      '--settle-window-ms <ms>',
      'when the answer to a job submission is lost (or a run of the same tasks stopped moments ago), look ' +
        'for the job it may have made this long before submitting (default 90000)',
      integerFlag(0),
    )
    .addOption(
      new Option('--progress-interval-ms <ms>', 'plain progress lines: at most one per interval')
        .argParser(integerFlag(1))
        .hideHelp(),
    );
  return addPollOptions(command);
}

export function runSettingsOf(flags: RunFlags, io: CliIo, command: string, defaultJobName: string): RunSettings {
  const file = (value: string | undefined) =>
    value === undefined ? undefined : { path: resolve(io.cwd, value), label: value };
  const stateFile = file(flags.stateFile);
  const failedOutput = file(flags.failedOutput);
  return {
    command,
    jobName: flags.jobName ?? defaultJobName,
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    abortOnFailure: flags.abortOnFailure === true,
    chunkSize: flags.chunkSize,
    again: flags.again === true,
    multi: false,
    ...(stateFile ? { stateFile } : {}),
    ...(failedOutput ? { failedOutput } : {}),
    dryRun: flags.dryRun === true,
    wait: waitOptionsOf(flags),
    submitDelay: submitDelayOf(flags),
    ...(flags.settleWindowMs !== undefined ? { settleWindowMs: flags.settleWindowMs } : {}),
    ...(flags.progressIntervalMs !== undefined ? { progressIntervalMs: flags.progressIntervalMs } : {}),
  };
}
