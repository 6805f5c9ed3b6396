/** `--dry-run`: the whole input checked, the jobs printed, nothing sent (no credentials needed either). */
import { describe, expect, it } from 'vitest';
import { simIds } from '../../src/testing/index.js';
import { useCliWorld } from './support/cli-world.js';

const world = useCliWorld();

describe('--dry-run', () => {
  it('prints the jobs it would create and sends no request at all', async () => {
    const ids = simIds(25);
    const w = await world({ sims: 25 });
    const input = await w.file('fleet.csv', `sim_id,tag:area\n${ids.map((id) => `${id},tokyo`).join('\n')}\n`);
    const result = await w.cli([
      'run',
      'put-tags',
      '--input',
      input,
      '--group-name',
      'July',
      '--chunk-size',
      '10',
      '--job-name',
      'tags',
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({
      dryRun: true,
      action: 'putSimTags',
      tasks: 25,
      batchGroup: { batchGroupName: 'July' },
    });
    expect(
      plan.jobs.map((j: { jobName: string; tasks: number; from: string; to: string }) => [
        j.jobName,
        j.tasks,
        j.from,
        j.to,
      ]),
    ).toEqual([
      ['tags (1/3)', 10, 'line 2', 'line 11'],
      ['tags (2/3)', 10, 'line 12', 'line 21'],
      ['tags (3/3)', 5, 'line 22', 'line 26'],
    ]);
    expect(plan.jobs[0].firstTask).toEqual({
      path: `/v1/sims/${ids[0]}/tags`,
      method: 'PUT',
      body: [{ tagName: 'area', tagValue: 'tokyo' }],
    });
    expect(result.stderr).toMatch(/Dry run: 3 job\(s\) would be created; nothing was sent\./);
    expect(w.emulator.state.requests()).toEqual([]);
  });

  it('needs no credentials', async () => {
    const w = await world();
    const input = await w.file('ids.txt', simIds(3).join('\n'));
    const result = await w.cli(
      ['run', 'activate', '--input', input, '--batch-group-id', 'g', '--dry-run', '--output', 'table'],
      { noAuth: true },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^job\s+jobName\s+tasks\s+from\s+to/);
  });

  it('still reports every invalid row and exits 1, and runs with --skip-invalid', async () => {
    const w = await world();
    const input = await w.file('ids.txt', `${simIds(1)[0]}\nbad id\n`);
    const failed = await w.cli(['run', 'activate', '--input', input, '--group-name', 'x', '--dry-run']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('line 2: invalid: sim_id must not contain whitespace');
    const skipped = await w.cli([
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--dry-run',
      '--skip-invalid',
    ]);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).tasks).toBe(1);
    expect(w.emulator.state.requests()).toEqual([]);
  });

  it('checks the job name fits the API limit with the " (i/n)" suffix', async () => {
    const w = await world();
    const input = await w.file('ids.txt', simIds(3).join('\n'));
    const result = await w.cli([
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--dry-run',
      '--chunk-size',
      '1',
      '--job-name',
      'n'.repeat(96),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--job-name must be a string of at most 94 characters/);
  });
});
