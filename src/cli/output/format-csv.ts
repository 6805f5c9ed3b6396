/** `--output csv`: a header row, then one row per item (nested fields as dotted columns), RFC 4180 quoting by csv-stringify. */
import { stringify } from 'csv-stringify/sync';
import { type Cell, columnsOf } from './flatten-record.js';

export function formatCsv(rows: readonly Record<string, Cell>[], preferred: readonly string[] = []): string {
  const columns = columnsOf(rows, preferred);
  if (columns.length === 0) return '';
  return stringify(
    rows.map((row) => columns.map((c) => row[c] ?? '')),
    { header: true, columns, cast: { boolean: (v) => String(v) } },
  );
}
