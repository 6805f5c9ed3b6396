/**
 * `--output table`: aligned columns for people. Times (`createdTime`, ... in Unix seconds) are shown
 * as ISO dates and long cells are cut, so a row fits a terminal line; use csv or json for the full values.
 */
import { type Cell, columnsOf } from './flatten-record.js';

const MAX_CELL = 60;

function show(column: string, value: Cell | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && /Time$/.test(column) && value > 0) {
    // The API's times are Unix seconds; a value in milliseconds would be far in the future.
    const ms = value > 1e11 ? value : value * 1000;
    return new Date(ms).toISOString().replace('.000Z', 'Z');
  }
  const text = String(value).replace(/\s+/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

export function formatTable(rows: readonly Record<string, Cell>[], preferred: readonly string[] = []): string {
  if (rows.length === 0) return '(none)\n';
  const columns = columnsOf(rows, preferred);
  const cells = rows.map((row) => columns.map((c) => show(c, row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(columns), ...cells.map(line)].join('\n')}\n`;
}
