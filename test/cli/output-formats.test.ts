/** `--output json|jsonl|csv|table`, on lists and single objects, in-process against the emulator and as units. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { flattenRecord, formatOutput } from '../../src/cli/output.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, useCliWorld } from './support/cli-world.js';

const world = useCliWorld();

describe('--output on real commands', () => {
  it('json (default, indented), jsonl (one item per line), csv (header + rows), table (aligned)', async () => {
    const w = await world();
    await w.group('alpha');
    await w.group('beta, with a comma');
    const json = await w.cli(['groups', 'list']);
    expect(json.stdout).toMatch(/^\[\n {2}\{\n {4}"batchGroupId"/);
    const jsonl = await w.cli(['groups', 'list', '--output', 'jsonl']);
    expect(
      jsonl.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).batchGroupName),
    ).toEqual(['alpha', 'beta, with a comma']);
    const csv = await w.cli(['groups', 'list', '-o', 'csv']);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    // Every column of the response schema, given or not (no group here has a description).
    expect(csv.stdout.split('\n')[0]).toBe('batchGroupId,batchGroupName,createdTime,description,updatedTime');
    expect(rows.map((r) => r.batchGroupName)).toEqual(['alpha', 'beta, with a comma']);
    const table = await w.cli(['groups', 'list', '--output', 'table']);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^batchGroupId\s+batchGroupName\s+createdTime\s+description\s+updatedTime$/);
    expect(lines[1]).toMatch(/^\S+\s+alpha\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+\d{4}-/);
    expect(lines[0]?.indexOf('batchGroupName')).toBe(lines[2]?.indexOf('beta'));
  });

  it('a run report: the full report in json, its jobs as rows in csv and table', async () => {
    const w = await world({ sims: 4 });
    const input = await w.file('ids.txt', simIds(4).join('\n'));
    const csv = await w.cli([
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '2',
      '-o',
      'csv',
      ...FAST,
    ]);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.chunk, r.status, r.tasks, r.succeeded])).toEqual([
      ['1', 'completed', '2', '2'],
      ['2', 'completed', '2', '2'],
    ]);
    const table = await w.cli(['run', 'suspend', '--input', input, '--group-name', 'x', '-o', 'table', ...FAST]);
    expect(table.stdout).toMatch(/^chunk\s+jobId\s+status\s+tasks\s+succeeded\s+failed\s+notRun\n/);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Done: run suspend, 1 job, 4 succeeded, 0 failed, 0 not run (of 4).',
    );
  });

  it('task lists flatten request and response into columns', async () => {
    const w = await world({ sims: 1 });
    const group = await w.group();
    const input = await w.file('ids.txt', simIds(1).join('\n'));
    const run = JSON.parse(
      (await w.cli(['run', 'put-tags', '--input', input, '--batch-group-id', group, '--tag', 'a=1', ...FAST])).stdout,
    );
    const csv = await w.cli(['jobs', 'tasks', '--batch-group-id', group, '--job-id', run.jobs[0].jobId, '-o', 'csv']);
    const [row] = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({
      taskId: '1',
      status: 'success',
      'request.method': 'PUT',
      'request.body': '[{"tagName":"a","tagValue":"1"}]',
      'response.statusCode': '200',
    });
  });
});

describe('formatters', () => {
  it('flatten nested objects to dotted columns and arrays to JSON', () => {
    expect(flattenRecord({ a: 1, b: { c: 'x', d: { e: true } }, f: [1, 2], g: null, h: undefined })).toEqual({
      a: 1,
      'b.c': 'x',
      'b.d.e': true,
      f: '[1,2]',
      g: null,
    });
  });

  it('csv quotes what needs quoting and keeps booleans as words; empty lists print the preferred header', () => {
    expect(
      formatOutput('csv', [
        { name: 'a,b', ok: false, n: 3 },
        { name: 'say "hi"', ok: true },
      ]),
    ).toBe('name,ok,n\n"a,b",false,3\n"say ""hi""",true,\n');
    expect(formatOutput('csv', [], { columns: ['x', 'y'] })).toBe('x,y\n');
  });

  it('table shows (none) for an empty list and cuts long cells; json of undefined prints nothing', () => {
    expect(formatOutput('table', [])).toBe('(none)\n');
    expect(formatOutput('table', [{ text: 'x'.repeat(80) }])).toBe(`text\n${'x'.repeat(59)}…\n`);
    expect(formatOutput('json', undefined)).toBe('');
    expect(formatOutput('jsonl', { a: 1 })).toBe('{"a":1}\n');
  });
});

/** The code points in `text` that a terminal acts on (newline apart). */
function controlCharacters(text: string): number[] {
  return [...text]
    .map((c) => c.codePointAt(0) as number)
    .filter((n) => (n < 0x20 && n !== 0x0a) || (n >= 0x7f && n <= 0x9f) || (n >= 0x202a && n <= 0x202e));
}

describe('API data that a terminal or a spreadsheet would act on', () => {
  // A title change and a screen clear (ESC sequences), a one-character CSI (U+009B), a right-to-left override.
  const hostile = 'fleet\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil';
  const visible = 'fleet\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202eevil';

  it('table shows control characters as escapes; json keeps the value exactly', async () => {
    const w = await world();
    await w.group(hostile);
    const table = await w.cli(['groups', 'list', '-o', 'table']);
    expect(table.stdout).toContain(visible);
    expect(controlCharacters(table.stdout)).toEqual([]);
    const json = await w.cli(['groups', 'list']);
    expect(JSON.parse(json.stdout)[0].batchGroupName).toBe(hostile);
  });

  it('csv neutralises formula cells with a leading quote, as --failed-output does', async () => {
    const w = await world();
    await w.group('=HYPERLINK("https://example.com/x","click")');
    await w.group('-2+3');
    await w.group('plain');
    const csv = await w.cli(['groups', 'list', '-o', 'csv']);
    const names = (parse(csv.stdout, { columns: true }) as Record<string, string>[]).map((r) => r.batchGroupName);
    expect(names).toEqual(['\'=HYPERLINK("https://example.com/x","click")', "'-2+3", 'plain']);
    // Numbers are numbers, never formulas: a time in epoch stays as it is.
    const epoch = await w.cli(['groups', 'list', '-o', 'csv', '--time-format', 'epoch']);
    expect((parse(epoch.stdout, { columns: true }) as Record<string, string>[])[0]?.createdTime).toMatch(/^\d+$/);
  });

  it('an error line shows the control characters of an API message as escapes', async () => {
    const w = await world();
    w.emulator.state.injectFaults({ status: 400, body: { code: 'BAT9999', message: `bad ${hostile}` } });
    const result = await w.cli(['groups', 'list', '--max-retries', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(visible);
    expect(controlCharacters(result.stderr)).toEqual([]);
  });
});
