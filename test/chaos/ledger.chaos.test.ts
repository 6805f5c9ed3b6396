/**
 * The batch group is the ledger: what users really do with local files and machines, against the
 * emulator, with the command line run in-process (one "machine" per home folder, so each has its own
 * cache and locks). Every case ends with the audit of every task of every job (per SIM: 0 duplicates,
 * 0 missing, the SIMs in the intended state) or a documented refusal with nothing sent. The cases that
 * need real processes (a closed stderr, a moved clock, two processes at once, racing for a stale lock)
 * are in operations.process.test.ts.
 */
import { copyFile, link, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/errors.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, SHORT_SETTLE, submissionsPerTarget, useCliWorld, type World, writes } from '../cli/support/cli-world.js';
import type { MemoryIo } from '../cli/support/memory-io.js';
import { audit } from './audit.js';
import { type Answer, CREATE_JOB, GET_JOB, LIST_TASKS, startFaultProxy } from './fault-proxy.js';

const world = useCliWorld();
const SIMS = 30;
const ids = simIds(SIMS);

const runArgs = (action: string, input: string, ...flags: string[]) => [
  'run',
  action,
  '--input',
  input,
  '--batch-group-name',
  'fleet',
  '--chunk-size',
  '10',
  ...SHORT_SETTLE,
  ...flags,
  ...FAST,
];

const exactlyOnce = (w: World, targets: readonly string[] = ids) =>
  expect(audit(w.emulator, targets)).toMatchObject({ duplicates: [], missing: [] });

type SavedState = { state: { streams: Array<{ chunks: Array<{ status: string }> }> } };
async function chunkStatuses(path: string): Promise<string[]> {
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as SavedState;
    return saved.state.streams.flatMap((s) => s.chunks.map((c) => c.status));
  } catch {
    return [];
  }
}

/** Waits until `probe` is true (generous deadline; nothing is asserted about speed). */
async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (
    !(await Promise.resolve()
      .then(probe)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Ctrl-C once `probe` holds; `hard`: twice (the process quits at once, a create in flight abandoned). */
const stopWhen =
  (what: string, probe: () => Promise<boolean> | boolean, hard = false) =>
  (io: MemoryIo) => {
    void until(what, probe).then(() => {
      io.interrupt();
      if (hard) io.interrupt();
    });
  };

const finishedJobs = (w: World) => w.emulator.state.jobs().filter((j) => j.status === 'completed').length;

describe('lost, damaged and restored state files', () => {
  it('(1) the same command after its state file was lost: an unfinished run goes on, a finished one is refused', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--state-file', 's.json');
    const stopped = await w.cli(args, { during: stopWhen('a finished job', () => finishedJobs(w) >= 1) });
    expect(stopped.code).toBe(ExitCode.interrupted);
    await rm(join(w.dir, 's.json'));
    await w.emulator.state.whenIdle();
    const jobsBefore = w.emulator.state.jobs().length;
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`${jobsBefore} of 3 job\\(s\\) found in the group`));
    exactlyOnce(w);
    await rm(join(w.dir, 's.json'));
    const refused = await w.cli(args);
    expect(refused.code).toBe(ExitCode.alreadyRun);
    expect(refused.stderr).toMatch(/already ran in batch group \S+: generation 1, 3 job\(s\)/);
    expect(w.emulator.state.jobs()).toHaveLength(3);
    exactlyOnce(w);
  });

  it('(2) a run interrupted without --state-file: the same command goes on, nothing twice', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('suspend', input);
    const stopped = await w.cli(args, { during: stopWhen('a job', () => w.emulator.state.jobs().length >= 1) });
    expect(stopped.code).toBe(ExitCode.interrupted);
    expect((await w.cli(args)).code).toBe(0);
    exactlyOnce(w);
    expect(ids.every((id) => w.emulator.state.sim(id)?.status === 'suspended')).toBe(true);
  });

  it('(3) run in June, deactivated, run again in July (--again), July interrupted and its state lost: July goes on', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const june = runArgs('activate', input, '--state-file', 'june.json');
    expect((await w.cli(june)).code).toBe(0);
    expect((await w.cli(runArgs('deactivate', input))).code).toBe(0);
    const july = runArgs('activate', input, '--state-file', 'july.json', '--again');
    const before = finishedJobs(w);
    const stopped = await w.cli(july, { during: stopWhen('a July job', () => finishedJobs(w) > before) });
    expect(stopped.code).toBe(ExitCode.interrupted);
    await rm(join(w.dir, 'july.json'));
    // Without --again: the unfinished July run is the latest generation, and it is the one that goes on.
    const resumed = await w.cli(runArgs('activate', input, '--state-file', 'july.json'));
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ generation: 2, succeeded: SIMS });
    expect(ids.every((id) => w.emulator.state.sim(id)?.status === 'active')).toBe(true);
    // Each SIM: activated in June and in July, deactivated once between.
    const perSim = submissionsPerTarget(w.emulator);
    expect(new Set(ids.map((id) => perSim.get(id)))).toEqual(new Set([3]));
  });

  it('(4) going on without the first --chunk-size takes the size from the jobs; another one is refused, nothing sent', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const base = ['run', 'activate', '--input', input, '--batch-group-name', 'fleet', ...SHORT_SETTLE, ...FAST];
    const stopped = await w.cli([...base, '--chunk-size', '10'], {
      during: stopWhen('a finished job', () => finishedJobs(w) >= 1),
    });
    expect(stopped.code).toBe(ExitCode.interrupted);
    await w.emulator.state.whenIdle();
    const writesBefore = writes(w.emulator).length;
    const refused = await w.cli([...base, '--chunk-size', '15']);
    expect(refused.code).toBe(ExitCode.usage);
    expect(refused.stderr).toContain('--chunk-size must be 10, or left out');
    expect(writes(w.emulator)).toHaveLength(writesBefore);
    const resumed = await w.cli(base); // the default would be 10,000
    expect(resumed.code).toBe(0);
    exactlyOnce(w);
    expect(w.emulator.state.jobs()).toHaveLength(3);
  });

  it('(6) an older copy of the state file restored: chunks that ended after the copy are not run again', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const statePath = join(w.dir, 's.json');
    const args = runArgs('activate', input, '--state-file', 's.json');
    let copied = false;
    const stopped = await w.cli(args, {
      during: (io) => {
        void until('chunk 1 finished', async () => (await chunkStatuses(statePath))[0] === 'finished')
          .then(() => copyFile(statePath, join(w.dir, 'old.json')))
          .then(() => {
            copied = true;
          })
          .then(() => until('chunk 2 finished', async () => (await chunkStatuses(statePath))[1] === 'finished'))
          .then(() => io.interrupt());
      },
    });
    expect(stopped.code).toBe(ExitCode.interrupted);
    expect(copied).toBe(true);
    await copyFile(join(w.dir, 'old.json'), statePath);
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    exactlyOnce(w);
    expect(w.emulator.state.jobs()).toHaveLength(3);
  });

  it('a damaged state file is set aside with a warning; the run goes on from the group, nothing twice', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--state-file', 's.json');
    await w.cli(args, { during: stopWhen('a finished job', () => finishedJobs(w) >= 1) });
    await writeFile(join(w.dir, 's.json'), '{"kind": "soracom-batch/run-st'); // cut short
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain("s.json is damaged (not JSON); going on from the batch group's jobs");
    exactlyOnce(w);
  });
});

describe('another machine, another folder, the same run twice', () => {
  it('(5) a second machine right after a crash with a create in flight: the late job is found, not doubled', async () => {
    // Each job starts 100 ms after it is made: time to hold the next create once job 1 exists.
    const w = await world({ sims: SIMS, taskDurationMs: 1, jobStartDelayMs: 100 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--settle-window-ms', '4000');
    const statePath = join(w.dir, 'a.json');
    let held = false;
    // Machine A: the create of chunk 2 is held by the server for 1.5 s, and A dies while it is in flight.
    const crashed = await w.cli([...args, '--state-file', 'a.json'], {
      during: stopWhen(
        'the second create in flight',
        async () => {
          const statuses = await chunkStatuses(statePath);
          if (!held && statuses[0] === 'running') {
            held = true;
            w.emulator.state.injectFaults({ operations: ['createBatchJob'], processDelayMs: 1_500, times: 1 });
          }
          return statuses[1] === 'sending';
        },
        true,
      ),
    });
    expect(crashed.code).toBe(ExitCode.interrupted);
    expect(w.emulator.state.jobs()).toHaveLength(1); // the second create has not landed yet
    // Machine B: another home (no cache, no lock), no state file, at once.
    const b = await w.cli(args, { homeDir: join(w.dir, 'machine-b') });
    expect(b.code).toBe(0);
    await w.emulator.state.whenIdle();
    exactlyOnce(w);
    expect(w.emulator.state.jobs()).toHaveLength(3);
  });

  it('a job of the stopped run that ended after the stop: the resume here waits out the settle window, saying why', async () => {
    // The cache says the stop left no create in flight, but not what happened after it: a run on another
    // machine could have sent the next create once that job ended (quietUntilOf in src/runner/reconcile.ts).
    const w = await world({ sims: SIMS, taskDurationMs: 1, paused: true });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--settle-window-ms', '4000', '--progress-interval-ms', '1');
    const stopped = await w.cli(args, { during: stopWhen('a job', () => w.emulator.state.jobs().length >= 1) });
    expect(stopped.code).toBe(ExitCode.interrupted);
    // The job ends two seconds of the server's clock (whole seconds) after the stop, at least.
    const laterSecond = (Math.floor(Date.now() / 1000) + 2) * 1000;
    await until('a later second', () => Date.now() >= laterSecond);
    w.emulator.state.resume();
    await w.emulator.state.whenIdle();
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('waiting to submit job 2/3: a run of these tasks was active moments ago');
    exactlyOnce(w);
  });

  it('(7) two resumes at once through a symlink or a hard link to one state file: the second is refused', async () => {
    const w = await world({ sims: SIMS, paused: true });
    const input = await w.file('ids.txt', ids.join('\n'));
    const first = w.cli(runArgs('activate', input, '--state-file', 's.json'));
    await until('the first run to hold its lock', async () => (await chunkStatuses(join(w.dir, 's.json'))).length > 0);
    await symlink(join(w.dir, 's.json'), join(w.dir, 'via-symlink.json'));
    await link(join(w.dir, 's.json'), join(w.dir, 'via-hardlink.json'));
    for (const path of ['via-symlink.json', 'via-hardlink.json', 's.json']) {
      const second = await w.cli(runArgs('activate', input, '--state-file', path));
      expect(second.code, path).toBe(ExitCode.usage);
      expect(second.stderr).toMatch(/is in use by another run: pid \d+ on \S+ since \S+ \(run activate\)/);
    }
    w.emulator.state.resume();
    expect((await first).code).toBe(0);
    exactlyOnce(w);
  });

  it('(9) the same input with other state files: refused on one machine; on two, both finish and meet, nothing twice', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 100 });
    const input = await w.file('ids.txt', ids.join('\n'));
    w.emulator.state.pause();
    const a = w.cli(runArgs('activate', input, '--state-file', 'a.json'));
    await until('run A to start', async () => (await chunkStatuses(join(w.dir, 'a.json'))).length > 0);
    const sameMachine = await w.cli(runArgs('activate', input, '--state-file', 'b.json'));
    expect(sameMachine.code).toBe(ExitCode.usage);
    expect(sameMachine.stderr).toMatch(/this run \(the same tasks in the same batch group\) is in use by another run/);
    const b = w.cli(runArgs('activate', input, '--state-file', 'b.json'), { homeDir: join(w.dir, 'machine-b') });
    w.emulator.state.resume();
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    exactlyOnce(w);
    expect(w.emulator.state.jobs()).toHaveLength(3);
  });
});

describe('failures, retries and never-run tasks', () => {
  const failing = ids[12] as string;

  it('(10) --abort-on-failure: the retry runs the never-run tasks too, and the run then goes on without them', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 1, failingSims: { [failing]: { status: 500, times: 1 } } });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--abort-on-failure');
    const stopped = await w.cli(args);
    expect(stopped.code).toBe(ExitCode.failedTasks);
    const report = JSON.parse(stopped.stdout);
    expect(report).toMatchObject({ failed: 1, notRun: 30 - 10 - 3 });
    const retryLine = /Retry the failed ones: soracom-batch (retry-failed .*)$/m.exec(stopped.stderr)?.[1] as string;
    expect(retryLine).toBeDefined();
    const retried = await w.cli([...retryLine.split(' '), ...FAST]);
    expect(retried.code).toBe(0);
    // The failed task and the 7 the aborted job never ran.
    expect(JSON.parse(retried.stdout)).toMatchObject({ total: 8, succeeded: 8 });
    const resumed = await w.cli(args);
    // The run's own job still failed one task (its retry is another run); none is left to run.
    expect(resumed.code).toBe(ExitCode.failedTasks);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ failed: 1, notRun: 0, handedOver: 7, succeeded: 22 });
    await w.emulator.state.whenIdle();
    const perSim = submissionsPerTarget(w.emulator);
    expect(ids.filter((id) => perSim.get(id) !== (id === failing ? 2 : 1))).toEqual([]);
    expect(ids.every((id) => w.emulator.state.sim(id)?.status === 'active')).toBe(true);
  });

  it('(10) --abort-on-failure, then the same command: the never-run tasks run as a job of their own; the retry then only retries', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 1, failingSims: { [failing]: { status: 500, times: 1 } } });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--abort-on-failure');
    const stopped = await w.cli(args);
    const jobId = (JSON.parse(stopped.stdout).jobs as Array<{ status: string; jobId: string }>).find(
      (j) => j.status === 'aborted',
    )?.jobId;
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(ExitCode.failedTasks); // the one failure stays a failure
    const after = (JSON.parse(resumed.stdout).jobs as Array<{ after?: string; tasks: number }>).find(
      (j) => j.after === jobId,
    );
    expect(after).toMatchObject({ tasks: 7 });
    const retried = await w.cli(['retry-failed', '--job-id', jobId as string, ...FAST]);
    expect(JSON.parse(retried.stdout)).toMatchObject({ total: 1, succeeded: 1 });
    const perSim = submissionsPerTarget(w.emulator);
    expect(ids.filter((id) => perSim.get(id) !== (id === failing ? 2 : 1))).toEqual([]);
  });

  it('(11) the same retry twice, or one job named twice: each failed task is retried once', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 1, failingSims: { [failing]: { status: 500, times: 1 } } });
    const input = await w.file('ids.txt', ids.join('\n'));
    const first = await w.cli(runArgs('activate', input));
    const jobId = (JSON.parse(first.stdout).jobs as Array<{ failed: number; jobId: string }>).find((j) => j.failed > 0)
      ?.jobId as string;
    const retry = ['retry-failed', '--job-id', jobId, '--job-id', jobId, ...FAST];
    expect(JSON.parse((await w.cli(retry)).stdout)).toMatchObject({ total: 1, succeeded: 1 });
    const again = await w.cli(retry);
    expect(again.code).toBe(ExitCode.alreadyRun);
    expect(again.stderr).toContain('add --again');
    expect(submissionsPerTarget(w.emulator).get(failing)).toBe(2);
  });

  it('(16) --failed-output naming the input or the state file is refused; neither file is touched', async () => {
    const w = await world({ sims: SIMS });
    const input = await w.file('ids.txt', ids.join('\n'));
    await w.file('s.json', '{"kind": "soracom-batch/run-state"}');
    for (const [file, what] of [
      [input, 'the --input file'],
      ['s.json', 'the --state-file'],
    ] as const) {
      const before = await readFile(join(w.dir, file === input ? 'ids.txt' : file), 'utf8');
      const refused = await w.cli(runArgs('activate', input, '--state-file', 's.json', '--failed-output', file));
      expect(refused.code).toBe(ExitCode.usage);
      expect(refused.stderr).toContain(`is ${what}: name another file for the failed tasks`);
      expect(await readFile(join(w.dir, file === input ? 'ids.txt' : file), 'utf8')).toBe(before);
    }
    expect(w.emulator.state.jobs()).toHaveLength(0);
  });

  it('(17) the failed output only grows across interrupted resumes, each failed task once, owner-only', async () => {
    const fails = [ids[1], ids[11], ids[21]] as string[];
    const w = await world({ sims: SIMS, taskDurationMs: 2, jobStartDelayMs: 50, failingSims: fails });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--failed-output', 'failed.csv');
    const rows = async () => (await readFile(join(w.dir, 'failed.csv'), 'utf8')).trim().split('\n').length - 1;
    const ended = () => w.emulator.state.jobs().filter((j) => j.status === 'failed').length;
    await w.cli(args, { during: stopWhen('two failed jobs', () => ended() >= 2) });
    const afterFirst = await rows();
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    // A resume stopped mid-way hands over the failures of the jobs that ended before it only at its end:
    // the file keeps what it had.
    const second = await w.cli(args, { during: stopWhen('the third job', () => w.emulator.state.jobs().length >= 3) });
    expect(second.code).toBe(ExitCode.interrupted);
    expect(await rows()).toBeGreaterThanOrEqual(afterFirst);
    expect((await w.cli(args)).code).toBe(ExitCode.failedTasks);
    const lines = (await readFile(join(w.dir, 'failed.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(lines.map((l) => l.split(',')[0]).sort()).toEqual([...fails].sort());
    expect((await stat(join(w.dir, 'failed.csv'))).mode & 0o777).toBe(0o600);
    exactlyOnce(w);
  });
});

describe('a server that does not answer as it should', () => {
  async function proxied(w: World) {
    const proxy = await startFaultProxy(new URL(w.emulator.baseUrl).origin);
    const auth = ['--endpoint', proxy.baseUrl, ...w.auth.slice(2)];
    return { proxy, cli: (argv: string[]) => w.cli([...auth, ...argv], { noAuth: true }) };
  }

  it('(12) a create answered with an earlier job: it is not taken for the new chunk, whose own job is found', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 1 });
    const { proxy, cli } = await proxied(w);
    const input = await w.file('ids.txt', ids.join('\n'));
    let firstAnswer: string | undefined;
    proxy.add({
      ...CREATE_JOB,
      action: 'transform',
      times: 2,
      transform: (answer: Answer) => {
        firstAnswer ??= answer.body;
        return { ...answer, body: firstAnswer };
      },
    });
    const result = await cli(runArgs('activate', input, '--settle-window-ms', '1000'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: SIMS });
    expect(new Set((JSON.parse(result.stdout).jobs as Array<{ jobId: string }>).map((j) => j.jobId)).size).toBe(3);
    exactlyOnce(w);
    await proxy.close();
  });

  it('(13) a task listing that repeats a page under a fresh key, or loses its next key: each failure once, none lost', async () => {
    const fails = ids.slice(0, 25);
    const w = await world({ sims: SIMS, taskDurationMs: 0, failingSims: fails, defaultPageLimit: 10 });
    const { proxy, cli } = await proxied(w);
    const input = await w.file('ids.txt', ids.join('\n'));
    let previous: string | undefined;
    // The second page of the first listing comes back as the first one again, with the real next key.
    proxy.add({
      ...LIST_TASKS,
      action: 'transform',
      times: 2,
      transform: (answer) => {
        const body = previous ?? answer.body;
        previous = answer.body;
        return { ...answer, body };
      },
    });
    const first = await cli([
      'run',
      'activate',
      '--input',
      input,
      '--batch-group-name',
      'a',
      '--failed-output',
      'a.csv',
      ...FAST,
    ]);
    expect(first.code).toBe(ExitCode.failedTasks);
    const rowsA = (await readFile(join(w.dir, 'a.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(rowsA).toHaveLength(25);
    expect(new Set(rowsA.map((r) => r.split(',')[0])).size).toBe(25);
    // A listing that always loses its next key: the gap is reported, never passed over.
    proxy.add({
      ...LIST_TASKS,
      action: 'transform',
      times: Number.POSITIVE_INFINITY,
      transform: (answer) => {
        const headers = { ...answer.headers };
        delete headers['x-soracom-next-key'];
        return { ...answer, headers };
      },
    });
    const second = await cli([
      'run',
      'deactivate',
      '--input',
      input,
      '--batch-group-name',
      'b',
      '--failed-output',
      'b.csv',
      ...FAST,
    ]);
    expect(second.code).toBe(ExitCode.failedTasks);
    expect(second.stderr).toMatch(/its task list showed 10 of its 25 failed tasks \(read twice\)/);
    expect(JSON.parse(second.stdout)).toMatchObject({
      failed: 25,
      ok: false,
      listingGaps: [{ expected: 25, listed: 10 }],
    });
    await proxy.close();
  });

  it('(15) a job reported completed while tasks are still pending is waited for; its later failures are reported', async () => {
    const failingLate = ids[9] as string;
    const w = await world({ sims: SIMS, taskDurationMs: 5, failingSims: [failingLate] });
    const { proxy, cli } = await proxied(w);
    const input = await w.file('ids.txt', ids.join('\n'));
    proxy.add({
      ...GET_JOB,
      action: 'transform',
      times: 3,
      transform: (answer) => {
        const job = JSON.parse(answer.body) as { status: string };
        if (job.status === 'running' || job.status === 'pending') job.status = 'completed';
        return { ...answer, body: JSON.stringify(job) };
      },
    });
    const result = await cli(runArgs('activate', input, '--failed-output', 'failed.csv'));
    expect(result.code).toBe(ExitCode.failedTasks);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: SIMS - 1, failed: 1, notRun: 0 });
    expect(await readFile(join(w.dir, 'failed.csv'), 'utf8')).toContain(failingLate);
    exactlyOnce(w);
    await proxy.close();
  });

  it('(19) job polls that fail for a long while are waited out: the run ends when the jobs do', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 1 });
    const input = await w.file('ids.txt', ids.join('\n'));
    // Thirty polls in a row answered 503, each call sent once (--max-retries 0): only the wait's own
    // patience (maxPollFailureMs, 10 minutes by default) carries the run through.
    w.emulator.state.injectFaults({ operations: ['getBatchJob'], status: 503, times: 30 });
    const result = await w.cli(['--max-retries', '0', ...runArgs('activate', input)]);
    expect(result.code, result.stderr).toBe(0);
    expect(w.emulator.state.requests().filter((r) => r.operationId === 'getBatchJob' && r.status === 503)).toHaveLength(
      30,
    );
    exactlyOnce(w);
  });

  it('secrets a server echoes into task errors never reach the files the CLI writes', async () => {
    const w = await world({ sims: SIMS, failingSims: [ids[3] as string] });
    const { proxy, cli } = await proxied(w);
    const key = w.emulator.credentials.apiKey as string;
    const token = w.emulator.credentials.token as string;
    proxy.add({
      ...LIST_TASKS,
      action: 'transform',
      times: Number.POSITIVE_INFINITY,
      transform: (answer) => ({
        ...answer,
        body: answer.body.replaceAll('"message":"', `"message":"key ${key} token ${token} `),
      }),
    });
    const input = await w.file('ids.txt', ids.join('\n'));
    const result = await cli(runArgs('activate', input, '--failed-output', 'failed.csv', '--state-file', 's.json'));
    expect(result.code).toBe(ExitCode.failedTasks);
    for (const file of ['failed.csv', 's.json']) {
      const text = await readFile(join(w.dir, file), 'utf8');
      expect(text).not.toContain(key);
      expect(text).not.toContain(token);
      expect((await stat(join(w.dir, file))).mode & 0o777).toBe(0o600);
    }
    expect(await readFile(join(w.dir, 'failed.csv'), 'utf8')).toContain(ids[3]);
    await proxy.close();
  });
});
