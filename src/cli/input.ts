/**
 * Input rows, whatever the format: CSV with a header, a plain list of IDs, JSON (an array of rows) or
 * JSONL (one row per line), detected or chosen with `--input-format`. Each row says where it is (for
 * messages) and the values it gives under the CLI's field names; the input also says which columns
 * gave each field, as written, so messages name the columns the user wrote. Values stay `unknown`
 * until the action's task is built (actions.ts), so a JSON number where a string belongs is reported.
 *
 * Column names (CSV headers, JSON keys) ignore case, spaces, `_`, `-` and `.`, so `sim_id`, `simId`,
 * `SIM ID` and `sim-id` are the same column:
 *
 *   sim_id | simId | sim          the SIM ID (every SIM action)
 *   group_id | groupId            the SIM group for set-group (default: --group-id)
 *   tag:<name>                    one tag for put-tags, e.g. `tag:area` (the name keeps its case)
 *   tags                          several tags for put-tags: `area=tokyo;floor=3` (JSON: an object)
 *   imsi | key                    the IMSI for put-ip-address-map-entry
 *   ip_address | ipAddress | ip   the IP address for put-ip-address-map-entry
 *   vpg_id | vpgId                the VPG for put-ip-address-map-entry (default: --vpg-id)
 *
 * The extra columns of a `--failed-output` file (status_code, error_code, ...) are accepted and
 * ignored, so that file can be given back as `--input` after fixing the cause.
 */
import { parse } from 'csv-parse/sync';
import { UsageError } from './errors.js';

export type FieldName = 'simId' | 'groupId' | 'vpgId' | 'imsi' | 'ipAddress' | 'tags';

export type RowFields = Partial<Record<FieldName, unknown>> & {
  /** `tag:<name>` columns (or keys), in order. */
  tagCells?: Array<[name: string, value: unknown]>;
};

export type InputRow = {
  /** `line 7` (CSV, ID list, JSONL) or `item 3` (JSON array), 1-based. */
  where: string;
  /** Line or item number, to sort problems by position. */
  position: number;
  fields: RowFields;
};

/** A row that cannot run, or a duplicate, with the reason. */
export type RowProblem = { where: string; position: number; message: string };

export type InputFormat = 'csv' | 'ids' | 'json' | 'jsonl';
export const INPUT_FORMATS = ['auto', 'csv', 'ids', 'json', 'jsonl'] as const;
export type InputFormatFlag = (typeof INPUT_FORMATS)[number];

export type ParsedInput = {
  format: InputFormat;
  rows: InputRow[];
  /** Rows that could not even be read (bad JSON line, too many CSV cells). */
  problems: RowProblem[];
  /** The fields the input gives anywhere, each with the columns (or keys) that gave it, as written. */
  fields: Map<FieldName | 'tag', string[]>;
  /** Columns or keys that mean nothing to the CLI (reported as a warning). */
  unknownColumns: string[];
};

const FIELD_ALIASES: Readonly<Record<string, FieldName>> = {
  simid: 'simId',
  sim: 'simId',
  groupid: 'groupId',
  vpgid: 'vpgId',
  imsi: 'imsi',
  key: 'imsi',
  ipaddress: 'ipAddress',
  ip: 'ipAddress',
  tags: 'tags',
};

const INFORMATIONAL = new Set([
  'jobid',
  'taskid',
  'statuscode',
  'errorcode',
  'errormessage',
  'method',
  'path',
  'status',
  'action',
  'line',
]);

/** The documented spelling of each field, for messages about a column nobody wrote (it is missing). */
export const COLUMN_OF: Readonly<Record<FieldName, string>> = {
  simId: 'sim_id',
  groupId: 'group_id',
  vpgId: 'vpg_id',
  imsi: 'imsi',
  ipAddress: 'ip_address',
  tags: 'tags',
};

export type ColumnRole =
  | { kind: 'field'; field: FieldName }
  | { kind: 'tag'; tagName: string }
  | { kind: 'info' }
  | { kind: 'unknown' };

export function classifyColumn(name: string): ColumnRole {
  const trimmed = name.trim();
  const tag = /^tag[:.](.*)$/i.exec(trimmed);
  if (tag) return { kind: 'tag', tagName: (tag[1] as string).trim() };
  const key = trimmed.toLowerCase().replace(/[\s_\-.]/g, '');
  const field = FIELD_ALIASES[key];
  if (field) return { kind: 'field', field };
  return INFORMATIONAL.has(key) ? { kind: 'info' } : { kind: 'unknown' };
}

/** Whether a lone first line names a column (a one-column CSV with a header) rather than being an ID. */
function isKnownColumn(name: string): boolean {
  const role = classifyColumn(name);
  return role.kind === 'field' || (role.kind === 'tag' && role.tagName !== '');
}

function emptyInput(format: InputFormat): ParsedInput {
  return { format, rows: [], problems: [], fields: new Map(), unknownColumns: [] };
}

/** Records that `column` (as written; none for a bare ID) gave `field`. */
function noteField(input: ParsedInput, field: FieldName | 'tag', column?: string): void {
  const names = input.fields.get(field) ?? [];
  if (column !== undefined && !names.includes(column)) names.push(column);
  input.fields.set(field, names);
}

/**
 * Which format the input is in, when `--input-format` does not say:
 *   - starts with `[` → JSON (an array of rows);
 *   - starts with `{` → JSON when the whole text is one JSON value, else JSONL (one object per line);
 *   - starts with `"` → JSONL (one JSON string or object per line);
 *   - a first line with a comma or a tab, or that is a known column name → CSV with a header;
 *   - anything else → a plain list of IDs, one per line.
 */
export function detectFormat(text: string): InputFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[')) return 'json';
  if (body.startsWith('{')) {
    try {
      JSON.parse(body);
      return 'json';
    } catch {
      return 'jsonl';
    }
  }
  if (body.startsWith('"')) return 'jsonl';
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  if (firstLine.includes(',') || firstLine.includes('\t') || isKnownColumn(firstLine)) return 'csv';
  return 'ids';
}

type CsvRecord = { record: string[]; info: { lines: number }; raw: string };

/** The line a record starts on: csv-parse counts the line it ends on, and its raw text holds the rest. */
function startLine(entry: CsvRecord): number {
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

/**
 * CSV with a header row (RFC 4180 quoting, by csv-parse): comma- or tab-separated, UTF-8 with or
 * without a BOM, CRLF or LF, blank lines skipped, cells trimmed. Each row is reported by the line it
 * starts on (the header is line 1), even when a quoted cell spans lines.
 */
export function parseCsv(text: string, label: string): ParsedInput {
  // Line ends are made uniform first so that line numbers count the way editors do.
  const normalized = text.replace(/\r\n?/g, '\n');
  const firstLine = normalized.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  let entries: CsvRecord[];
  try {
    entries = parse(normalized, {
      bom: true,
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    throw new UsageError(`${label} is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [head, ...body] = entries;
  const result = emptyInput('csv');
  if (!head) return result;
  const header = head.record;
  const roles = headerRoles(header, label);
  roles.forEach((role, i) => {
    if (role.kind === 'field') noteField(result, role.field, header[i]);
    else if (role.kind === 'tag') noteField(result, 'tag', header[i]);
    else if (role.kind === 'unknown') result.unknownColumns.push(header[i] as string);
  });

  for (const entry of body) {
    const line = startLine(entry);
    const where = `line ${line}`;
    const cells = entry.record;
    if (cells.length > header.length) {
      result.problems.push({
        where,
        position: line,
        message: `has ${cells.length} cells but the header has ${header.length} columns (quote a cell that holds a comma)`,
      });
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
    result.rows.push({ where, position: line, fields });
  }
  return result;
}

/** A plain list of IDs, one per line; blank lines and lines starting with `#` are skipped. */
function parseIdList(text: string): ParsedInput {
  const result = emptyInput('ids');
  noteField(result, 'simId');
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .forEach((raw, i) => {
      const value = raw.trim();
      if (value === '' || value.startsWith('#')) return;
      result.rows.push({ where: `line ${i + 1}`, position: i + 1, fields: { simId: value } });
    });
  return result;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // The number itself is not shown: a 19-digit SIM ID has already lost its last digits in JSON.parse.
  return typeof value === 'number' ? 'a number: quote IDs, a long ID does not survive as a JSON number' : typeof value;
}

/** A JSON row: an object whose keys are column names (`{"simId": "...", "tags": {...}}`), or a SIM ID string. */
function addJsonRow(value: unknown, where: string, position: number, into: ParsedInput, unknown: Set<string>): void {
  if (typeof value === 'string') {
    noteField(into, 'simId');
    into.rows.push({ where, position, fields: { simId: value } });
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    into.problems.push({
      where,
      position,
      message: `must be an object of columns or a SIM ID string (got ${describeJson(value)})`,
    });
    return;
  }
  const fields: RowFields = {};
  for (const [key, cell] of Object.entries(value as Record<string, unknown>)) {
    if (cell === null || cell === undefined || cell === '') continue;
    const role = classifyColumn(key);
    if (role.kind === 'field') {
      fields[role.field] = cell;
      noteField(into, role.field, key);
    } else if (role.kind === 'tag') {
      fields.tagCells ??= [];
      fields.tagCells.push([role.tagName, cell]);
      noteField(into, 'tag', key);
    } else if (role.kind === 'unknown') {
      unknown.add(key);
    }
  }
  into.rows.push({ where, position, fields });
}

/** JSON: an array of rows (or one row), named `item N`. */
function parseJson(text: string, label: string): ParsedInput {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)} (for one row per line, use --input-format jsonl)`,
    );
  }
  const result = emptyInput('json');
  const unknown = new Set<string>();
  (Array.isArray(data) ? data : [data]).forEach((item, i) => {
    addJsonRow(item, `item ${i + 1}`, i + 1, result, unknown);
  });
  result.unknownColumns = [...unknown];
  return result;
}

/** JSONL: one row per line, named by its line. */
function parseJsonl(text: string): ParsedInput {
  const result = emptyInput('jsonl');
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
      addJsonRow(value, where, i + 1, result, unknown);
    });
  result.unknownColumns = [...unknown];
  return result;
}

/** Parses input text in the given format, or the detected one. */
export function parseInput(text: string, label: string, format: InputFormatFlag = 'auto'): ParsedInput {
  const chosen: InputFormat = format === 'auto' ? detectFormat(text) : format;
  switch (chosen) {
    case 'csv':
      return parseCsv(text, label);
    case 'json':
      return parseJson(text, label);
    case 'jsonl':
      return parseJsonl(text);
    case 'ids':
      return parseIdList(text);
  }
}

/**
 * Tags as people write them: `--tag area=tokyo` (repeatable) and a `tags` cell `area=tokyo;floor=3`.
 * The name ends at the first `=`, so a value may contain `=`; a value cannot contain `;` in a `tags`
 * cell (use a `tag:<name>` column for that).
 */
export type TagPair = [name: string, value: string];

function splitTag(text: string): TagPair | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  const name = text.slice(0, at).trim();
  return name === '' ? undefined : [name, text.slice(at + 1).trim()];
}

/** `--tag name=value` flags; a bad one is a usage error. */
export function parseTagFlags(values: readonly string[] | undefined): TagPair[] {
  return (values ?? []).map((value) => {
    const pair = splitTag(value);
    if (!pair) throw new UsageError(`--tag ${JSON.stringify(value)} must be name=value, e.g. --tag area=tokyo`);
    return pair;
  });
}

/** A `tags` cell; returns the reason when a part is not `name=value`. */
export function parseTagCell(text: string): TagPair[] | { error: string } {
  const pairs: TagPair[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const pair = splitTag(part);
    if (!pair)
      return {
        error: `tags part ${JSON.stringify(part.trim())} must be name=value (tags look like "area=tokyo;floor=3")`,
      };
    pairs.push(pair);
  }
  return pairs;
}
