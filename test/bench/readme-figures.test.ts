/**
 * The README quotes the benchmarks' files, never figures of its own: every figure in a results table of
 * its Benchmarks section (the tables whose "measured" column names bench/RESULTS.md or bench/SCALE.md)
 * is in the summary of that file, and a goal the README marks met is one the file marks met. So after
 * `npm run bench` or `npm run bench:scale` rewrites a file, this test names each README figure that
 * the new run no longer holds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/** The markdown tables of `text`, each as its header and body rows. */
function tablesOf(text: string): { header: string[]; rows: string[][] }[] {
  const tables: { header: string[]; rows: string[][] }[] = [];
  let current: string[][] | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (current === undefined) {
      current = [];
      tables.push({ header: cells(line), rows: current });
    } else if (!/^\|[-| ]+\|$/.test(line)) current.push(cells(line));
  }
  return tables;
}

/** The numbers a cell states (`0.951`, `19,099`, `-8.3`), as written. */
const figures = (text: string): string[] => text.match(/-?\d[\d,]*(?:\.\d+)?/g) ?? [];

/** The summary of a results file: each row's measured figures and whether its goal is marked met. */
function summaryOf(file: string): { figures: string[]; met: boolean }[] {
  const text = readFileSync(fromRoot(file), 'utf8');
  const summary = text.slice(text.indexOf('## Summary'));
  const table = tablesOf(summary)[0];
  if (!table) throw new Error(`${file} has no summary table`);
  const measured = table.header.indexOf('Measured');
  const result = table.header.indexOf('Result');
  return table.rows.map((row) => ({ figures: figures(row[measured] ?? ''), met: (row[result] ?? '').includes('✅') }));
}

const readme = readFileSync(fromRoot('README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Benchmarks\n'), readme.indexOf('\n## Development\n'));

/** The README's results tables: each row with the file its "measured" column names. */
const quoted = tablesOf(section).flatMap(({ header, rows }) => {
  const measured = header.findIndex((cell) => cell.startsWith('measured ('));
  const file = /^measured \((bench\/[\w.]+\.md)\)$/.exec(header[measured] ?? '')?.[1];
  if (!file) return [];
  const result = header.indexOf('result');
  return rows.map((row) => ({
    file,
    benchmark: row[0] ?? '',
    measured: row[measured] ?? '',
    result: row[result] ?? '',
  }));
});

describe("the README's benchmark results", () => {
  it('come from both results files', () => {
    expect(new Set(quoted.map((row) => row.file))).toEqual(new Set(['bench/RESULTS.md', 'bench/SCALE.md']));
    expect(quoted.length).toBeGreaterThan(10);
  });

  it('quote only figures the file holds in its summary', () => {
    const missing = quoted.flatMap((row) => {
      const held = new Set(summaryOf(row.file).flatMap((summary) => summary.figures));
      return figures(row.measured)
        .filter((figure) => !held.has(figure))
        .map((figure) => `${row.benchmark}: ${figure} is not in ${row.file}`);
    });
    expect(missing).toEqual([]);
  });

  it('mark a goal met only where the file marks it met, on the row of the figure quoted first', () => {
    const unproven = quoted
      .filter((row) => row.result === 'met')
      .filter((row) => {
        const first = figures(row.measured)[0];
        return !summaryOf(row.file).some(
          (summary) => summary.met && first !== undefined && summary.figures.includes(first),
        );
      })
      .map((row) => `${row.benchmark}: marked met, ${row.file} does not`);
    expect(unproven).toEqual([]);
  });
});
