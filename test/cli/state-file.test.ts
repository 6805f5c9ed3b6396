/**
 * `--state-file` and Ctrl-C, in-process: the state (a cache) after every change, a run taken up again by the
 * same command without resubmitting, a finished run refused, clean interruption.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/errors.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, interruptOnFirstJob, SHORT_SETTLE, submissionsPerTarget, useCliWorld } from './support/cli-world.js';
import type { MemoryIo } from './support/memory-io.js';

const world = useCliWorld();

async function readState(path: string): Promise<
  | {
      kind: string;
      command: string;
      state: { streams: Array<{ chunks: Array<{ status: string; jobs: Array<{ jobId: string }> }> }> };
    }
  | undefined
> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Presses Ctrl-C once the state file shows a job running (polls; generous deadline). */
function interruptWhenRunning(statePath: string): (m: MemoryIo) => void {
  return (m) => {
    const deadline = Date.now() + 20_000;
    const poll = async () => {
      while (Date.now() < deadline) {
        const file = await readState(statePath);
        if (file?.state.streams[0]?.chunks.some((c) => c.status === 'running')) {
          m.interrupt();
          return;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    void poll();
  };
}

describe('--state-file', () => {
  it('is written as the run goes (atomically, owner-only, no temporary file left); a finished run is refused', async () => {
    const ids = simIds(12);
    const w = await world({ sims: 12 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = [
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '5',
      '--state-file',
      'state.json',
      ...SHORT_SETTLE,
      ...FAST,
    ];
    const first = await w.cli(args);
    expect(first.code).toBe(0);
    const saved = await readState(join(w.dir, 'state.json'));
    expect(saved).toMatchObject({ kind: 'soracom-batch/run-state', command: 'run activate' });
    expect(saved?.state.streams[0]?.chunks.map((c) => c.status)).toEqual(['finished', 'finished', 'finished']);
    expect((await stat(join(w.dir, 'state.json'))).mode & 0o777).toBe(0o600);
    expect((await readdir(w.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const again = await w.cli(args);
    expect(again.code).toBe(ExitCode.alreadyRun);
    expect(again.stderr).toMatch(/these activateSim tasks already ran in batch group \S+: generation 1, 3 job\(s\)/);
    expect(w.emulator.state.jobs()).toHaveLength(3);
    // --again runs them as generation 2.
    const second = await w.cli([...args, '--again']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ generation: 2, total: 12, succeeded: 12 });
    expect(w.emulator.state.jobs()).toHaveLength(6);
  });

  it('Ctrl-C stops cleanly (exit 130); the same command then finishes without resubmitting', async () => {
    const ids = simIds(30);
    const w = await world({ sims: 30, taskDurationMs: 15 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const statePath = join(w.dir, 'state.json');
    const args = [
      'run',
      'suspend',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '10',
      '--state-file',
      'state.json',
      ...SHORT_SETTLE,
      ...FAST,
    ];

    const stopped = await w.cli(args, { during: interruptWhenRunning(statePath) });
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/Stopping: no further job is submitted/);
    expect(stopped.stderr).toMatch(/Interrupted\. \d+ of 30 tasks done\. To go on, run the same command again/);
    const saved = await readState(statePath);
    expect(saved?.state.streams[0]?.chunks.some((c) => c.status === 'running' || c.status === 'finished')).toBe(true);
    expect(saved?.state.streams[0]?.chunks.at(-1)?.status).toBe('planned');
    const jobsAtStop = w.emulator.state.jobs().length;
    expect(jobsAtStop).toBeLessThan(3);

    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/Going on with the unfinished run of these tasks/);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: true, total: 30, succeeded: 30, failed: 0 });
    const counts = submissionsPerTarget(w.emulator);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(ids.every((id) => w.emulator.state.sim(id)?.status === 'suspended')).toBe(true);
  });

  it('without --state-file, an interrupted run is taken up by the same command, from any folder', async () => {
    const ids = simIds(20);
    const w = await world({ sims: 20, taskDurationMs: 15 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = [
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '10',
      ...SHORT_SETTLE,
      ...FAST,
    ];
    const stopped = await w.cli(args, {
      during: interruptOnFirstJob(w.emulator),
    });
    expect(stopped.code).toBe(130);
    // The cache lives in the user's cache folder, not in the working folder.
    expect((await readdir(w.dir)).filter((f) => f.includes('state'))).toEqual([]);
    await mkdir(join(w.dir, 'elsewhere'));
    const resumed = await w.cli(args, { cwd: join(w.dir, 'elsewhere') });
    expect(resumed.code).toBe(0);
    expect([...submissionsPerTarget(w.emulator).values()].every((n) => n === 1)).toBe(true);
    expect(submissionsPerTarget(w.emulator).size).toBe(20);
  });

  it('refuses a state file of another input, another action, another group, or not a state file at all (exit 1, nothing sent)', async () => {
    const ids = simIds(4);
    const w = await world({ sims: 4 });
    const a = await w.file('a.txt', ids.slice(0, 2).join('\n'));
    const b = await w.file('b.txt', ids.slice(2).join('\n'));
    const flags = ['--group-name', 'x', '--state-file', 's.json', ...FAST];
    expect((await w.cli(['run', 'activate', '--input', a, ...flags])).code).toBe(0);
    w.emulator.state.clearRequests();

    const otherInput = await w.cli(['run', 'activate', '--input', b, ...flags]);
    expect(otherInput.code).toBe(1);
    expect(otherInput.stderr).toMatch(/--state-file s\.json cannot be used for this run: the task list differs/);
    const otherAction = await w.cli(['run', 'suspend', '--input', a, ...flags]);
    expect(otherAction.code).toBe(1);
    expect(otherAction.stderr).toMatch(/it ran activateSim, not suspendSim/);
    const otherGroup = await w.cli([
      'run',
      'activate',
      '--input',
      a,
      '--group-name',
      'y',
      '--state-file',
      's.json',
      ...FAST,
    ]);
    expect(otherGroup.code).toBe(1);
    expect(otherGroup.stderr).toMatch(
      /--state-file s\.json belongs to batch group \S+, not \S+: use another --state-file/,
    );
    const junk = await w.file('junk.json', '{"hello": 1}');
    const notState = await w.cli(['run', 'activate', '--input', a, '--group-name', 'x', '--state-file', junk, ...FAST]);
    expect(notState.code).toBe(1);
    expect(notState.stderr).toMatch(/is not a soracom-batch state file: name another file/);
    expect(await readFile(junk, 'utf8')).toBe('{"hello": 1}');
    expect(w.emulator.state.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'))).toEqual([]);
  });
});
