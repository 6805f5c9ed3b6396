/**
 * The emulator as a process (`src/testing/emulator-main.ts`): argument parsing in-process, and a
 * real child process that listens on the given port, answers, and stops cleanly on SIGTERM/SIGINT.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';
import { EMULATOR_USAGE, parseEmulatorArgs, runEmulator } from '../../src/testing/emulator-cli.js';
import { freePort } from '../support/free-port.js';
import { api } from './support/emulator-http.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('emulator process: arguments', () => {
  it('parses --port, --host, --sims, --task-duration-ms, --latency-ms and --json, in both spellings', () => {
    expect(
      parseEmulatorArgs([
        '--port',
        '8080',
        '--host=0.0.0.0',
        '--sims',
        '25000',
        '--task-duration-ms=5',
        '--latency-ms',
        '10',
        '--json',
      ]),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      sims: 25_000,
      taskDurationMs: 5,
      latencyMs: 10,
      json: true,
      help: false,
    });
    expect(parseEmulatorArgs([])).toEqual({
      port: 0,
      host: '127.0.0.1',
      sims: 1000,
      taskDurationMs: 0,
      latencyMs: 0,
      json: false,
      help: false,
    });
  });

  it('refuses a bad value or an unknown flag, naming it, with exit code 2 and the usage', async () => {
    expect(() => parseEmulatorArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseEmulatorArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseEmulatorArgs(['--sims', '-3'])).toThrow();
    const { io, err } = capture();
    expect(await runEmulator(['--colour'], io)).toEqual({ exitCode: 2 });
    expect(err.join('\n')).toContain('--colour');
    expect(err.join('\n')).toContain(EMULATOR_USAGE);
  });

  it('prints the usage for --help and exits 0', async () => {
    const { io, out } = capture();
    expect(await runEmulator(['--help'], io)).toEqual({ exitCode: 0 });
    expect(out.join('\n')).toContain('--task-duration-ms');
  });

  it('starts in-process, prints the base URL and demo credentials, and warns about a non-loopback host', async () => {
    const { io, out, err } = capture();
    const result = await runEmulator(['--sims', '3', '--host', '0.0.0.0'], io);
    if (!('emulator' in result)) throw new Error('did not start');
    try {
      expect(out[0]).toBe(`Soracom Batch emulator listening on ${result.emulator.baseUrl}`);
      expect(out.join('\n')).toContain('keyId-emulator-demo');
      expect(err.join('\n')).toMatch(/not loopback/);
      expect(result.emulator.state.sims()).toHaveLength(3);
    } finally {
      await result.emulator.close();
    }
  });

  it('reports a port in use as exit code 1', async () => {
    const { io } = capture();
    const first = await runEmulator(['--json'], io);
    if (!('emulator' in first)) throw new Error('did not start');
    try {
      const second = capture();
      expect(await runEmulator(['--port', String(first.emulator.port)], second.io)).toEqual({ exitCode: 1 });
      expect(second.err.join('\n')).toMatch(/Could not start/);
    } finally {
      await first.emulator.close();
    }
  });
});

/** Spawns emulator-main.ts through tsx and resolves once it printed its JSON line. */
function spawnEmulator(
  args: string[],
): Promise<{ child: ChildProcess; info: { baseUrl: string; port: number; credentials: any } }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fromRoot('src', 'testing', 'emulator-main.ts'), ...args, '--json'],
    {
      cwd: fromRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stdout}${stderr}`)), 20_000);
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${stdout}${stderr}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('emulator process: lifecycle', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'listens on the given port, serves the API, and exits 0 on %s',
    async (signal) => {
      const port = await freePort();
      const { child, info } = await spawnEmulator(['--port', String(port), '--sims', '5']);
      child.removeAllListeners('exit');
      expect(info.baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
      const call = api(info.baseUrl, { apiKey: info.credentials.apiKey, token: info.credentials.token });
      const group = await call('POST', '/batch_groups', { batchGroupName: 'from a process' });
      expect(group.status).toBe(200);
      const exited = exitOf(child);
      child.kill(signal);
      expect(await exited).toEqual({ code: 0, signal: null });
      await expect(fetch(`${info.baseUrl}/batch_groups`)).rejects.toThrow();
    },
    30_000,
  );
});
