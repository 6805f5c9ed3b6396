/**
 * Exit codes: 0 all succeeded, 1 usage or input error, 2 API or network error, 3 failed tasks, 4 already run
 * (nothing sent), 130 interrupted.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/errors.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, useCliWorld } from './support/cli-world.js';

const world = useCliWorld();

describe('exit codes', () => {
  it('are the documented numbers', () => {
    expect(ExitCode).toEqual({ ok: 0, usage: 1, api: 2, failedTasks: 3, alreadyRun: 4, interrupted: 130 });
  });

  it('0, 1, 2 and 3 for the four outcomes of a run', async () => {
    const ids = simIds(3);
    const w = await world({ sims: 3 });
    const good = await w.file('good.txt', ids.join('\n'));
    const bad = await w.file('bad.txt', 'not an id\n');
    const unknown = await w.file('unknown.txt', '8981100009999999999\n');
    expect((await w.cli(['run', 'activate', '--input', good, '--group-name', 'x', ...FAST])).code).toBe(0);
    expect((await w.cli(['run', 'activate', '--input', bad, '--group-name', 'x', ...FAST])).code).toBe(1);
    expect((await w.cli(['run', 'activate', '--input', unknown, '--group-name', 'x', ...FAST])).code).toBe(3);
    expect((await w.cli(['run', 'activate', '--input', good, '--batch-group-id', 'no-such-group', ...FAST])).code).toBe(
      2,
    );
  });

  it('2 when the API keeps failing (5xx after the retries) or cannot be reached', async () => {
    const w = await world({ sims: 1, faults: [{ status: 503, times: Infinity, operations: ['listBatchGroups'] }] });
    const failing = await w.cli(['--max-retries', '1', 'groups', 'list']);
    expect(failing.code).toBe(2);
    expect(failing.stderr).toMatch(/^error: .*503/);
    const unreachable = await w.cli(
      [
        '--endpoint',
        'http://127.0.0.1:9',
        '--api-key',
        'k-123456',
        '--api-token',
        't-123456',
        '--max-retries',
        '0',
        'groups',
        'list',
      ],
      { noAuth: true },
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('2 for an API error in the middle of a run, which keeps a state that resumes it', async () => {
    const ids = simIds(6);
    const w = await world({ sims: 6, taskDurationMs: 10 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const args = [
      '--max-retries',
      '0',
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '2',
      ...FAST,
    ];
    // Once the first job exists, createBatchJob is refused (403): the run stops with an API error.
    const refused = await w.cli(args, {
      during: () => {
        const poll = async () => {
          for (let i = 0; i < 4000 && w.emulator.state.jobs().length === 0; i++)
            await new Promise((r) => setTimeout(r, 2));
          w.emulator.state.injectFaults({ status: 403, times: Infinity, operations: ['createBatchJob'] });
        };
        void poll();
      },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: POST \/v1\/batch_groups\/\S+\/jobs .*403/m);
    expect(refused.stderr).toContain('To go on once the cause is fixed, run the same command again');
    w.emulator.state.clearFaults();
    const resumed = await w.cli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/Going on with the unfinished run of these tasks .*: 1 of 3 job\(s\) found/);
    expect(w.emulator.state.jobs()).toHaveLength(3);
    // Once finished, the same command is refused: nothing is sent.
    const again = await w.cli(args);
    expect(again.code).toBe(ExitCode.alreadyRun);
    expect(again.stderr).toMatch(
      /error: these activateSim tasks already ran in batch group \S+: generation 1, 3 job\(s\)/,
    );
    expect(again.stderr).toContain('add --again');
    expect(w.emulator.state.jobs()).toHaveLength(3);
  });
});
