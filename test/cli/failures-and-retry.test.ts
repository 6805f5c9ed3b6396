/** Failed tasks: exit 3, `--failed-output` CSV (and feeding it back as input), `retry-failed`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VPG_ID, imsiAt, simIds } from '../../src/testing/index.js';
import { FAST, submissionsPerTarget, useCliWorld } from './support/cli-world.js';

const world = useCliWorld();
const ids = simIds(6);

describe('a run with failed tasks', () => {
  it('exits 3, reports the failures, writes them as CSV and says how to retry', async () => {
    const w = await world({ sims: 6, failingSims: { [ids[1] as string]: 400, [ids[4] as string]: 500 } });
    const input = await w.file('fleet.csv', `sim_id,tag:area\n${ids.map((id) => `${id},tokyo`).join('\n')}\n`);
    const result = await w.cli([
      'run',
      'put-tags',
      '--input',
      input,
      '--group-name',
      'x',
      '--tag',
      'fleet=north',
      '--failed-output',
      'failed.csv',
      ...FAST,
    ]);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: false,
      total: 6,
      succeeded: 4,
      failed: 2,
      notRun: 0,
      failedOutput: 'failed.csv',
    });
    const jobId = report.jobs[0].jobId as string;
    expect(result.stderr).toContain(
      'Finished with failures: run put-tags, 1 job, 4 succeeded, 2 failed, 0 not run (of 6).',
    );
    expect(result.stderr).toContain('Failed tasks: failed.csv');
    expect(result.stderr).toContain(
      `Retry the failed ones: soracom-batch retry-failed --batch-group-id ${report.batchGroupId} --job-id ${jobId}`,
    );

    const rows = parse(await readFile(join(w.dir, 'failed.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toEqual([
      expect.objectContaining({
        sim_id: ids[1],
        'tag:area': 'tokyo',
        'tag:fleet': 'north',
        status_code: '400',
        error_code: 'EMU3500',
        job_id: jobId,
        method: 'PUT',
        path: `/v1/sims/${ids[1]}/tags`,
      }),
      expect.objectContaining({ sim_id: ids[4], status_code: '500', error_code: 'EMU3500' }),
    ]);
    expect(rows[0]?.error_message).toMatch(/Injected failure/);
  });

  it('writes a header-only file when nothing failed, and the failed file is valid input once the cause is fixed', async () => {
    const w = await world({ sims: 6, failingSims: [ids[2] as string] });
    const input = await w.file('ids.txt', ids.join('\n'));
    expect(
      (
        await w.cli([
          'run',
          'set-group',
          '--input',
          input,
          '--group-name',
          'x',
          '--group-id',
          'g1',
          '--failed-output',
          'failed.csv',
          ...FAST,
        ])
      ).code,
    ).toBe(3);
    expect((await readFile(join(w.dir, 'failed.csv'), 'utf8')).split('\n')[0]).toBe(
      'sim_id,group_id,status_code,error_code,error_message,job_id,task_id,method,path',
    );
    w.emulator.state.healSims();
    const again = await w.cli([
      'run',
      'set-group',
      '--input',
      'failed.csv',
      '--group-name',
      'x',
      '--failed-output',
      'failed-again.csv',
      ...FAST,
    ]);
    expect(again.stderr).not.toMatch(/unknown column/);
    expect(again.code).toBe(0);
    expect(w.emulator.state.sim(ids[2] as string)?.groupId).toBe('g1');
    expect((await readFile(join(w.dir, 'failed-again.csv'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('--abort-on-failure stops at the first failure and submits no further job (not run counted, exit 3)', async () => {
    const w = await world({ sims: 6, failingSims: [ids[0] as string] });
    const input = await w.file('ids.txt', ids.join('\n'));
    const result = await w.cli([
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '3',
      '--abort-on-failure',
      ...FAST,
    ]);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.jobs).toHaveLength(1);
    expect(report.notRun).toBeGreaterThanOrEqual(3);
    expect(w.emulator.state.jobs()).toHaveLength(1);
  });
});

describe('retry-failed', () => {
  it('runs the failed tasks again as a new job in the same group (group looked up from the job)', async () => {
    const w = await world({ sims: 6, failingSims: [ids[1] as string, ids[3] as string] });
    const input = await w.file('ids.txt', ids.join('\n'));
    const first = JSON.parse((await w.cli(['run', 'suspend', '--input', input, '--group-name', 'x', ...FAST])).stdout);
    w.emulator.state.healSims();
    const retry = await w.cli(['retry-failed', '--job', first.jobs[0].jobId, '--failed-output', 'still.csv', ...FAST]);
    expect(retry.code).toBe(0);
    const report = JSON.parse(retry.stdout);
    expect(report).toMatchObject({
      command: 'retry-failed',
      batchGroupId: first.batchGroupId,
      ok: true,
      total: 2,
      succeeded: 2,
    });
    const retried = w.emulator.state.tasks(report.jobs[0].jobId).map((t) => t.request.path);
    expect(retried).toEqual([`/v1/sims/${ids[1]}/suspend`, `/v1/sims/${ids[3]}/suspend`]);
    expect(w.emulator.state.sim(ids[3] as string)?.status).toBe('suspended');
  });

  it('takes several jobs and --skip-status; nothing left to retry is exit 0', async () => {
    const w = await world({ sims: 6, failingSims: { [ids[0] as string]: 500 } });
    const input = await w.file('ids.txt', [...ids, '8981100009999999999'].join('\n'));
    const first = JSON.parse(
      (await w.cli(['run', 'activate', '--input', input, '--group-name', 'x', '--chunk-size', '4', ...FAST])).stdout,
    );
    const jobArgs = first.jobs.flatMap((j: { jobId: string }) => ['--job', j.jobId]);
    const skipBoth = await w.cli([
      'retry-failed',
      '--batch-group-id',
      first.batchGroupId,
      ...jobArgs,
      '--skip-status',
      '404',
      '--skip-status',
      '500',
    ]);
    expect(skipBoth.code).toBe(0);
    expect(skipBoth.stderr).toMatch(/Nothing to retry/);
    const dry = await w.cli([
      'retry-failed',
      '--batch-group-id',
      first.batchGroupId,
      ...jobArgs,
      '--skip-status',
      '404',
      '--dry-run',
    ]);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, tasks: 1, action: 'activateSim' });
    const retry = await w.cli([
      'retry-failed',
      '--batch-group-id',
      first.batchGroupId,
      ...jobArgs,
      '--skip-status',
      '404',
      ...FAST,
    ]);
    expect(retry.code).toBe(3); // the SIM still fails with 500
    expect(JSON.parse(retry.stdout)).toMatchObject({ total: 1, failed: 1 });
  });

  it('works for put-ip-address-map-entry and names an unknown job', async () => {
    const w = await world({ sims: 3, failingSims: [ids[1] as string] });
    const input = await w.file(
      'ips.csv',
      `imsi,ip_address,vpg_id\n${[0, 1, 2].map((i) => `${imsiAt(i)},10.0.1.${i + 1},${DEFAULT_VPG_ID}`).join('\n')}\n`,
    );
    const first = await w.cli([
      'run',
      'put-ip-address-map-entry',
      '--input',
      input,
      '--group-name',
      'x',
      '--failed-output',
      'failed.csv',
      ...FAST,
    ]);
    expect(first.code).toBe(3);
    const failed = parse(await readFile(join(w.dir, 'failed.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(failed).toEqual([
      expect.objectContaining({ vpg_id: DEFAULT_VPG_ID, imsi: imsiAt(1), ip_address: '10.0.1.2', status_code: '500' }),
    ]);
    w.emulator.state.healSims();
    const retry = await w.cli(['retry-failed', '--job', JSON.parse(first.stdout).jobs[0].jobId, ...FAST]);
    expect(retry.code).toBe(0);
    expect(w.emulator.state.vpgEntries(DEFAULT_VPG_ID)).toHaveLength(3);
    const unknown = await w.cli(['retry-failed', '--job', 'no-such-job']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/job no-such-job is in none of your batch groups/);
    expect([...submissionsPerTarget(w.emulator).values()].reduce((a, b) => a + b)).toBe(4);
  });
});
