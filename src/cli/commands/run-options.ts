/**
 * Options shared by `run <action>` and `retry-failed`: where the jobs go, how they are split and
 * named, the state file, the failed-tasks file, dry run, polling. Read into `RunSettings` once.
 */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { batchLimits } from '../../tasks/job-body.js';
import type { CliIo } from '../cli-io.js';
import { integerFlag } from '../parse-flags.js';
import type { RunSettings } from '../run/execute-run.js';
import { addPollOptions, type PollFlags, submitDelayOf, waitOptionsOf } from './poll-options.js';

export type RunFlags = PollFlags & {
  jobName?: string;
  description?: string;
  abortOnFailure?: boolean;
  chunkSize?: number;
  stateFile?: string;
  failedOutput?: string;
  dryRun?: boolean;
  progressIntervalMs?: number;
};

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
      'save the run state here after every change; run again with the same file to resume without resubmitting',
    )
    .option(
      '--failed-output <path>',
      'write the failed tasks here as CSV (target, status_code, error_code, error_message, ...)',
    )
    .option('--dry-run', 'check everything and print the jobs that would be created; send nothing')
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
  const submitDelay = submitDelayOf(flags);
  return {
    command,
    jobName: flags.jobName ?? defaultJobName,
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    abortOnFailure: flags.abortOnFailure === true,
    chunkSize: flags.chunkSize ?? batchLimits.maxTasksPerJob,
    ...(stateFile ? { stateFile } : {}),
    ...(failedOutput ? { failedOutput } : {}),
    wait: waitOptionsOf(flags),
    submitDelay,
    ...(flags.progressIntervalMs !== undefined ? { progressIntervalMs: flags.progressIntervalMs } : {}),
  };
}
