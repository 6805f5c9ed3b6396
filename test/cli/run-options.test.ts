/**
 * The options of `run` and `retry-failed` read into settings (src/cli/run-options.ts): paths resolved from
 * the working folder and labelled as given, the polling flags as the runner's wait and the backoff after
 * refused submissions, and what is left to the SDK's defaults when a flag is not given.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { addRunOptions, type RunFlags, runSettingsOf, waitOptionsOf } from '../../src/cli/run-options.js';

const io = { cwd: '/work/here', env: {} } as unknown as CliIo;

function parsed(argv: string[]): RunFlags {
  const command = addRunOptions(new Command('run').exitOverride().configureOutput({ writeErr: () => undefined }));
  command.parse(argv, { from: 'user' });
  return command.opts() as RunFlags;
}

describe('waitOptionsOf', () => {
  it('passes only the flags given, and raises a longest delay below the first to it', () => {
    expect(waitOptionsOf({})).toEqual({});
    expect(waitOptionsOf({ pollIntervalMs: 5 })).toEqual({ minDelayMs: 5 });
    expect(waitOptionsOf({ maxPollIntervalMs: 50 })).toEqual({ maxDelayMs: 50 });
    expect(waitOptionsOf({ pollIntervalMs: 100, maxPollIntervalMs: 20 })).toEqual({ minDelayMs: 100, maxDelayMs: 100 });
    expect(waitOptionsOf({ pollIntervalMs: 10, maxPollIntervalMs: 20, jobTimeoutMs: 60_000 })).toEqual({
      minDelayMs: 10,
      maxDelayMs: 20,
      maxWaitMs: 60_000,
    });
  });
});

describe('runSettingsOf', () => {
  it('leaves every default to the SDK and the command when no flag is given', () => {
    expect(runSettingsOf({}, io, 'run activate', 'soracom-batch activate')).toEqual({
      command: 'run activate',
      jobName: 'soracom-batch activate',
      abortOnFailure: false,
      chunkSize: undefined,
      again: false,
      multi: false,
      dryRun: false,
      wait: {},
      submitDelay: undefined,
    });
  });

  it('reads every flag: files resolved from the working folder and labelled as given, polling as the backoff too', () => {
    const flags = parsed([
      '--job-name',
      'June',
      '--description',
      'activation',
      '--abort-on-failure',
      '--chunk-size',
      '500',
      '--state-file',
      'state/s.json',
      '--again',
      '--failed-output',
      '/tmp/failed.csv',
      '--dry-run',
      '--settle-window-ms',
      '0',
      '--progress-interval-ms',
      '250',
      '--poll-interval-ms',
      '5',
      '--max-poll-interval-ms',
      '20',
      '--job-timeout-ms',
      '9000',
    ]);
    expect(runSettingsOf(flags, io, 'run activate', 'default')).toEqual({
      command: 'run activate',
      jobName: 'June',
      description: 'activation',
      abortOnFailure: true,
      chunkSize: 500,
      again: true,
      multi: false,
      stateFile: { path: '/work/here/state/s.json', label: 'state/s.json' },
      failedOutput: { path: '/tmp/failed.csv', label: '/tmp/failed.csv' },
      dryRun: true,
      wait: { minDelayMs: 5, maxDelayMs: 20, maxWaitMs: 9000 },
      submitDelay: { minDelayMs: 5, maxDelayMs: 20 },
      settleWindowMs: 0,
      progressIntervalMs: 250,
    });
  });

  it('paces the backoff by whichever polling delay is given', () => {
    expect(runSettingsOf({ maxPollIntervalMs: 40 }, io, 'c', 'd').submitDelay).toEqual({ maxDelayMs: 40 });
    expect(runSettingsOf({ pollIntervalMs: 7 }, io, 'c', 'd').submitDelay).toEqual({ minDelayMs: 7 });
    expect(runSettingsOf({ jobTimeoutMs: 7 }, io, 'c', 'd').submitDelay).toBeUndefined();
  });

  it('refuses a chunk size past the createBatchJob limit, and a negative settle window', () => {
    expect(() => parsed(['--chunk-size', '10001'])).toThrow();
    expect(() => parsed(['--chunk-size', '0'])).toThrow();
    expect(() => parsed(['--settle-window-ms', '-1'])).toThrow();
    expect(parsed(['--chunk-size', '10000']).chunkSize).toBe(10_000);
  });
});
