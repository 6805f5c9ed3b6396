/**
 * The chaos tier of the command line, in-process: two runs on one state file, a state folder that
 * disappears, a damaged or lost state, a changed --chunk-size, missing summaries, bytes that are not
 * UTF-8, formula cells, and run apply's action streams. Each case ends with the audit of every task
 * of every job: 0 duplicates and 0 missing, or the documented refusal before anything is sent.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simIds } from '../../src/testing/index.js';
import { FAST, SHORT_SETTLE, useCliWorld } from '../cli/support/cli-world.js';
import { audit } from './audit.js';

const world = useCliWorld();
const SIMS = 30;
const ids = simIds(SIMS);
const exactlyOnce = (w: Awaited<ReturnType<typeof world>>, targets: readonly string[] = ids) =>
  expect(audit(w.emulator, targets)).toMatchObject({ duplicates: [], missing: [] });

type State = { state: { runId: string; streams: Array<{ chunks: Array<{ status: string; jobId?: string }> }> } };
const readState = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as State;

/** `run <action> --input <input> --batch-group-name x <flags> <fast polling>`. */
const runArgs = (action: string, input: string, ...flags: string[]) => [
  'run',
  action,
  '--input',
  input,
  '--batch-group-name',
  'x',
  ...SHORT_SETTLE,
  ...flags,
  ...FAST,
];

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

describe('the command line: never twice, never dropped', () => {
  it('a second run on the same state file is refused at once, naming the holder; the first ends alone', async () => {
    const w = await world({ sims: SIMS, paused: true });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = runArgs('activate', input, '--chunk-size', '10', '--state-file', 's.json');
    const first = w.cli(args);
    await until(
      'the first run to hold the lock',
      async () => (await readFile(join(w.dir, 's.json.lock'), 'utf8')) !== '',
    );
    const second = await w.cli(args);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`is in use by another run: pid ${process.pid} on \\S+ since \\S+ \\(run activate\\)`),
    );
    w.emulator.state.resume();
    expect((await first).code).toBe(0);
    exactlyOnce(w);
    await expect(readFile(join(w.dir, 's.json.lock'), 'utf8')).rejects.toThrow(); // released at the end
  });

  it('a state-file lock left by a process that is gone (same host) is taken over', async () => {
    const w = await world({ sims: SIMS });
    const input = await w.file('ids.txt', ids.join('\n'));
    // A pid no process has: the highest a Linux pid can be, plus one.
    await w.file(
      's.json.lock',
      JSON.stringify({ pid: 4_194_305, host: (await import('node:os')).hostname(), since: 'then' }),
    );
    const result = await w.cli(runArgs('activate', input, '--state-file', 's.json'));
    expect(result.code).toBe(0);
    exactlyOnce(w);
  });

  it('going on with another --chunk-size is refused before anything is said or sent; without it, the jobs decide', async () => {
    // Paused: the first job is still running when the run is stopped.
    const w = await world({ sims: SIMS, taskDurationMs: 2, paused: true });
    const input = await w.file('ids.txt', ids.join('\n'));
    const base = runArgs('activate', input, '--state-file', 's.json');
    const stopped = await w.cli([...base, '--chunk-size', '10'], {
      during: (io) => {
        void until(
          'a running job',
          async () => (await readState(join(w.dir, 's.json'))).state.streams[0]?.chunks[0]?.status === 'running',
        ).then(() => io.interrupt());
      },
    });
    expect(stopped.code).toBe(130);
    w.emulator.state.resume();
    const writesBefore = w.emulator.state.requests().filter((r) => r.method !== 'GET').length;
    const refused = await w.cli([...base, '--chunk-size', '15']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--chunk-size must be 10, or left out');
    expect(refused.stderr).not.toContain('Going on');
    expect(w.emulator.state.requests().filter((r) => r.method !== 'GET').length).toBe(writesBefore);
    const resumed = await w.cli(base);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/Going on with the unfinished run of these tasks/);
    await w.emulator.state.whenIdle();
    exactlyOnce(w);
  });

  it('the state folder disappears mid-run: a warning, and the run goes on exactly (the group is the record)', async () => {
    // Paused: the first job waits until its state is saved and the folder is gone.
    const w = await world({ sims: SIMS, taskDurationMs: 2, paused: true });
    const input = await w.file('ids.txt', ids.join('\n'));
    await mkdir(join(w.dir, 'states'));
    const statePath = join(w.dir, 'states', 's.json');
    const args = runArgs('activate', input, '--chunk-size', '10');
    const result = await w.cli([...args, '--state-file', statePath], {
      during: () => {
        void until(
          'a running job',
          async () => (await readState(statePath)).state.streams[0]?.chunks[0]?.status === 'running',
        )
          .then(() => rm(join(w.dir, 'states'), { recursive: true, force: true }))
          .then(() => w.emulator.state.resume());
      },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`warning: could not save --state-file ${statePath} (ENOENT); going on`);
    exactlyOnce(w);
  });

  it('jobs without a summary: every failed task reaches --failed-output', async () => {
    const failing = [ids[2], ids[17], ids[29]] as string[];
    const w = await world({ sims: SIMS, hideJobSummary: true, failingSims: failing });
    const input = await w.file('ids.txt', ids.join('\n'));
    const result = await w.cli(runArgs('activate', input, '--chunk-size', '10', '--failed-output', 'failed.csv'));
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ failed: 3, succeeded: SIMS - 3, notRun: 0 });
    const lines = (await readFile(join(w.dir, 'failed.csv'), 'utf8')).trim().split('\n');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(failing.sort());
  });

  it('a line that is not UTF-8 is an invalid row with its line number, and nothing is sent', async () => {
    const w = await world({ sims: SIMS });
    const path = join(w.dir, 'ids.csv');
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from(`sim_id\n${ids[0]}\n`),
        Buffer.from([0x38, 0x39, 0xc3, 0x28, 0x0a]),
        Buffer.from(`${ids[1]}\n`),
      ]),
    );
    const result = await w.cli(runArgs('activate', path));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${path} line 3: invalid: the line is not valid UTF-8 text (save the file as UTF-8)`,
    );
    expect(w.emulator.state.jobs()).toHaveLength(0);
  });

  it('formula cells are neutralised in --failed-output, and the file runs again with the original values', async () => {
    const w = await world({ sims: SIMS, failingSims: { [ids[0] as string]: { status: 500, times: 1 } } });
    const input = await w.file(
      'tags.csv',
      `sim_id,tag:note,tag:delta\n${ids[0]},"=HYPERLINK(""http://x"")",-2+3\n${ids[1]},plain,1\n`,
    );
    const first = await w.cli(runArgs('put-tags', input, '--failed-output', 'failed.csv'));
    expect(first.code).toBe(3);
    const csv = await readFile(join(w.dir, 'failed.csv'), 'utf8');
    expect(csv).toContain(`${ids[0]},"'=HYPERLINK(""http://x"")",'-2+3,500`);
    const again = await w.cli(runArgs('put-tags', join(w.dir, 'failed.csv')));
    expect(again.code).toBe(0);
    expect(w.emulator.state.sim(ids[0] as string)?.tags).toEqual({ note: '=HYPERLINK("http://x")', delta: '-2+3' });
  });
});

describe('run apply: several actions at once', () => {
  const changes = (n: number) =>
    [
      'sim_id,group_id,tag:area,status',
      ...simIds(n).map(
        (id, i) =>
          `${id},${i % 2 ? '22222222-0000-4000-8000-000000000002' : ''},${i % 3 ? 'tokyo' : ''},${i % 5 ? 'active' : 'suspended'}`,
      ),
    ].join('\n');

  it('runs one stream of jobs per action, at the same time, each target once per action', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2 });
    const input = await w.file('changes.csv', changes(SIMS));
    const result = await w.cli(runArgs('apply', input, '--chunk-size', '10', '--failed-output', 'f.csv'));
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/ignoring/); // every column is read, status included
    const report = JSON.parse(result.stdout);
    expect(report.actions.map((a: { action: string; total: number }) => [a.action, a.total])).toEqual([
      ['set-group', 15],
      ['put-tags', 20],
      ['activate', 24],
      ['suspend', 6],
    ]);
    const sims = w.emulator.state.sims();
    expect(sims.filter((s) => s.groupId === '22222222-0000-4000-8000-000000000002')).toHaveLength(15);
    expect(sims.filter((s) => s.tags.area === 'tokyo')).toHaveLength(20);
    expect(sims.filter((s) => s.status === 'suspended')).toHaveLength(6);
    // Per action, every target once: the audit per job's action.
    const perAction = new Map<string, number>();
    for (const job of w.emulator.state.jobs())
      for (const task of w.emulator.state.tasks(job.jobId)) {
        const key = `${task.request.path}`;
        perAction.set(key, (perAction.get(key) ?? 0) + 1);
      }
    expect([...perAction.values()].every((n) => n === 1)).toBe(true);
    expect(perAction.size).toBe(15 + 20 + 30);
  });

  it('--stage orders the actions: no status job is created before every set-group and put-tags job has ended', async () => {
    const w = await world({ sims: SIMS, taskDurationMs: 2 });
    const input = await w.file('changes.csv', changes(SIMS));
    const result = await w.cli(runArgs('apply', input, '--stage', 'set-group,put-tags', '--stage', 'status'));
    expect(result.code).toBe(0);
    const jobs = w.emulator.state.jobs();
    const kind = (jobId: string) => w.emulator.state.tasks(jobId)[0]?.request?.path.split('/').at(-1);
    const firstStage = new Set(
      jobs.filter((j) => ['set_group', 'tags'].includes(kind(j.jobId) as string)).map((j) => j.jobId),
    );
    expect(firstStage.size).toBeGreaterThan(0);
    // In the order the emulator got them: the last poll of a first-stage job (it had ended: the runner
    // polls until then) comes before the first create of a status job.
    const requests = w.emulator.state.requests();
    const lastFirstStagePoll = Math.max(
      ...requests
        .filter((r) => r.operationId === 'getBatchJob' && firstStage.has(r.path.split('/').at(-1) as string))
        .map((r) => r.seq),
    );
    const creates = requests.filter((r) => r.operationId === 'createBatchJob' && r.status < 300).map((r) => r.seq);
    const statusCreates = creates.slice(firstStage.size); // the first-stage creates come first
    expect(statusCreates.length).toBeGreaterThan(0);
    expect(Math.min(...statusCreates)).toBeGreaterThan(lastFirstStagePoll);
  });

  it('a run of several actions stopped mid-way resumes exactly once per action', async () => {
    // Each job starts 100 ms after it is made: the run is still going when the first has completed.
    const w = await world({ sims: SIMS, taskDurationMs: 3, jobStartDelayMs: 100 });
    const input = await w.file('changes.csv', changes(SIMS));
    const args = runArgs('apply', input, '--chunk-size', '5', '--state-file', 's.json');
    const stopped = await w.cli(args, {
      during: (io) => {
        void until('some jobs', async () =>
          (await readState(join(w.dir, 's.json'))).state.streams.some((s) =>
            s.chunks.some((c) => c.status === 'finished'),
          ),
        ).then(() => io.interrupt());
      },
    });
    expect(stopped.code).toBe(130);
    await expect(readFile(join(w.dir, 's.json.lock'), 'utf8')).rejects.toThrow(); // released after Ctrl-C
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    const perTask = new Map<string, number>();
    for (const job of w.emulator.state.jobs())
      for (const task of w.emulator.state.tasks(job.jobId))
        perTask.set(`${task.request.path}`, (perTask.get(`${task.request.path}`) ?? 0) + 1);
    expect([...perTask.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perTask.size).toBe(15 + 20 + 30);
  });
});
