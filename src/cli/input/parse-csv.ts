/**
 * CSV with a header row (RFC 4180 quoting, by csv-parse): comma- or tab-separated, UTF-8 with or
 * without a BOM, CRLF or LF, blank lines skipped, cells trimmed. Each row is reported by the line it
 * starts on (the header is line 1), even when a quoted cell spans lines.
 */
import { parse } from 'csv-parse/sync';
import { UsageError } from '../cli-errors.js';
import { COLUMN_OF, type ColumnRole, classifyColumn } from './column-names.js';
import type { FieldName, InputRow, ParsedInput, RowFields, RowProblem } from './input-row.js';

type Parsed = { record: string[]; info: { lines: number }; raw: string };

/** The line a record starts on: csv-parse counts the line it ends on, and its raw text holds the rest. */
function startLine(entry: Parsed): number {
  const inside = entry.raw.replace(/^\n+/, '').replace(/\n$/, '');
  return entry.info.lines - (inside.match(/\n/g)?.length ?? 0);
}

function headerRoles(header: readonly string[], label: string): ColumnRole[] {
  const roles = header.map(classifyColumn);
  const owner = new Map<string, string>();
  roles.forEach((role, i) => {
    const id = role.kind === 'field' ? role.field : role.kind === 'tag' ? `tag:${role.tagName}` : undefined;
    if (role.kind === 'tag' && role.tagName === '')
      throw new UsageError(`${label} line 1: column "${header[i]}" needs a tag name after "tag:", e.g. tag:area`);
    if (id === undefined) return;
    const first = owner.get(id);
    if (first !== undefined) {
      const what = role.kind === 'field' ? COLUMN_OF[role.field as FieldName] : id;
      throw new UsageError(`${label} line 1: columns "${first}" and "${header[i]}" both give ${what}; keep one`);
    }
    owner.set(id, header[i] as string);
  });
  return roles;
}

export function parseCsv(text: string, label: string): ParsedInput {
  // Line ends are made uniform first so that line numbers count the way editors do.
  const normalized = text.replace(/\r\n?/g, '\n');
  const firstLine = normalized.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  let entries: Parsed[];
  try {
    entries = parse(normalized, {
      bom: true,
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Parsed[];
  } catch (error) {
    throw new UsageError(`${label} is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [head, ...body] = entries;
  const result: ParsedInput = { format: 'csv', rows: [], problems: [], fields: new Set(), unknownColumns: [] };
  if (!head) return result;
  const header = head.record;
  const roles = headerRoles(header, label);
  roles.forEach((role, i) => {
    if (role.kind === 'field') result.fields.add(role.field);
    else if (role.kind === 'tag') result.fields.add('tag');
    else if (role.kind === 'unknown') result.unknownColumns.push(header[i] as string);
  });

  for (const entry of body) {
    const line = startLine(entry);
    const where = `line ${line}`;
    const cells = entry.record;
    if (cells.length > header.length) {
      const problem: RowProblem = {
        where,
        position: line,
        message: `has ${cells.length} cells but the header has ${header.length} columns (quote a cell that holds a comma)`,
      };
      result.problems.push(problem);
      continue;
    }
    const fields: RowFields = {};
    roles.forEach((role, i) => {
      const value = cells[i];
      if (value === undefined || value === '') return;
      if (role.kind === 'field') fields[role.field] = value;
      else if (role.kind === 'tag') {
        fields.tagCells ??= [];
        fields.tagCells.push([role.tagName, value]);
      }
    });
    const row: InputRow = { where, position: line, fields };
    result.rows.push(row);
  }
  return result;
}
