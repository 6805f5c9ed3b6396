/**
 * The CLI as a separate process (`node --import tsx src/cli/bin.ts`), against an emulator started
 * in this test process: --help, stdin, a 25,000-row run, resume after SIGKILL mid-run, Ctrl-C
 * (SIGINT) leaving a resumable state, and the emulator command. Deadlines are generous; nothing
 * asserts speed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';
import { runCli } from '../../src/cli/program.js';
import { type BatchEmulator, type BatchEmulatorOptions, simIds, startBatchEmulator } from '../../src/testing/index.js';
import { SHORT_SETTLE, submissionsPerTarget } from './support/cli-world.js';
import { memoryIo } from './support/memory-io.js';

const BIN = fromRoot('src', 'cli', 'bin.ts');
const FAST = ['--poll-interval-ms', '10', '--max-poll-interval-ms', '50'];

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
type Spawned = { child: ChildProcess; exit: Promise<Exit>; stdout(): string; stderr(): string };

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function spawnCli(args: string[], env: Record<string, string>, stdin?: string): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    cwd: fromRoot(),
    // A clean environment: only what the CLI is given here (plus PATH for node itself).
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  if (stdin !== undefined) child.stdin?.end(stdin);
  else child.stdin?.end();
  const exit = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })),
  );
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, exit, stdout: () => out, stderr: () => err };
}

async function setUp(
  options: BatchEmulatorOptions,
): Promise<{ emulator: BatchEmulator; dir: string; env: Record<string, string> }> {
  const emulator = await startBatchEmulator(options);
  const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-cli-process-'));
  cleanup.push(
    () => emulator.close(),
    () => rm(dir, { recursive: true, force: true }),
  );
  const env = {
    HOME: dir,
    SORACOM_ENDPOINT: emulator.baseUrl.replace(/\/v1$/, ''),
    SORACOM_AUTH_KEY_ID: emulator.credentials.authKeyId as string,
    SORACOM_AUTH_KEY: emulator.credentials.authKey as string,
  };
  return { emulator, dir, env };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

type StateFile = { state: { streams: Array<{ chunks: Array<{ status: string; jobId?: string }> }> } };
async function readState(path: string): Promise<StateFile | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

describe('the CLI as a process', () => {
  it('--help exits 0 with the usage on stdout, for the program and a subcommand', async () => {
    const main = await spawnCli(['--help'], {}).exit;
    expect(main).toMatchObject({ code: 0, stderr: '' });
    expect(main.stdout).toMatch(/^Usage: soracom-batch/);
    const sub = await spawnCli(['run', 'put-tags', '--help'], {}).exit;
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--tag <name=value>');
  }, 60_000);

  it('reads the input from stdin and writes the report to a pipe', async () => {
    const { emulator, env } = await setUp({ sims: 5 });
    const result = await spawnCli(
      ['run', 'activate', '--input', '-', '--group-name', 'piped', ...FAST],
      env,
      simIds(5).join('\n'),
    ).exit;
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, total: 5, succeeded: 5 });
    expect(emulator.state.sims().every((s) => s.status === 'active')).toBe(true);
  }, 60_000);

  it('runs 25,000 rows from a CSV as 3 jobs, each SIM once, with progress lines on stderr', async () => {
    const ids = simIds(25_000);
    const { emulator, dir, env } = await setUp({ sims: 25_000, tasksPerTick: 5_000 });
    const input = join(dir, 'fleet.csv');
    await writeFile(
      input,
      `sim_id,tag:fleet\n${ids.map((id, i) => `${id},${i % 2 ? 'north' : 'south'}`).join('\n')}\n`,
    );
    const result = await spawnCli(
      [
        'run',
        'put-tags',
        '--input',
        input,
        '--group-name',
        'fleet',
        '--tag',
        'owner=ops',
        '--state-file',
        join(dir, 'state.json'),
        '--failed-output',
        join(dir, 'failed.csv'),
        ...FAST,
      ],
      env,
    ).exit;
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      total: 25_000,
      succeeded: 25_000,
      failed: 0,
      notRun: 0,
      input: { rows: 25_000, tasks: 25_000 },
    });
    expect(report.jobs.map((j: { tasks: number; status: string }) => [j.tasks, j.status])).toEqual([
      [10_000, 'completed'],
      [10_000, 'completed'],
      [5_000, 'completed'],
    ]);
    expect(result.stderr).toMatch(/progress: 25000\/25000 tasks \(100%\), 0 failed/);
    const counts = submissionsPerTarget(emulator);
    expect(counts.size).toBe(25_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(emulator.state.sim(ids[24_999] as string)?.tags).toEqual({ fleet: 'north', owner: 'ops' });
    expect((await readFile(join(dir, 'failed.csv'), 'utf8')).trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('resumes after being killed (SIGKILL) mid-run: no SIM submitted twice, all done', async () => {
    const ids = simIds(3_000);
    const { emulator, dir, env } = await setUp({ sims: 3_000, taskDurationMs: 1 });
    const input = join(dir, 'ids.txt');
    const statePath = join(dir, 'state.json');
    await writeFile(input, ids.join('\n'));
    const args = [
      'run',
      'suspend',
      '--input',
      input,
      '--group-name',
      'resume',
      '--chunk-size',
      '1000',
      '--state-file',
      statePath,
      // A kill may land after a job ended and before the state said so: the resume then looks for a job the
      // killed run may still have been creating, this long.
      '--settle-window-ms',
      '2000',
      ...FAST,
    ];

    const first = spawnCli(args, env);
    await until('a running job in the state file', async () =>
      (await readState(statePath))?.state.streams[0]?.chunks.some((c) => c.status === 'running') ? true : undefined,
    );
    first.child.kill('SIGKILL');
    const killed = await first.exit;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = (await readState(statePath)) as StateFile;
    expect(atKill.state.streams[0]?.chunks.some((c) => c.status === 'planned')).toBe(true);

    const second = await spawnCli(args, env).exit;
    expect(second.stderr).toMatch(/Going on with the unfinished run of these tasks/);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ resumed: true, ok: true, total: 3_000, succeeded: 3_000 });
    await emulator.state.whenIdle();
    const counts = submissionsPerTarget(emulator);
    expect(counts.size).toBe(3_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(emulator.state.jobs()).toHaveLength(3);
    expect(ids.every((id) => emulator.state.sim(id)?.status === 'suspended')).toBe(true);
  }, 120_000);

  it('Ctrl-C (SIGINT) stops cleanly with exit 130 and a resumable state; the rerun submits nothing twice', async () => {
    const ids = simIds(3_000);
    const { emulator, dir, env } = await setUp({ sims: 3_000, taskDurationMs: 1 });
    const input = join(dir, 'ids.txt');
    const statePath = join(dir, 'state.json');
    await writeFile(input, ids.join('\n'));
    const args = [
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'ctrl-c',
      '--chunk-size',
      '1000',
      '--state-file',
      statePath,
      ...SHORT_SETTLE,
      ...FAST,
    ];

    const first = spawnCli(args, env);
    await until('a running job in the state file', async () =>
      (await readState(statePath))?.state.streams[0]?.chunks.some((c) => c.status === 'running') ? true : undefined,
    );
    first.child.kill('SIGINT');
    const stopped = await first.exit;
    expect(stopped.code).toBe(130);
    expect(stopped.signal).toBeNull();
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/Interrupted\. \d+ of 3000 tasks done\. To go on, run the same command again/);
    const saved = (await readState(statePath)) as StateFile;
    expect(saved.state.streams[0]?.chunks.some((c) => c.status === 'running' || c.status === 'finished')).toBe(true);
    expect(saved.state.streams[0]?.chunks.at(-1)?.status).toBe('planned');

    const second = await spawnCli(args, env).exit;
    expect(second.code).toBe(0);
    const counts = submissionsPerTarget(emulator);
    expect(counts.size).toBe(3_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(ids.every((id) => emulator.state.sim(id)?.status === 'active')).toBe(true);
  }, 120_000);

  it('"emulator --port N" serves until SIGINT, then exits 0', async () => {
    const port = await new Promise<number>((resolve) => {
      // a free port from the OS, released before the emulator takes it
      import('node:net').then(({ createServer }) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      });
    });
    const emulator = spawnCli(['emulator', '--port', String(port), '--sims', '3', '--json'], {});
    const info = await until('the emulator line', () => {
      const line = emulator.stdout().split('\n')[0];
      return line
        ? (JSON.parse(line) as { baseUrl: string; credentials: { apiKey: string; token: string } })
        : undefined;
    });
    expect(info.baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
    const m = memoryIo();
    const code = await runCli(
      [
        '--endpoint',
        info.baseUrl,
        '--api-key',
        info.credentials.apiKey,
        '--api-token',
        info.credentials.token,
        'groups',
        'create',
        '--batch-group-name',
        'p',
      ],
      m.io,
    );
    expect(code).toBe(0);
    emulator.child.kill('SIGINT');
    const exit = await emulator.exit;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.stderr).toContain('Emulator stopped.');
  }, 60_000);
});
