/** The input readers as units: format detection, CSV line numbers, column names, tags. */
import { describe, expect, it } from 'vitest';
import { safeCell, unsafeCell } from '../../src/cli/cells.js';
import { classifyColumn, detectFormat, inputFromBytes, inputFromText, readAll } from '../../src/cli/input.js';
import { parseTagCell, parseTagFlags } from '../../src/cli/row-tasks.js';

const parseInput = (text: string, label: string, format: 'auto' | 'csv' | 'ids' | 'json' | 'jsonl' = 'auto') =>
  readAll(inputFromText(text, label, format));
const parseCsv = (text: string, label: string) => parseInput(text, label, 'csv');

describe('format detection', () => {
  it.each([
    ['sim_id,tags\n1,a=1\n', 'csv'],
    ['\uFEFFsim_id\n8981100000000000000\n', 'csv'],
    ['SIM ID\n8981100000000000000\n', 'csv'],
    ['8981100000000000000\n8981100000000000001\n', 'ids'],
    ['  \n# comment\n8981100000000000000\n', 'ids'],
    ['a\tb\n1\t2\n', 'csv'],
    ['["8981100000000000000"]', 'json'],
    ['{\n  "simId": "8981100000000000000"\n}\n', 'json'],
    ['{"simId":"1"}\n{"simId":"2"}\n', 'jsonl'],
    ['"8981100000000000000"\n"8981100000000000001"\n', 'jsonl'],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it('--format overrides the detection', async () => {
    expect((await parseInput('sim_id\n', 'x', 'ids')).rows.map((r) => r.fields.simId)).toEqual(['sim_id']);
  });
});

describe('CSV', () => {
  it('numbers rows by the line they start on (header is line 1), across CRLF, blank lines and quoted newlines', async () => {
    const parsed = await parseCsv('sim_id,tags\r\n1,"a=1"\r\n\r\n\r\n2,"a=x\r\ny"\r\n3\r\n', 'in.csv');
    expect(parsed.rows.map((r) => [r.where, r.fields.simId])).toEqual([
      ['line 2', '1'],
      ['line 5', '2'],
      ['line 7', '3'],
    ]);
  });

  it('reads tab-separated files and trims cells; an empty cell is "not given"', async () => {
    const parsed = await parseCsv('sim_id\tgroup_id\n 1 \t\n2\tg\n', 'in.tsv');
    expect(parsed.rows.map((r) => r.fields)).toEqual([{ simId: '1' }, { simId: '2', groupId: 'g' }]);
  });

  it('keeps the case of tag names in tag:<name> columns', async () => {
    const parsed = await parseCsv('sim_id,tag:Area,TAG:floor\n1,Tokyo,3\n', 'in.csv');
    expect(parsed.rows[0]?.fields.tagCells).toEqual([
      ['Area', 'Tokyo'],
      ['floor', '3'],
    ]);
  });
});

describe('column names', () => {
  it.each([
    ['sim_id', 'simId'],
    ['simId', 'simId'],
    ['SIM-ID', 'simId'],
    ['sim', 'simId'],
    ['group_id', 'groupId'],
    ['imsi', 'imsi'],
    ['key', 'imsi'],
    ['ip_address', 'ipAddress'],
    ['ipAddress', 'ipAddress'],
    ['vpg_id', 'vpgId'],
    ['tags', 'tags'],
  ])('%s gives %s', (name, field) => {
    expect(classifyColumn(name)).toEqual({ kind: 'field', field });
  });

  it('knows the informational columns of --failed-output, and nothing else', () => {
    expect(
      ['status_code', 'error_code', 'error_message', 'job_id', 'task_id', 'method', 'path'].map(
        (c) => classifyColumn(c).kind,
      ),
    ).toEqual(Array(7).fill('info'));
    expect(classifyColumn('colour')).toEqual({ kind: 'unknown' });
  });

  it('a JSON or JSONL row naming one field twice is refused, as a CSV header is (nothing tells which was meant)', async () => {
    const twice = '{"sim_id": "8981100000000000001", "simId": "8981100000000000002"}';
    for (const [text, where] of [
      [`[${twice}]`, 'item 1'],
      [`${twice}\n`, 'line 1'],
    ] as const) {
      const parsed = await parseInput(text, 'rows', text.startsWith('[') ? 'json' : 'jsonl');
      expect(parsed.rows).toEqual([]);
      expect(parsed.problems).toEqual([
        { where, position: 1, message: 'gives sim_id twice ("sim_id" and "simId"): keep one' },
      ]);
    }
    await expect(parseCsv('sim_id,simId\n1,2\n', 'c.csv')).rejects.toThrow(/columns "sim_id" and "simId" both give/);
  });
});

describe('tags', () => {
  it('--tag name=value: the name ends at the first "="', () => {
    expect(parseTagFlags(['area=tokyo', 'url=a=b', 'empty='])).toEqual([
      ['area', 'tokyo'],
      ['url', 'a=b'],
      ['empty', ''],
    ]);
    expect(() => parseTagFlags(['=x'])).toThrow(/must be name=value/);
  });

  it('a tags cell is name=value pairs separated by ";"', () => {
    expect(parseTagCell('area=tokyo; floor=3;')).toEqual([
      ['area', 'tokyo'],
      ['floor', '3'],
    ]);
    expect(parseTagCell('area')).toEqual({ error: expect.stringMatching(/"area" must be name=value/) });
  });
});

describe('bytes and cells', () => {
  it('reports a line that is not UTF-8 as an invalid row, with its line number, in every line format', async () => {
    const bad = Buffer.from([0x38, 0x39, 0xff, 0xfe]); // "89" then two bytes no UTF-8 text has
    const lines = (first: string, rows: Buffer[]) =>
      Buffer.concat([Buffer.from(first), ...rows.flatMap((r) => [r, Buffer.from('\n')])]);
    const csv = lines('sim_id\n', [Buffer.from('8981100000000000000'), bad, Buffer.from('8981100000000000002')]);
    const ids = lines('', [Buffer.from('8981100000000000000'), bad]);
    for (const [bytes, format, line] of [
      [csv, 'csv', 'line 3'],
      [ids, 'ids', 'line 2'],
    ] as const) {
      const direct = await readAll(inputFromBytes(bytes, format));
      expect(direct.problems.map((p) => [p.where, p.message])).toEqual([
        [line, 'the line is not valid UTF-8 text (save the file as UTF-8)'],
      ]);
      expect(direct.rows).toHaveLength(format === 'csv' ? 2 : 1);
    }
  });

  it('reads back a cell that failed-output neutralised for spreadsheets, and neutralises only what a spreadsheet would run', async () => {
    for (const value of ['=HYPERLINK("x")', '-2+3', '+1', '@SUM(A1)', '\tx']) {
      expect(safeCell(value)).toBe(`'${value}`);
      expect(unsafeCell(safeCell(value))).toBe(value);
    }
    for (const value of ['8981100000000000000', 'tokyo', "'quoted"]) expect(safeCell(value)).toBe(value);
    const parsed = await parseCsv(`sim_id,tag:formula\n1,"'=HYPERLINK(""x"")"\n`, 'in.csv');
    expect(parsed.rows[0]?.fields.tagCells).toEqual([['formula', '=HYPERLINK("x")']]);
  });
});
