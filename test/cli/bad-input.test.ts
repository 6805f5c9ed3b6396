/** Bad input: every invalid row reported with its position and reason, nothing submitted, duplicates once. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_VPG_ID, imsiAt, simIds } from '../../src/testing/index.js';
import { FAST, submissionsPerTarget, useCliWorld, writes } from './support/cli-world.js';

const world = useCliWorld();
const ids = simIds(6);

describe('invalid rows', () => {
  it('reports every invalid row with its line and reason, and submits nothing (exit 1)', async () => {
    const w = await world({ sims: 6 });
    const input = await w.file(
      'fleet.csv',
      [
        'sim_id,tag:area,tags',
        `${ids[0]},tokyo,`, //                      line 2: fine
        `898 110,tokyo,`, //                        line 3: whitespace in the ID
        `${ids[2]},,`, //                           line 4: no tags at all
        `${ids[3]},tokyo,floor3`, //                line 5: a tags part without "="
        `"${ids[4]}","multi`, //                    line 6-7: a quoted cell over two lines,
        `line",`, //                                          fine (a tag value may hold a newline)
        `,osaka,`, //                               line 8: no SIM ID
        `${ids[5]},a,b,c,d`, //                     line 9: too many cells
      ].join('\n'),
    );
    const result = await w.cli(['run', 'put-tags', '--input', input, '--group-name', 'x', ...FAST]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${input} line 3: invalid: sim_id must not contain whitespace (got "898 110")`,
      `${input} line 4: invalid: has no tags: pass --tag name=value, or fill tag:<name> or tags columns`,
      `${input} line 5: invalid: tags part "floor3" must be name=value (tags look like "area=tokyo;floor=3")`,
      `${input} line 8: invalid: has no sim_id: fill the sim_id column`,
      `${input} line 9: invalid: has 5 cells but the header has 3 columns (quote a cell that holds a comma)`,
      `error: 5 invalid row(s) in ${input}: nothing was submitted. Fix them, or pass --skip-invalid to run the 2 valid one(s)`,
    ]);
    expect(writes(w.emulator)).toEqual([]);
    expect(w.emulator.state.requests()).toEqual([]);
  });

  it('--skip-invalid reports the invalid rows and runs the valid ones', async () => {
    const w = await world({ sims: 6 });
    const input = await w.file('ids.txt', `${ids[0]}\n${ids[1]}/x\n${ids[2]}\n`);
    const result = await w.cli(['run', 'activate', '--input', input, '--group-name', 'x', '--skip-invalid', ...FAST]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${input} line 2: invalid: sim_id must not contain "/"`);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ total: 2, succeeded: 2, input: { rows: 3, tasks: 2, invalid: 1, skipped: 1 } });
    expect([...submissionsPerTarget(w.emulator).keys()]).toEqual([ids[0], ids[2]]);
  });

  it('names JSON rows by item number and JSONL rows by line, and refuses numbers where IDs belong', async () => {
    const w = await world({ sims: 6 });
    const json = await w.cli(['run', 'activate', '--input', '-', '--group-name', 'x'], {
      stdin: `["${ids[0]}", {"simId": 8981100000000000001}, {"simId": "${ids[2]}"}, ["${ids[3]}"], 8981100000000000004]`,
    });
    expect(json.code).toBe(1);
    expect(json.stderr).toContain(
      'stdin item 2: invalid: sim_id must be a string (got number): quote it, a long ID does not survive as a JSON number',
    );
    expect(json.stderr).toContain(
      'stdin item 4: invalid: must be an object of columns or a SIM ID string (got an array)',
    );
    expect(json.stderr).toContain(
      'stdin item 5: invalid: must be an object of columns or a SIM ID string (got a number: quote IDs',
    );
    expect(json.stderr).toContain('3 invalid row(s) in stdin');
    const jsonl = await w.cli(['run', 'activate', '--input', '-', '--group-name', 'x'], {
      stdin: `{"simId":"${ids[0]}"}\n\n{"simId": oops}\n`,
    });
    expect(jsonl.code).toBe(1);
    expect(jsonl.stderr).toMatch(/stdin line 3: invalid: is not valid JSON/);
  });

  it('checks per-action values: IMSI and IP address of put-ip-address-map-entry', async () => {
    const w = await world({ sims: 3 });
    const input = await w.file(
      'ips.csv',
      `imsi,ip_address\n${imsiAt(0)},10.0.0.1\n12345,10.0.0.2\n${imsiAt(2)},10.0.0.300\n`,
    );
    const result = await w.cli([
      'run',
      'put-ip-address-map-entry',
      '--input',
      input,
      '--vpg-id',
      DEFAULT_VPG_ID,
      '--group-name',
      'x',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`line 3: invalid: imsi must be an IMSI of 15 digits`);
    expect(result.stderr).toContain(`line 4: invalid: ip_address must be an IPv4 address`);
    const noVpg = await w.cli(['run', 'put-ip-address-map-entry', '--input', input, '--group-name', 'x']);
    expect(noVpg.stderr).toContain('line 2: invalid: has no vpg_id: pass --vpg-id or fill the vpg_id column');
  });

  it('refuses an input that cannot fit the action with one message', async () => {
    const w = await world();
    const noColumn = await w.file('wrong.csv', 'iccid,area\n1,2\n');
    const result = await w.cli(['run', 'activate', '--input', noColumn, '--group-name', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has no sim_id column (the first line must be a header, e.g. sim_id)');
    const ids = await w.file('imsis.txt', `${imsiAt(0)}\n`);
    const vpg = await w.cli([
      'run',
      'put-ip-address-map-entry',
      '--input',
      ids,
      '--group-name',
      'x',
      '--vpg-id',
      DEFAULT_VPG_ID,
    ]);
    expect(vpg.stderr).toMatch(/needs an IMSI and an IP address per row/);
    const broken = await w.file('broken.csv', 'sim_id,tags\n1,"unclosed\n');
    expect((await w.cli(['run', 'activate', '--input', broken, '--group-name', 'x'])).stderr).toMatch(
      /is not valid CSV: .*Quote Not Closed/,
    );
    const empty = await w.file('empty.csv', 'sim_id\n');
    expect((await w.cli(['run', 'activate', '--input', empty, '--group-name', 'x'])).stderr).toMatch(
      /has no targets to run/,
    );
    const twice = await w.file('twice.csv', 'sim_id,simId\n1,2\n');
    expect((await w.cli(['run', 'activate', '--input', twice, '--group-name', 'x'])).stderr).toMatch(
      /columns "sim_id" and "simId" both give sim_id/,
    );
    expect(w.emulator.state.requests()).toEqual([]);
  });

  it('warns about columns it does not know or the action does not use', async () => {
    const w = await world({ sims: 1 });
    const input = await w.file('x.csv', `sim_id,colour,group_id\n${ids[0]},red,g\n`);
    const result = await w.cli(['run', 'activate', '--input', input, '--group-name', 'x', ...FAST]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('ignoring unknown column(s) "colour"');
    // The column as the file spells it (the field is groupId).
    expect(result.stderr).toContain('activate does not use column(s) "group_id"');
  });

  it('a bad --tag is a usage error', async () => {
    const w = await world();
    const input = await w.file('ids.txt', `${ids[0]}\n`);
    const result = await w.cli(['run', 'put-tags', '--input', input, '--group-name', 'x', '--tag', 'novalue']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'error: --tag "novalue" must be name=value, e.g. --tag area=tokyo\n',
    });
  });
});

describe('duplicated targets', () => {
  it('are reported and submitted once', async () => {
    const w = await world({ sims: 6 });
    const input = await w.file('dups.txt', [ids[0], ids[1], ids[0], ids[2], ids[1], ids[0]].join('\n'));
    const result = await w.cli(['run', 'suspend', '--input', input, '--group-name', 'x', ...FAST]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${input} line 3: duplicate: SIM ${ids[0]} is already on line 1: submitted once`);
    expect(result.stderr).toContain(`${input} line 5: duplicate: SIM ${ids[1]} is already on line 2: submitted once`);
    expect(result.stderr).toContain(`${input} line 6: duplicate: SIM ${ids[0]} is already on line 1: submitted once`);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 3, input: { rows: 6, tasks: 3, duplicates: 3 } });
    expect([...submissionsPerTarget(w.emulator).values()]).toEqual([1, 1, 1]);
  });

  it('with other values are invalid: nothing tells which one was meant', async () => {
    const w = await world({ sims: 6 });
    const input = await w.file('conflict.csv', `sim_id,group_id\n${ids[0]},g1\n${ids[0]},g2\n`);
    const result = await w.cli(['run', 'set-group', '--input', input, '--group-name', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `line 3: invalid: SIM ${ids[0]} is also on line 2 with other values: a target may appear once per run`,
    );
  });

  it('for put-ip-address-map-entry the target is the IMSI within its VPG', async () => {
    const w = await world({ sims: 2 });
    const input = await w.file(
      'ips.csv',
      `imsi,ip_address\n${imsiAt(0)},10.0.0.1\n${imsiAt(0)},10.0.0.1\n${imsiAt(1)},10.0.0.2\n`,
    );
    const result = await w.cli([
      'run',
      'put-ip-address-map-entry',
      '--input',
      input,
      '--vpg-id',
      DEFAULT_VPG_ID,
      '--group-name',
      'x',
      ...FAST,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `line 3: duplicate: IMSI ${imsiAt(0)} in VPG ${DEFAULT_VPG_ID} is already on line 2`,
    );
    expect(w.emulator.state.vpgEntries(DEFAULT_VPG_ID)).toHaveLength(2);
  });
});
