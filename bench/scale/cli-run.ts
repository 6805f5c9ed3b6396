/**
 * Runs the built CLI (`node dist/cli/bin.js ...`, what users run) as a child process against an
 * emulator, the way a user's shell would: credentials and endpoint from the environment, its JSON
 * report on stdout. Measures its wall time from spawn to exit (Node's start-up included: a user waits
 * for it too), its peak memory (memory-probe.ts, both ways), and keeps its report and stderr.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { RunReport } from '../../src/cli/run-report.js';
import { now } from '../lib/clock.js';
import { fromRoot } from '../lib/paths.js';
import { installProbe, type ProbeResult, ProcSampler, readProbe } from './memory-probe.js';

export type CliRun = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Epoch ms of the spawn and of the exit, to line the run up with the emulator's request log. */
  spawnedAt: number;
  exitedAt: number;
  /** Highest `VmRSS` the bench read from outside, and how many reads. */
  sampledPeakRss: number;
  sampledHwm: number;
  samples: number;
  probe: ProbeResult | undefined;
  /** The CLI's JSON report (stdout), when it printed one. */
  report: CliReport | undefined;
  stderr: string;
};

/** The fields of the CLI's run report (`--output json`) the bench reads. */
export type CliReport = Pick<RunReport, 'batchGroupId' | 'ok' | 'total' | 'succeeded' | 'failed' | 'notRun' | 'jobs'>;

export const CLI_BIN = fromRoot('dist', 'cli', 'bin.js');

export type CliTarget = { origin: string; authKeyId: string; authKey: string };

/** The environment the CLI gets: this one without any SORACOM_* of the person running the bench. */
function cliEnv(target: CliTarget, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SORACOM_')) env[key] = value;
  return {
    ...env,
    SORACOM_ENDPOINT: target.origin,
    SORACOM_AUTH_KEY_ID: target.authKeyId,
    SORACOM_AUTH_KEY: target.authKey,
    ...extra,
  };
}

export async function runCli(
  args: readonly string[],
  cwd: string,
  target: CliTarget,
  extraEnv: Record<string, string> = {},
): Promise<CliRun> {
  const probe = installProbe(cwd);
  const spawnedAt = Date.now();
  const started = now();
  const child = spawn(process.execPath, [...probe.nodeFlags, CLI_BIN, ...args], {
    cwd,
    env: cliEnv(target, { ...extraEnv, ...probe.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${CLI_BIN}`);
  const sampler = new ProcSampler(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  // 'close': the process has exited and both pipes are drained, so the report is whole.
  const [exitCode, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  const wallMs = now() - started;
  const exitedAt = Date.now();
  sampler.stop();
  let report: CliReport | undefined;
  try {
    report = JSON.parse(stdout) as CliReport;
  } catch {
    report = undefined;
  }
  return {
    exitCode,
    signal,
    wallMs,
    spawnedAt,
    exitedAt,
    sampledPeakRss: sampler.peakRss,
    sampledHwm: sampler.lastHwm,
    samples: sampler.samples,
    probe: readProbe(probe.outFile),
    report,
    stderr,
  };
}
