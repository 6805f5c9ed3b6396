/**
 * Prints a command's result on stdout in the `--output` format. Lists print every item; a single
 * object prints as one row in csv/table. `rows` lets a result choose what its csv/table rows are
 * (a run report tabulates its jobs), and `footer` adds lines after a table.
 */
import type { CliOutput } from '../cli-io.js';
import { flattenRecord } from './flatten-record.js';
import { formatCsv } from './format-csv.js';
import { formatJson } from './format-json.js';
import { formatJsonl } from './format-jsonl.js';
import { formatTable } from './format-table.js';
import type { OutputFormat } from './output-format.js';

export type OutputShape = {
  /** Columns shown first in csv and table output. */
  columns?: readonly string[];
  /** What csv and table output tabulate (default: the list itself, or the single object). */
  rows?: readonly unknown[];
  /** Lines printed after a table (e.g. a run's totals). */
  footer?: readonly string[];
};

export function formatOutput(format: OutputFormat, value: unknown, shape: OutputShape = {}): string {
  if (format === 'json') return formatJson(value);
  if (format === 'jsonl') return formatJsonl(value);
  const items = shape.rows ?? (Array.isArray(value) ? value : value === undefined ? [] : [value]);
  const rows = items.map((item) => flattenRecord(item));
  if (format === 'csv') return formatCsv(rows, shape.columns);
  const footer = shape.footer?.length ? `\n${shape.footer.join('\n')}\n` : '';
  return formatTable(rows, shape.columns) + footer;
}

export function writeOutput(out: CliOutput, format: OutputFormat, value: unknown, shape?: OutputShape): void {
  const text = formatOutput(format, value, shape);
  if (text) out.write(text);
}
