/** The input readers as units: format detection, CSV line numbers, column names, tags. */
import { describe, expect, it } from 'vitest';
import {
  classifyColumn,
  detectFormat,
  parseCsv,
  parseInput,
  parseTagCell,
  parseTagFlags,
} from '../../src/cli/input.js';

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

  it('--format overrides the detection', () => {
    expect(parseInput('sim_id\n', 'x', 'ids').rows.map((r) => r.fields.simId)).toEqual(['sim_id']);
  });
});

describe('CSV', () => {
  it('numbers rows by the line they start on (header is line 1), across CRLF, blank lines and quoted newlines', () => {
    const parsed = parseCsv('sim_id,tags\r\n1,"a=1"\r\n\r\n\r\n2,"a=x\r\ny"\r\n3\r\n', 'in.csv');
    expect(parsed.rows.map((r) => [r.where, r.fields.simId])).toEqual([
      ['line 2', '1'],
      ['line 5', '2'],
      ['line 7', '3'],
    ]);
  });

  it('reads tab-separated files and trims cells; an empty cell is "not given"', () => {
    const parsed = parseCsv('sim_id\tgroup_id\n 1 \t\n2\tg\n', 'in.tsv');
    expect(parsed.rows.map((r) => r.fields)).toEqual([{ simId: '1' }, { simId: '2', groupId: 'g' }]);
  });

  it('keeps the case of tag names in tag:<name> columns', () => {
    const parsed = parseCsv('sim_id,tag:Area,TAG:floor\n1,Tokyo,3\n', 'in.csv');
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
