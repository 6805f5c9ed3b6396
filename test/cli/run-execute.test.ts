/**
 * The run stage of the command line (src/cli/run-execute.ts), in-process against the emulator: the files
 * it refuses before anything is sent, the SDK's refusals said in the CLI's flags, a state file of another
 * run or group, the machine's cache of a run kept while tasks are left and removed once none are, and Ctrl-C.
 */
import { link, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/errors.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, interruptOnFirstJob, SHORT_SETTLE, submissionsPerTarget, useCliWorld } from './support/cli-world.js';

const world = useCliWorld();
const ids = simIds(6);
const writes = (w: { emulator: { state: { requests(): Array<{ method: string }> } } }) =>
  w.emulator.state.requests().filter((r) => r.method !== 'GET').length;

function run(action: string, input: string, ...flags: string[]): string[] {
  return [
    'run',
    action,
    '--input',
    input,
    '--batch-group-name',
    'fleet',
    '--chunk-size',
    '3',
    ...SHORT_SETTLE,
    ...flags,
    ...FAST,
  ];
}

describe('files refused before anything is sent', () => {
  it('--failed-output naming the input through a hard link, or the state file through a symlink', async () => {
    const w = await world({ sims: 6 });
    const input = await w.file('ids.txt', ids.join('\n'));
    await link(input, join(w.dir, 'same-input.csv'));
    await w.file('s.json', '');
    await symlink(join(w.dir, 's.json'), join(w.dir, 'state-link.json'));
    const viaLink = await w.cli(run('activate', input, '--failed-output', 'same-input.csv'));
    expect(viaLink.code).toBe(ExitCode.usage);
    expect(viaLink.stderr).toContain(
      '--failed-output same-input.csv is the --input file: name another file for the failed tasks',
    );
    const viaSymlink = await w.cli(
      run('activate', input, '--state-file', 's.json', '--failed-output', 'state-link.json'),
    );
    expect(viaSymlink.code).toBe(ExitCode.usage);
    expect(viaSymlink.stderr).toContain(
      '--failed-output state-link.json is the --state-file: name another file for the failed tasks',
    );
    const other = await w.cli(run('activate', input, '--failed-output', 'failed.csv'));
    expect(other.code).toBe(ExitCode.ok);
    expect(w.emulator.state.jobs()).toHaveLength(2);
    const perSim = submissionsPerTarget(w.emulator);
    expect(ids.map((id) => perSim.get(id))).toEqual(ids.map(() => 1));
  });
});

describe('the SDK’s refusals, in the flags of the command line', () => {
  it('another --chunk-size than the unfinished run’s, and --again before it finished; nothing sent', async () => {
    const w = await world({ sims: 6, failingSims: [ids[0] as string] });
    const input = await w.file('ids.txt', ids.join('\n'));
    const first = await w.cli(run('activate', input, '--abort-on-failure'));
    expect(first.code).toBe(ExitCode.failedTasks);
    expect(JSON.parse(first.stdout)).toMatchObject({ resumed: false });
    const before = writes(w);
    const size = await w.cli([...run('activate', input), '--chunk-size', '2']);
    expect(size.code).toBe(ExitCode.usage);
    expect(size.stderr).toContain('--chunk-size must be 3, or left out: the unfinished run of these tasks');
    const again = await w.cli(run('activate', input, '--again'));
    expect(again.code).toBe(ExitCode.usage);
    expect(again.stderr).toContain('--again cannot start these tasks again');
    expect(again.stderr).toContain('run without --again to finish it');
    expect(writes(w)).toBe(before);
    const resumed = await w.cli(run('activate', input));
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: true, failed: 1, notRun: 0 });
  });
});

describe('a --state-file of another run', () => {
  it('of other tasks, another action, or another batch group is refused, naming why', async () => {
    const w = await world({ sims: 6 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const fewer = await w.file('fewer.txt', ids.slice(1).join('\n'));
    expect((await w.cli(run('activate', input, '--state-file', 's.json'))).code).toBe(ExitCode.ok);
    const action = await w.cli(run('suspend', input, '--state-file', 's.json'));
    expect(action.code).toBe(ExitCode.usage);
    expect(action.stderr).toContain(
      '--state-file s.json cannot be used for this run: it ran activateSim, not suspendSim: use another --state-file',
    );
    const tasks = await w.cli(run('activate', fewer, '--state-file', 's.json'));
    expect(tasks.code).toBe(ExitCode.usage);
    expect(tasks.stderr).toContain(
      '--state-file s.json cannot be used for this run: the task list differs from the one the state was made for',
    );
    const group = await w.cli([
      ...run('activate', input, '--state-file', 's.json').filter((a) => a !== 'fleet' && a !== '--batch-group-name'),
      '--batch-group-name',
      'other',
    ]);
    expect(group.code).toBe(ExitCode.usage);
    expect(group.stderr).toMatch(/--state-file s\.json belongs to batch group \S+, not \S+: use another --state-file/);
  });
});

describe('this machine’s cache of a run', () => {
  it('is kept while tasks are left to run, and removed once none are', async () => {
    const w = await world({ sims: 6, failingSims: [ids[0] as string] });
    const input = await w.file('ids.txt', ids.join('\n'));
    const runs = join(w.dir, '.cache', 'soracom-batch', 'runs');
    expect((await w.cli(run('activate', input, '--abort-on-failure'))).code).toBe(ExitCode.failedTasks);
    const kept = await readdir(runs);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^run-[0-9a-f]{16}\.json$/);
    expect((await w.cli(run('activate', input))).code).toBe(ExitCode.failedTasks);
    expect(await readdir(runs)).toEqual([]);
  });
});

describe('Ctrl-C', () => {
  it('stops before the next job, says how far the run got and the way on; the same command finishes it', async () => {
    const w = await world({ sims: 6, taskDurationMs: 30 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const stopped = await w.cli(run('activate', input), {
      during: interruptOnFirstJob(w.emulator),
    });
    expect(stopped.code).toBe(ExitCode.interrupted);
    expect(stopped.stderr).toContain('Stopping: no further job is submitted; a job being submitted is still recorded');
    expect(stopped.stderr).toMatch(
      /\nInterrupted\. [0-3] of 6 tasks done\. To go on, run the same command again \(the batch group’s jobs say what was done; nothing is submitted twice\)\.\n$/,
    );
    expect(w.emulator.state.jobs()).toHaveLength(1);
    expect((await w.cli(run('activate', input))).code).toBe(ExitCode.ok);
    expect(w.emulator.state.jobs()).toHaveLength(2);
    const perSim = submissionsPerTarget(w.emulator);
    expect(ids.map((id) => perSim.get(id))).toEqual(ids.map(() => 1));
  });
});
