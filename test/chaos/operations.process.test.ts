/**
 * What users do that only real processes show: the command line run as separate programs against the
 * emulator, each case ending with the per-SIM audit. Racing for a stale lock, two machines running the
 * same input at once, the clock moved between a kill and the resume (under libfaketime), and the reader
 * of stderr going away. libfaketime and strace come from Debian's packages (.ci/run installs them).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';
import { type BatchEmulator, type BatchEmulatorOptions, simIds, startBatchEmulator } from '../../src/testing/index.js';
import { audit } from './audit.js';
import { spawnCli, until } from './support/processes.js';

const SIMS = 30;
const ids = simIds(SIMS);
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function place(options: BatchEmulatorOptions = {}) {
  const emulator: BatchEmulator = await startBatchEmulator({ sims: SIMS, taskDurationMs: 2, ...options });
  const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-ops-'));
  cleanup.push(
    () => emulator.close(),
    () => rm(dir, { recursive: true, force: true }),
  );
  const input = join(dir, 'ids.txt');
  await writeFile(input, ids.join('\n'));
  const args = (...flags: string[]) => [
    'run',
    'activate',
    '--input',
    input,
    '--batch-group-name',
    'ops',
    '--chunk-size',
    '10',
    '--poll-interval-ms',
    '5',
    '--max-poll-interval-ms',
    '20',
    ...flags,
  ];
  /** The environment of one machine: its own home (cache and locks). */
  const env = (home: string) => ({
    HOME: join(dir, home),
    SORACOM_ENDPOINT: emulator.baseUrl.replace(/\/v1$/, ''),
    SORACOM_AUTH_KEY_ID: emulator.credentials.authKeyId as string,
    SORACOM_AUTH_KEY: emulator.credentials.authKey as string,
  });
  return { emulator, dir, args, env };
}

async function statuses(path: string): Promise<string[]> {
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as {
      state: { streams: Array<{ chunks: Array<{ status: string }> }> };
    };
    return saved.state.streams.flatMap((s) => s.chunks.map((c) => c.status));
  } catch {
    return [];
  }
}

describe('processes and machines', () => {
  it('(8) racers for a stale lock left by a killed run: exactly one takes it, every round', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-race-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const racer = fromRoot('test', 'chaos', 'support', 'lock-racer.ts');
    for (let round = 0; round < 6; round++) {
      const [lock, go, done] = ['lock', 'go', 'done'].map((f) => join(dir, `r${round}.${f}`)) as [
        string,
        string,
        string,
      ];
      // The owner of the lock is a pid no process has (above Linux's highest), on this host: stale.
      await writeFile(lock, JSON.stringify({ pid: 4_194_305, host: hostname(), since: 'then', command: 'killed' }));
      const outputs: string[] = [];
      const racers = Array.from({ length: 6 }, (_, k) => {
        // strace holds every unlink for 0.2 s: two racers that both read the stale owner and then unlink it
        // would, the second unlinking the first one's new lock, both win (the race is made certain).
        const traced = [
          '-f',
          '-qq',
          '-o',
          '/dev/null',
          '-e',
          'trace=unlink,unlinkat',
          '-e',
          'inject=unlink,unlinkat:delay_enter=200000',
        ];
        const child = spawn('strace', [...traced, process.execPath, '--import', 'tsx', racer, lock, go, done], {
          cwd: fromRoot(),
        });
        outputs[k] = '';
        child.stdout.on('data', (d: Buffer) => (outputs[k] += d.toString('utf8')));
        return new Promise<void>((resolve) => child.on('close', () => resolve()));
      });
      await new Promise((r) => setTimeout(r, 1_500)); // the racers start and wait for the go
      await writeFile(go, '');
      // Every racer tries while the winner holds the lock: no second winner can come after a release.
      await until('every racer to answer', () => outputs.every((o) => o.includes('\n')));
      await writeFile(done, '');
      await Promise.all(racers);
      const outcomes = outputs.map((o) => o.trim());
      expect(
        outcomes.filter((o) => o === 'won'),
        `round ${round}: ${outcomes.join(' ')}`,
      ).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5);
    }
  }, 120_000);

  it('(9) two machines start the same input at once with their own state files: both finish, nothing twice', async () => {
    // Each job starts 100 ms after it is made: a second create of the same chunk meets it still running.
    const p = await place({ jobStartDelayMs: 100 });
    const a = spawnCli(p.args('--state-file', join(p.dir, 'a.json')), p.env('a'));
    const b = spawnCli(p.args('--state-file', join(p.dir, 'b.json')), p.env('b'));
    const [ra, rb] = await Promise.all([a.exit, b.exit]);
    expect([ra.code, rb.code], `${ra.stderr}\n${rb.stderr}`).toEqual([0, 0]);
    await p.emulator.state.whenIdle();
    expect(audit(p.emulator, ids)).toMatchObject({ duplicates: [], missing: [], jobs: 3 });
  }, 120_000);

  // Ahead: a create that lands late must still be found (a local clock would think the window long past).
  // Behind: a create that never lands must not hold the resume for an hour (a local clock would wait).
  for (const [shift, what, fault] of [
    ['+1h', 'ahead, the create landing late', { processDelayMs: 2_000 }],
    ['-1h', 'behind, the create never landing', { processDelayMs: 30_000, status: 503 }],
  ] as const) {
    it(`(14) the clock moved an hour ${what}: one job per chunk, and the resume does not wait an hour`, async () => {
      // Each job starts 100 ms after it is made: time to hold the next create once job 1 exists.
      const p = await place({ jobStartDelayMs: 100 });
      const statePath = join(p.dir, 's.json');
      const args = p.args('--state-file', statePath, '--settle-window-ms', '5000');
      const first = spawnCli(args, p.env('m'));
      let held = false;
      await until('the second create in flight', async () => {
        const now = await statuses(statePath);
        if (!held && now[0] === 'running') {
          held = true;
          p.emulator.state.injectFaults({ operations: ['createBatchJob'], times: 1, ...fault });
        }
        return now[1] === 'sending';
      });
      first.child.kill('SIGKILL');
      await first.exit;
      expect(p.emulator.state.jobs()).toHaveLength(1);
      const moved = { ...p.env('m'), FAKETIME_DONT_FAKE_MONOTONIC: '1' };
      const resumed = await spawnCli(args, moved, ['faketime', '-f', shift]).exit;
      expect(resumed.code, resumed.stderr).toBe(0);
      await p.emulator.state.whenIdle();
      expect(audit(p.emulator, ids)).toMatchObject({ duplicates: [], missing: [], jobs: 3 });
    }, 90_000);
  }

  it('(18) the reader of stderr goes away: the run goes on and submits every job', async () => {
    const p = await place({ taskDurationMs: 5 });
    const run = spawnCli(p.args('--chunk-size', '6'), p.env('m'));
    await until('a first line on stderr', () => run.stderr().includes('\n'));
    run.child.stderr?.destroy(); // as `2>&1 | head -1` does once it has its line
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    expect(JSON.parse(exit.stdout)).toMatchObject({ succeeded: SIMS });
    expect(audit(p.emulator, ids)).toMatchObject({ duplicates: [], missing: [], jobs: 5 });
  }, 120_000);
});
