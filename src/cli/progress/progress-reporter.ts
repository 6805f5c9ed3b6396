/**
 * Progress of a run on stderr (issue 6): a live bar when stderr is a terminal, plain lines now and
 * then when it is not (cron logs, CI), nothing with `--quiet`. stdout stays for the result.
 */
import type { RunProgress } from '../../jobs/run-state.js';
import type { CliOutput } from '../cli-io.js';
import { createBarProgress } from './bar-progress.js';
import { createLineProgress } from './line-progress.js';

export type ProgressReporter = {
  update(progress: RunProgress): void;
  /** A line for the user while progress is shown (above the bar, or between the lines). */
  log(line: string): void;
  /** Ends the display (draws the last state); safe to call twice. */
  stop(): void;
};

export type ProgressOptions = {
  quiet: boolean;
  /** Plain lines: at most one per interval unless a job starts or ends (default 10 s). */
  intervalMs?: number;
  now?: () => number;
};

export function createProgressReporter(stderr: CliOutput, options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  if (options.quiet)
    return { update: () => undefined, log: (line) => stderr.write(`${line}\n`), stop: () => undefined };
  if (stderr.isTTY) return createBarProgress(stderr, now);
  return createLineProgress((line) => stderr.write(`${line}\n`), options.intervalMs ?? 10_000, now);
}
