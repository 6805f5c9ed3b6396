/**
 * The command line as a separate process for the chaos tier's process tests: spawned from source with
 * tsx, its stderr kept, killed at the end of the test if it is still running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach } from 'vitest';
import { fromRoot } from '../../../scripts/lib/paths.js';

export const BIN = fromRoot('src', 'cli', 'bin.ts');

export type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
});

/** `node --import tsx src/cli/bin.ts <args>`, or the same under `wrapper` (e.g. `faketime -f +1h`). */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
  wrapper: readonly string[] = [],
): { child: ChildProcess; exit: Promise<Exit>; stderr: () => string } {
  const command = [...wrapper, process.execPath, '--import', 'tsx', BIN, ...args];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: fromRoot(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exit = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit, stderr: () => stderr };
}

/** Waits until `probe` is true (generous deadline; nothing is asserted about speed). */
export async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(probe)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
