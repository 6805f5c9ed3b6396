/**
 * A fresh emulator and a temporary folder (working directory and home) per test, and `cli(...)`,
 * which runs the CLI in-process against that emulator with the emulator's API key and token,
 * an empty environment, and the temporary folder as cwd and home. Closed after each test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type CliSetup, runCli } from '../../../src/cli/program.js';
import { type BatchEmulator, type BatchEmulatorOptions, startBatchEmulator } from '../../../src/testing/index.js';
import { type MemoryIo, type MemoryIoOptions, memoryIo } from './memory-io.js';

/** Polling fit for an emulator whose jobs end in milliseconds (the defaults suit real jobs). */
export const FAST = ['--poll-interval-ms', '5', '--max-poll-interval-ms', '20'];

/**
 * For a `run` that goes on after a stop: a settle window short enough to wait out inside a test. A resume
 * rightly waits it out when a job of the stopped run ended in a later second than the stop (another
 * machine may have sent the next create after that end: `quietUntilOf` in src/runner/reconcile.ts), and
 * with the default 90 s that wait outlasts the test. Give it before any flag that sets another window.
 */
export const SHORT_SETTLE = ['--settle-window-ms', '2000'];

export type CliResult = { code: number; stdout: string; stderr: string };

export type World = {
  emulator: BatchEmulator;
  dir: string;
  /** `--endpoint <emulator> --api-key <k> --api-token <t>`. */
  auth: string[];
  /** Runs the CLI with `auth` prepended (pass `{ noAuth: true }` to leave it out). */
  cli(
    argv: string[],
    options?: MemoryIoOptions & { noAuth?: boolean; during?: (io: MemoryIo) => void; setup?: CliSetup },
  ): Promise<CliResult>;
  file(name: string, content: string): Promise<string>;
  /** The ID of a new batch group. */
  group(name?: string): Promise<string>;
};

export function useCliWorld(): (options?: BatchEmulatorOptions) => Promise<World> {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((f) => f()));
  });
  return async (options) => {
    const emulator = await startBatchEmulator(options);
    const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-cli-'));
    cleanup.push(
      () => emulator.close(),
      () => rm(dir, { recursive: true, force: true }),
    );
    const auth = [
      '--endpoint',
      emulator.baseUrl,
      '--api-key',
      emulator.credentials.apiKey as string,
      '--api-token',
      emulator.credentials.token as string,
    ];
    const world: World = {
      emulator,
      dir,
      auth,
      async cli(argv, opts = {}) {
        const { noAuth, during, setup, ...ioOptions } = opts;
        const m = memoryIo({ cwd: dir, homeDir: dir, ...ioOptions });
        const running = runCli(noAuth ? argv : [...auth, ...argv], m.io, setup);
        during?.(m);
        const code = await running;
        return { code, stdout: m.stdout(), stderr: m.stderr() };
      },
      async file(name, content) {
        const path = join(dir, name);
        await writeFile(path, content);
        return path;
      },
      async group(name = 'cli tests') {
        const result = await world.cli(['groups', 'create', '--batch-group-name', name]);
        if (result.code !== 0) throw new Error(`groups create failed: ${result.stderr}`);
        return JSON.parse(result.stdout).batchGroupId as string;
      },
    };
    return world;
  };
}

/**
 * How many tasks each SIM (or IMSI) was the target of, across every job of the emulator (a task an
 * aborted job never ran targeted nothing).
 */
export function submissionsPerTarget(emulator: BatchEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of emulator.state.jobs()) {
    const tasks = emulator.state.tasks(job.jobId);
    for (const task of job.status === 'aborted' ? tasks.filter((t) => t.status !== 'pending') : tasks) {
      const path = task.request.path;
      const body = task.request.body as { key?: string } | undefined;
      const target = /\/sims\/([^/]+)\//.exec(path)?.[1] ?? body?.key ?? '?';
      counts.set(target, (counts.get(target) ?? 0) + 1);
    }
  }
  return counts;
}

/** The requests that would change something (everything but GET). */
export function writes(emulator: BatchEmulator): string[] {
  return emulator.state
    .requests()
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** A `during` that presses Ctrl-C once the emulator holds a job (polled every 5 ms, for up to 20 s). */
export function interruptOnFirstJob(emulator: BatchEmulator): (io: MemoryIo) => void {
  return (io) => {
    const poll = async () => {
      for (let i = 0; i < 4000 && emulator.state.jobs().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      io.interrupt();
    };
    void poll();
  };
}
