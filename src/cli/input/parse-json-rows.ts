/**
 * JSON input: an array of rows (or one row), and JSONL: one row per line. A row is an object whose
 * keys are column names (`{"simId": "...", "tags": {"area": "tokyo"}}`) or a string (a SIM ID).
 * Rows of a JSON array are named `item N`; JSONL rows by their line.
 */
import { UsageError } from '../cli-errors.js';
import { classifyColumn } from './column-names.js';
import type { InputRow, ParsedInput, RowFields } from './input-row.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // The number itself is not shown: a 19-digit SIM ID has already lost its last digits in JSON.parse.
  return typeof value === 'number' ? 'a number: quote IDs, a long ID does not survive as a JSON number' : typeof value;
}

function toRow(value: unknown, where: string, position: number, into: ParsedInput, unknown: Set<string>): void {
  if (typeof value === 'string') {
    into.fields.add('simId');
    into.rows.push({ where, position, fields: { simId: value } });
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    into.problems.push({
      where,
      position,
      message: `must be an object of columns or a SIM ID string (got ${describe(value)})`,
    });
    return;
  }
  const fields: RowFields = {};
  for (const [key, cell] of Object.entries(value as Record<string, unknown>)) {
    if (cell === null || cell === undefined || cell === '') continue;
    const role = classifyColumn(key);
    if (role.kind === 'field') {
      fields[role.field] = cell;
      into.fields.add(role.field);
    } else if (role.kind === 'tag') {
      fields.tagCells ??= [];
      fields.tagCells.push([role.tagName, cell]);
      into.fields.add('tag');
    } else if (role.kind === 'unknown') {
      unknown.add(key);
    }
  }
  const row: InputRow = { where, position, fields };
  into.rows.push(row);
}

export function parseJson(text: string, label: string): ParsedInput {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)} (for one row per line, use --format jsonl)`,
    );
  }
  const result: ParsedInput = { format: 'json', rows: [], problems: [], fields: new Set(), unknownColumns: [] };
  const unknown = new Set<string>();
  const items = Array.isArray(data) ? data : [data];
  items.forEach((item, i) => {
    toRow(item, `item ${i + 1}`, i + 1, result, unknown);
  });
  result.unknownColumns = [...unknown];
  return result;
}

export function parseJsonl(text: string): ParsedInput {
  const result: ParsedInput = { format: 'jsonl', rows: [], problems: [], fields: new Set(), unknownColumns: [] };
  const unknown = new Set<string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const where = `line ${i + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        result.problems.push({
          where,
          position: i + 1,
          message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        });
        return;
      }
      toRow(value, where, i + 1, result, unknown);
    });
  result.unknownColumns = [...unknown];
  return result;
}
