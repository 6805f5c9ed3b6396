/**
 * A command's result on stdout, in the `--output` format: `json` (the default, as soracom-cli),
 * `jsonl` (one item per line), `csv` and `table` (one row per item, nested fields as dotted columns).
 *
 * For an API answer the columns and the time fields come from the operation's response schema
 * (generated/batch-operations.ts, read from openapi/batch.yaml), so a property the spec adds is a
 * column, even while no answer carries it yet, and the header of a list does not change with its
 * content. `json` and `jsonl` are the API's answer as sent (times in Unix seconds, as soracom-cli prints
 * them, so a script moved from soracom-cli reads the same values); `table` and `csv`, which people read,
 * show times as ISO 8601. `--time-format iso|epoch` chooses for every format.
 *
 * What people read is also made safe to read: API data (names, descriptions, error messages) can hold
 * terminal control sequences and spreadsheet formulas. A table shows control characters as visible
 * escapes (`\x1b`), and a csv cell that a spreadsheet would run as a formula gets a leading `'`.
 */
import { stringify } from 'csv-stringify/sync';
import { safeCell } from './cells.js';
import type { CliOutput } from './io.js';
import { visibleText } from './terminal-text.js';

/** The `--output` formats. JSON is the default, as in soracom-cli, so scripts can pipe into jq. */
export const OUTPUT_FORMATS = ['json', 'jsonl', 'csv', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `--time-format`: ISO 8601 or the API's Unix seconds; without it, epoch in json/jsonl and ISO in csv/table. */
export const TIME_FORMATS = ['iso', 'epoch'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** The time format a format uses when `--time-format` is not given: the API's own in JSON, ISO for people. */
export function defaultTimeFormat(format: OutputFormat): TimeFormat {
  return format === 'json' || format === 'jsonl' ? 'epoch' : 'iso';
}

/**
 * What the CLI reads of a JSON schema (scripts/lib/operation-table.ts writes it): the type, and for
 * objects and arrays what they hold. `any` is a schema of no one type (a task's request body).
 */
export type SchemaShape = {
  readonly type: string;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly maxLength?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaShape>>;
  readonly items?: SchemaShape;
};

export type OutputShape = {
  /** The schema of the printed value (an API answer): its columns and time fields. */
  schema?: SchemaShape | null;
  /** What csv and table tabulate (default: the list itself, or the single object). */
  rows?: readonly unknown[];
  /** Columns shown first in csv and table output (for values without a schema). */
  columns?: readonly string[];
  /** Lines printed after a table (e.g. a run's totals); left out with `--quiet`. */
  footer?: readonly string[];
};

export type Cell = string | number | boolean | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The spec's times are integers named `...Time` in Unix seconds (`createdTime`, `finishedTime`, ...:
 * `type: integer`, e.g. `example: 1704067200`, in openapi/batch.yaml); it has no date-time format.
 */
function isTimeField(name: string, schema: SchemaShape): boolean {
  return schema.type === 'integer' && /Time$/.test(name);
}

/** `1704067200` → `2024-01-01T00:00:00Z`. A value above 1e11 would be after the year 5000 in seconds: milliseconds. */
export function isoTime(value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  return new Date(value > 1e11 ? value : value * 1000).toISOString().replace('.000Z', 'Z');
}

/** The value with its time fields (by the schema) as ISO 8601; keys keep their order. */
export function withIsoTimes(value: unknown, schema: SchemaShape | null | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return schema.items ? value.map((item) => withIsoTimes(item, schema.items)) : value;
  if (!isRecord(value) || !schema.properties) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [name, child] of Object.entries(schema.properties)) {
    if (!(name in value)) continue;
    out[name] = isTimeField(name, child) ? isoTime(value[name]) : withIsoTimes(value[name], child);
  }
  return out;
}

/** The schema of one row: a list's item, or the object itself. */
function rowSchemaOf(schema: SchemaShape | null | undefined): SchemaShape | undefined {
  if (!schema) return undefined;
  return schema.type === 'array' ? schema.items : schema;
}

/**
 * An item as one flat row: nested objects become dotted columns (`summary.success`, `request.path`),
 * arrays become their JSON (a putSimTags body), and so does whatever the schema says is one value of
 * no fixed shape (a task's request or response body), so every cell is a single value.
 */
export function flattenRecord(
  value: unknown,
  schema?: SchemaShape,
  prefix = '',
  out: Record<string, Cell> = {},
): Record<string, Cell> {
  if (value === undefined) return out;
  const key = prefix || 'value';
  if (value === null || typeof value !== 'object') out[key] = value as Cell;
  else if (Array.isArray(value) || (schema && !schema.properties)) out[key] = JSON.stringify(value);
  else {
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      flattenRecord(child, schema?.properties?.[name], prefix ? `${prefix}.${name}` : name, out);
    }
  }
  return out;
}

/** The leaf columns a schema describes, dotted, in the schema's order. */
export function schemaColumns(schema: SchemaShape | undefined, prefix = ''): string[] {
  if (!schema?.properties) return prefix ? [prefix] : [];
  return Object.entries(schema.properties).flatMap(([name, child]) =>
    schemaColumns(child, prefix ? `${prefix}.${name}` : name),
  );
}

/**
 * The spec lists properties alphabetically; a row reads best by what it is, then how it stands. These
 * lead when the schema has them (they choose no column, only the order), the rest keep the spec's order.
 */
const LEADING = ['taskId', 'jobId', 'jobName', 'batchGroupId', 'batchGroupName', 'status', 'summary.'];

function leadRank(column: string): number {
  const rank = LEADING.findIndex((lead) => column === lead || (lead.endsWith('.') && column.startsWith(lead)));
  return rank < 0 ? LEADING.length : rank;
}

/**
 * The columns of csv and table output: the schema's (every one, present or not, people's order first)
 * or the preferred ones present, then every other column the rows have, in order of appearance.
 */
export function columnsOf(
  rows: readonly Record<string, Cell>[],
  schema?: SchemaShape,
  preferred: readonly string[] = [],
): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const first = schema
    ? schemaColumns(schema)
        .map((column, index) => ({ column, index }))
        .sort((a, b) => leadRank(a.column) - leadRank(b.column) || a.index - b.index)
        .map(({ column }) => column)
    : preferred.filter((c) => seen.has(c) || rows.length === 0);
  return [...first, ...[...seen].filter((c) => !first.includes(c))];
}

/** A csv cell: text that a spreadsheet would run as a formula is neutralised as failed-output does (input.ts). */
function csvCell(value: Cell | undefined): Cell {
  return typeof value === 'string' ? safeCell(value) : (value ?? '');
}

function formatCsv(rows: readonly Record<string, Cell>[], columns: readonly string[]): string {
  if (columns.length === 0) return '';
  return stringify(
    rows.map((row) => columns.map((c) => csvCell(row[c]))),
    { header: true, columns: [...columns], cast: { boolean: (v) => String(v) } },
  );
}

/** Long cells are cut so a row fits a terminal line; csv and json have the full values. */
const MAX_CELL = 60;

function tableCell(value: Cell | undefined): string {
  if (value === undefined || value === null) return '';
  const text = visibleText(String(value).replace(/[\t\n\r ]+/g, ' '));
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

function formatTable(rows: readonly Record<string, Cell>[], columns: readonly string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => columns.map((c) => tableCell(row[c])));
  const header = columns.map((c) => tableCell(c));
  const widths = header.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}

export function formatOutput(
  format: OutputFormat,
  value: unknown,
  shape: OutputShape = {},
  timeFormat: TimeFormat = defaultTimeFormat(format),
): string {
  if (value === undefined) return '';
  const shown = timeFormat === 'iso' ? withIsoTimes(value, shape.schema) : value;
  if (format === 'json') return `${JSON.stringify(shown, null, 2)}\n`;
  if (format === 'jsonl') return (Array.isArray(shown) ? shown : [shown]).map((i) => `${JSON.stringify(i)}\n`).join('');
  const rowSchema = shape.rows ? undefined : rowSchemaOf(shape.schema);
  const items = shape.rows ?? (Array.isArray(shown) ? shown : [shown]);
  const rows = items.map((item) => flattenRecord(item, rowSchema));
  const columns = columnsOf(rows, rowSchema, shape.columns);
  if (format === 'csv') return formatCsv(rows, columns);
  const footer = shape.footer?.length ? `\n${shape.footer.map(visibleText).join('\n')}\n` : '';
  return formatTable(rows, columns) + footer;
}

export function writeOutput(
  out: CliOutput,
  format: OutputFormat,
  value: unknown,
  shape?: OutputShape,
  timeFormat: TimeFormat = defaultTimeFormat(format),
): void {
  const text = formatOutput(format, value, shape, timeFormat);
  if (text) out.write(text);
}
