/**
 * `soracom-batch emulator` as a real process: it listens on the given port, serves the API, and stops
 * cleanly (exit 0) on SIGINT and SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';
import { freePort } from '../support/free-port.js';

type Info = {
  baseUrl: string;
  port: number;
  credentials: { authKeyId: string; authKey: string; apiKey: string; token: string };
};

/** Waits until `probe` returns a value (generous deadline; nothing is asserted about speed). */
async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('emulator command: as a process', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'listens on the given port, serves the API, and exits 0 on %s',
    async (signal) => {
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fromRoot('src', 'cli', 'bin.ts'),
          'emulator',
          '--port',
          String(port),
          '--sims',
          '5',
          '--json',
        ],
        { cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, sig) => resolve({ code, signal: sig })),
      );
      const info = await until('the emulator line', () => {
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        return line ? (JSON.parse(line) as Info) : undefined;
      });
      expect(info.baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
      const created = await fetch(`${info.baseUrl}/batch_groups`, {
        method: 'POST',
        headers: {
          'X-Soracom-API-Key': info.credentials.apiKey,
          'X-Soracom-Token': info.credentials.token,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ batchGroupName: 'from a process' }),
      });
      expect(created.status).toBe(200);
      child.kill(signal);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stderr).toContain('Emulator stopped.');
      await expect(fetch(`${info.baseUrl}/batch_groups`)).rejects.toThrow();
    },
    30_000,
  );
});
