/**
 * The `--failed-output` file (src/cli/failed-output.ts), written directly: its columns, each failed task
 * as one row (the target as `run` reads it, then why and where it failed), each task once across runs,
 * cells a spreadsheet would run made safe, secrets redacted, and a file of other columns refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { FailedOutput, failedColumns } from '../../src/cli/failed-output.js';
import type { FailedTask } from '../../src/runner/run-types.js';
import { tasks } from '../../src/tasks/builders.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function pathIn(name = 'failed.csv'): string {
  const dir = mkdtempSync(join(tmpdir(), 'failed-output-test-'));
  dirs.push(dir);
  return join(dir, name);
}

const INFO = ['status_code', 'error_code', 'error_message', 'job_id', 'task_id', 'method', 'path'];

function failed(
  request: FailedTask['request'],
  response: FailedTask['response'],
  taskId = 1,
  jobId = 'job-1',
): FailedTask {
  return { action: 'activateSim', jobId, taskId, request, response } as FailedTask;
}

const rowsOf = (path: string) => parse(readFileSync(path, 'utf8')) as string[][];

describe('failedColumns', () => {
  it('the targets’ columns once each, one per tag name, then why and where; action first for several actions', () => {
    expect(failedColumns(['activateSim'], [], false)).toEqual(['sim_id', ...INFO]);
    expect(failedColumns(['setSimGroup', 'activateSim'], ['b', 'a', 'b'], true)).toEqual([
      'action',
      'sim_id',
      'group_id',
      'tag:b',
      'tag:a',
      ...INFO,
    ]);
    expect(failedColumns(['putVirtualPrivateGatewayIpAddressMapEntry'], [], false)).toEqual([
      'vpg_id',
      'imsi',
      'ip_address',
      ...INFO,
    ]);
  });
});

describe('FailedOutput', () => {
  it('writes the header, then one row per failed task, owner-only', () => {
    const path = pathIn();
    const out = FailedOutput.open(path, 'failed.csv', failedColumns(['activateSim'], [], false), (t) => t);
    const request = tasks.activateSim('8981100000000000001').request;
    out.write(failed(request, { statusCode: 404, body: { code: 'SEM0004', message: 'No such SIM' } }, 7));
    out.close();
    expect(rowsOf(path)).toEqual([
      ['sim_id', ...INFO],
      ['8981100000000000001', '404', 'SEM0004', 'No such SIM', 'job-1', '7', 'POST', request.path],
    ]);
    expect(out.count).toBe(1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads each target’s columns from the request: group, tags, VPG entry; a path segment decoded when it can be', () => {
    const path = pathIn();
    const columns = failedColumns(
      ['setSimGroup', 'putSimTags', 'putVirtualPrivateGatewayIpAddressMapEntry'],
      ['area', 'room'],
      true,
    );
    const names = (action: string) => `cli-${action}`;
    const out = FailedOutput.open(path, 'failed.csv', columns, (t) => t, names);
    const group = tasks.setSimGroup('111', 'g-9').request;
    const tags = tasks.putSimTags('222', { area: 'tokyo', room: '3' }).request;
    const vpg = tasks.putVirtualPrivateGatewayIpAddressMapEntry('vpg-1', {
      key: '440101234567890',
      ipAddress: '10.0.0.1',
    }).request;
    out.write({ ...failed(group, { statusCode: 500 }, 1), action: 'setSimGroup' });
    out.write({ ...failed(tags, { statusCode: 500 }, 2), action: 'putSimTags' });
    out.write({ ...failed(vpg, { statusCode: 500 }, 3), action: 'putVirtualPrivateGatewayIpAddressMapEntry' });
    out.write(failed({ path: '/v1/sims/a%20b/activate', method: 'POST' }, { statusCode: 500 }, 4));
    out.write(failed({ path: '/v1/sims/a%zz/activate', method: 'POST' }, { statusCode: 500 }, 5));
    out.close();
    const [header, ...rows] = rowsOf(path);
    const byColumn = rows.map((row) => Object.fromEntries((header as string[]).map((c, i) => [c, row[i]])));
    expect(
      byColumn.map((r) => [
        r.action,
        r.sim_id,
        r.group_id,
        r['tag:area'],
        r['tag:room'],
        r.vpg_id,
        r.imsi,
        r.ip_address,
      ]),
    ).toEqual([
      ['cli-setSimGroup', '111', 'g-9', '', '', '', '', ''],
      ['cli-putSimTags', '222', '', 'tokyo', '3', '', '', ''],
      ['cli-putVirtualPrivateGatewayIpAddressMapEntry', '', '', '', '', 'vpg-1', '440101234567890', '10.0.0.1'],
      ['cli-activateSim', 'a b', '', '', '', '', '', ''],
      ['cli-activateSim', 'a%zz', '', '', '', '', '', ''],
    ]);
  });

  it('says why from the error body: its code and message, else the body itself, cut at 500 characters', () => {
    const path = pathIn();
    const out = FailedOutput.open(path, 'failed.csv', failedColumns(['activateSim'], [], false), (t) => t);
    const request = tasks.activateSim('1').request;
    out.write(failed(request, { statusCode: 400, body: { message: 'm'.repeat(600) } }, 1));
    out.write(failed(request, { statusCode: 400, body: { code: 'C1' } }, 2));
    out.write(failed(request, { statusCode: 502, body: ['bad', 'gateway'] }, 3));
    out.write(failed(request, { statusCode: 502, body: { detail: 'x'.repeat(600) } }, 4));
    out.write(failed(request, { statusCode: 504 }, 5));
    out.write(failed(request, undefined, 6));
    out.close();
    const rows = rowsOf(path).slice(1);
    expect(rows.map((r) => [r[1], r[2], r[3]?.length])).toEqual([
      ['400', '', 500],
      ['400', 'C1', 0],
      ['502', '', '["bad","gateway"]'.length],
      ['502', '', 500],
      ['504', '', 0],
      ['', '', 0],
    ]);
    expect(rows[2]?.[3]).toBe('["bad","gateway"]');
  });

  it('writes each task once, across runs: an existing file of the same columns is continued', () => {
    const path = pathIn();
    const columns = failedColumns(['activateSim'], [], false);
    const request = tasks.activateSim('1').request;
    const first = FailedOutput.open(path, 'failed.csv', columns, (t) => t);
    first.write(failed(request, { statusCode: 500 }, 1, 'job-a'));
    first.write(failed(request, { statusCode: 500 }, 1, 'job-a'));
    first.write(failed(request, { statusCode: 500 }, 2, 'job-a'));
    first.close();
    expect(first.count).toBe(2);
    const again = FailedOutput.open(path, 'failed.csv', columns, (t) => t);
    again.write(failed(request, { statusCode: 500 }, 2, 'job-a'));
    again.write(failed(request, { statusCode: 500 }, 1, 'job-b'));
    again.close();
    expect(again.count).toBe(1);
    expect(rowsOf(path).map((r) => `${r[4]}/${r[5]}`)).toEqual(['job_id/task_id', 'job-a/1', 'job-a/2', 'job-b/1']);
  });

  it('makes cells a spreadsheet would run safe, and redacts every row', () => {
    const path = pathIn();
    const out = FailedOutput.open(path, 'failed.csv', failedColumns(['activateSim'], [], false), (t) =>
      t.replaceAll('SECRET-KEY', '[redacted]'),
    );
    const request = tasks.activateSim('1').request;
    out.write(failed(request, { statusCode: 400, body: { code: '=cmd()', message: 'key SECRET-KEY refused' } }));
    out.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('SECRET-KEY');
    expect(rowsOf(path)[1]?.slice(2, 4)).toEqual(["'=cmd()", 'key [redacted] refused']);
  });

  it('refuses a file of other columns, one that is not CSV, and one it cannot read; none is touched', () => {
    const columns = failedColumns(['activateSim'], [], false);
    const other = pathIn();
    writeFileSync(other, 'name,value\na,b\n');
    const refusal =
      '--failed-output f.csv exists and is not a failed-tasks file of this command (its columns differ): name another file, or move it away';
    expect(() => FailedOutput.open(other, 'f.csv', columns, (t) => t)).toThrow(refusal);
    expect(readFileSync(other, 'utf8')).toBe('name,value\na,b\n');
    const broken = pathIn();
    writeFileSync(broken, '"unclosed\n');
    expect(() => FailedOutput.open(broken, 'f.csv', columns, (t) => t)).toThrow(refusal);
    const empty = pathIn();
    writeFileSync(empty, '');
    expect(() => FailedOutput.open(empty, 'f.csv', columns, (t) => t)).toThrow(refusal);
    const folder = pathIn('dir.csv');
    mkdirSync(folder);
    expect(() => FailedOutput.open(folder, 'dir.csv', columns, (t) => t)).toThrow(
      'cannot read --failed-output dir.csv: EISDIR',
    );
  });
});
