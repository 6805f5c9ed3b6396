/**
 * Input rows, whatever the format: CSV with a header, a plain list of IDs, JSON (an array of rows) or
 * JSONL (one row per line), detected or chosen with `--input-format`. Each row says where it is (for
 * messages) and the values it gives under the CLI's field names; the input also says which columns
 * gave each field, as written, so messages name the columns the user wrote. Values stay `unknown`
 * until the action's task is built (actions.ts), so a JSON number where a string belongs is reported.
 *
 * The input is read as a stream, as often as the run needs (checked whole first, then read again a
 * chunk at a time), so memory does not grow with its length: CSV, ID lists and JSONL are read line by
 * line; a JSON array is the one format read whole. stdin is first copied to a temporary file, since it
 * can be read only once. Every line is checked to be UTF-8: a line that is not is an invalid row.
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
 *   status                        `run apply`: active, inactive, standby or suspended
 *
 * The extra columns of a `--failed-output` file (status_code, error_code, ...) are accepted and
 * ignored, so that file can be given back as `--input` after fixing the cause.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { unsafeCell } from './cells.js';
import { UsageError } from './errors.js';
import { type CliIo, cannotRead } from './io.js';

export type FieldName = 'simId' | 'groupId' | 'vpgId' | 'imsi' | 'ipAddress' | 'tags' | 'status';

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
  status: 'status',
};

const INFORMATIONAL = new Set([
  'jobid',
  'taskid',
  'statuscode',
  'errorcode',
  'errormessage',
  'method',
  'path',
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
  status: 'status',
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

/** A row, or why a line (item) cannot be a row at all: not UTF-8, bad JSON, too many CSV cells. */
export type RowOrProblem = InputRow | (RowProblem & { fields?: undefined });

/** The columns the input has, as written: filled by the first pass over it (the header, or every JSON key). */
export type InputColumns = {
  /** The fields the input gives anywhere, each with the columns (or keys) that gave it, as written. */
  fields: Map<FieldName | 'tag', string[]>;
  /** Columns or keys that mean nothing to the CLI (reported as a warning). */
  unknown: string[];
};

/** An input the run reads as often as it needs: `rows()` starts a new pass each time. */
export type InputFile = {
  label: string;
  /** The file read, when `--input` named one (not stdin). */
  path?: string;
  format: InputFormat;
  rows(): AsyncGenerator<RowOrProblem, void, undefined>;
  columns: InputColumns;
  /** Removes the temporary copy of stdin, if there is one. */
  dispose(): Promise<void>;
};

/** Everything read at once, for small inputs and tests: the rows, the problems, the columns. */
export type ParsedInput = InputColumns & { format: InputFormat; rows: InputRow[]; problems: RowProblem[] };

type Bytes = () => AsyncIterable<Uint8Array>;

/** One line of the input: its number (from 1), its text, and whether its bytes were UTF-8. */
type Line = { line: number; text: string; badUtf8: boolean };

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

function decodeLine(bytes: Uint8Array, line: number): Line {
  try {
    return { line, text: strict.decode(bytes), badUtf8: false };
  } catch {
    return { line, text: lenient.decode(bytes), badUtf8: true };
  }
}

/** The lines of a byte stream, ended by LF, CRLF or CR, each decoded and checked on its own. */
async function* readLines(bytes: Bytes): AsyncGenerator<Line, void, undefined> {
  let pending: Uint8Array[] = [];
  let line = 1;
  let afterCr = false;
  const flush = (piece: Uint8Array): Line => {
    pending.push(piece);
    const whole = pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending);
    pending = [];
    return decodeLine(whole, line++);
  };
  for await (const chunk of bytes()) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        if (afterCr && i === from) {
          // The LF of a CRLF split across two reads.
          from = i + 1;
          afterCr = false;
          continue;
        }
        yield flush(chunk.subarray(from, i));
        from = i + 1;
        afterCr = false;
      } else if (byte === 0x0d) {
        yield flush(chunk.subarray(from, i));
        if (chunk[i + 1] === 0x0a) i++;
        else afterCr = i + 1 === chunk.length;
        from = i + 1;
      } else afterCr = false;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
  }
  if (pending.length > 0) {
    const last = flush(new Uint8Array(0));
    if (last.text !== '') yield last;
  }
}

const NOT_UTF8 = 'is not valid UTF-8 text (save the file as UTF-8)';
/** The same, as the reason of an invalid row (`<file> line 7: invalid: <reason>`). */
const ROW_NOT_UTF8 = 'the line is not valid UTF-8 text (save the file as UTF-8)';

/**
 * Which format the input is in, when `--input-format` does not say, from its first line:
 *   - starts with `[` → JSON (an array of rows);
 *   - starts with `{` → JSONL when the first line is a whole JSON value, else JSON (one object over lines);
 *   - starts with `"` → JSONL (one JSON string or object per line);
 *   - a first line with a comma or a tab, or that is a known column name → CSV with a header;
 *   - anything else → a plain list of IDs, one per line.
 */
export function detectFormat(text: string): InputFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  const firstLine = (body.split(/\r\n?|\n/, 1)[0] ?? '').trim();
  if (body.startsWith('[')) return 'json';
  if (body.startsWith('{')) {
    try {
      JSON.parse(firstLine);
      return 'jsonl';
    } catch {
      return 'json';
    }
  }
  if (body.startsWith('"')) return 'jsonl';
  if (firstLine.includes(',') || firstLine.includes('\t') || isKnownColumn(firstLine)) return 'csv';
  return 'ids';
}

type CsvEntry = { record: string[]; info: { lines: number }; raw: string };

/** The line a record starts on: csv-parse counts the line it ends on, and its raw text holds the rest. */
function startLine(entry: CsvEntry): number {
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

/** Records that `column` (as written; none for a bare ID) gave `field`. */
function noteField(columns: InputColumns, field: FieldName | 'tag', column?: string): void {
  const names = columns.fields.get(field) ?? [];
  if (column !== undefined && !names.includes(column)) names.push(column);
  columns.fields.set(field, names);
}

/** One CSV record as a row (its cells by the header's roles), or why it is not one. */
function csvRow(
  entry: CsvEntry,
  header: readonly string[],
  roles: readonly ColumnRole[],
  badLines: Set<number>,
): RowOrProblem {
  const line = startLine(entry);
  const where = `line ${line}`;
  const cells = entry.record;
  let notUtf8 = false;
  for (const bad of badLines) {
    if (bad > entry.info.lines) continue;
    badLines.delete(bad);
    notUtf8 ||= bad >= line;
  }
  if (notUtf8) return { where, position: line, message: ROW_NOT_UTF8 };
  if (cells.length > header.length) {
    return {
      where,
      position: line,
      message: `has ${cells.length} cells but the header has ${header.length} columns (quote a cell that holds a comma)`,
    };
  }
  const fields: RowFields = {};
  roles.forEach((role, i) => {
    const cell = cells[i];
    if (cell === undefined || cell === '') return;
    const value = unsafeCell(cell);
    if (role.kind === 'field') fields[role.field] = value;
    else if (role.kind === 'tag') {
      fields.tagCells ??= [];
      fields.tagCells.push([role.tagName, value]);
    }
  });
  return { where, position: line, fields };
}

/**
 * CSV with a header row (RFC 4180 quoting, by csv-parse): comma- or tab-separated, UTF-8 with or
 * without a BOM, CRLF or LF, blank lines skipped, cells trimmed. Each row is reported by the line it
 * starts on (the header is line 1), even when a quoted cell spans lines.
 */
async function* csvRows(bytes: Bytes, label: string, columns: InputColumns): AsyncGenerator<RowOrProblem> {
  const badLines = new Set<number>();
  const lines = readLines(bytes);
  const first = await lines.next();
  if (first.done) return;
  const firstText = first.value.text.replace(/^\uFEFF/, '');
  const delimiter = !firstText.includes(',') && firstText.includes('\t') ? '\t' : ',';
  if (first.value.badUtf8) throw new UsageError(`${label} line 1 (the header) ${NOT_UTF8}`);
  async function* text(): AsyncGenerator<string> {
    yield `${firstText}\n`;
    for await (const line of lines) {
      if (line.badUtf8) badLines.add(line.line);
      yield `${line.text}\n`;
    }
  }
  const parser = Readable.from(text()).pipe(
    parse({ delimiter, info: true, raw: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  let roles: ColumnRole[] | undefined;
  let header: string[] = [];
  try {
    for await (const entry of parser as AsyncIterable<CsvEntry>) {
      if (!roles) {
        header = entry.record;
        roles = headerRoles(header, label);
        roles.forEach((role, i) => {
          if (role.kind === 'field') noteField(columns, role.field, header[i]);
          else if (role.kind === 'tag') noteField(columns, 'tag', header[i]);
          else if (role.kind === 'unknown' && !columns.unknown.includes(header[i] as string))
            columns.unknown.push(header[i] as string);
        });
        continue;
      }
      yield csvRow(entry, header, roles, badLines);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${label} is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A plain list of IDs, one per line; blank lines and lines starting with `#` are skipped. */
async function* idRows(bytes: Bytes, columns: InputColumns): AsyncGenerator<RowOrProblem> {
  noteField(columns, 'simId');
  for await (const { line, text, badUtf8 } of readLines(bytes)) {
    const value = text.replace(/^\uFEFF/, '').trim();
    if (value === '' || value.startsWith('#')) continue;
    const where = `line ${line}`;
    if (badUtf8) yield { where, position: line, message: ROW_NOT_UTF8 };
    else yield { where, position: line, fields: { simId: value } };
  }
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // The number itself is not shown: a 19-digit SIM ID has already lost its last digits in JSON.parse.
  return typeof value === 'number' ? 'a number: quote IDs, a long ID does not survive as a JSON number' : typeof value;
}

/** A JSON row: an object whose keys are column names (`{"simId": "...", "tags": {...}}`), or a SIM ID string. */
function jsonRow(value: unknown, where: string, position: number, columns: InputColumns): RowOrProblem {
  if (typeof value === 'string') {
    noteField(columns, 'simId');
    return { where, position, fields: { simId: value } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { where, position, message: `must be an object of columns or a SIM ID string (got ${describeJson(value)})` };
  }
  const fields: RowFields = {};
  const keyOf = new Map<FieldName, string>();
  for (const [key, cell] of Object.entries(value as Record<string, unknown>)) {
    if (cell === null || cell === undefined || cell === '') continue;
    const role = classifyColumn(key);
    if (role.kind === 'field') {
      // `sim_id` and `simId` in one row: nothing tells which was meant (a CSV header refuses it too).
      const other = keyOf.get(role.field);
      if (other !== undefined)
        return {
          where,
          position,
          message: `gives ${COLUMN_OF[role.field]} twice (${JSON.stringify(other)} and ${JSON.stringify(key)}): keep one`,
        };
      keyOf.set(role.field, key);
      fields[role.field] = cell;
      noteField(columns, role.field, key);
    } else if (role.kind === 'tag') {
      fields.tagCells ??= [];
      fields.tagCells.push([role.tagName, cell]);
      noteField(columns, 'tag', key);
    } else if (role.kind === 'unknown' && !columns.unknown.includes(key)) {
      columns.unknown.push(key);
    }
  }
  return { where, position, fields };
}

/** JSONL: one row per line, named by its line. */
async function* jsonlRows(bytes: Bytes, columns: InputColumns): AsyncGenerator<RowOrProblem> {
  for await (const { line, text, badUtf8 } of readLines(bytes)) {
    const trimmed = text.replace(/^\uFEFF/, '').trim();
    if (trimmed === '') continue;
    const where = `line ${line}`;
    if (badUtf8) {
      yield { where, position: line, message: ROW_NOT_UTF8 };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield {
        where,
        position: line,
        message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      };
      continue;
    }
    yield jsonRow(value, where, line, columns);
  }
}

/** JSON: an array of rows (or one row), named `item N`. The one format read whole: JSON has no lines. */
async function* jsonRows(bytes: Bytes, label: string, columns: InputColumns): AsyncGenerator<RowOrProblem> {
  const parts: Uint8Array[] = [];
  for await (const chunk of bytes()) parts.push(chunk);
  let text: string;
  try {
    text = strict.decode(Buffer.concat(parts));
  } catch {
    throw new UsageError(`${label} ${NOT_UTF8}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)} (for one row per line, use --input-format jsonl)`,
    );
  }
  const items = Array.isArray(data) ? data : [data];
  for (let i = 0; i < items.length; i++) yield jsonRow(items[i], `item ${i + 1}`, i + 1, columns);
}

function inputOf(bytes: Bytes, label: string, format: InputFormat, dispose: () => Promise<void>): InputFile {
  const columns: InputColumns = { fields: new Map(), unknown: [] };
  const rows = (): AsyncGenerator<RowOrProblem, void, undefined> => {
    switch (format) {
      case 'csv':
        return csvRows(bytes, label, columns);
      case 'json':
        return jsonRows(bytes, label, columns);
      case 'jsonl':
        return jsonlRows(bytes, columns);
      case 'ids':
        return idRows(bytes, columns);
    }
  };
  return { label, format, rows, columns, dispose };
}

const FIRST_BYTES = 64 * 1024;

/** The first bytes of a file, enough to tell its format. */
async function head(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(FIRST_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, FIRST_BYTES, 0);
    return lenient.decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Opens `--input`: a path (relative to the working directory) or `-` for stdin, which is first copied
 * to a temporary file so that it can be read more than once.
 */
export async function openInput(spec: string, io: CliIo, format: InputFormatFlag = 'auto'): Promise<InputFile> {
  let path = resolve(io.cwd, spec);
  let dispose: () => Promise<void> = async () => undefined;
  let label = spec;
  if (spec === '-') {
    label = 'stdin';
    const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-stdin-'));
    path = join(dir, 'input');
    dispose = () => rm(dir, { recursive: true, force: true });
    const out = await open(path, 'w');
    try {
      for await (const chunk of io.readStdin()) await out.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    } finally {
      await out.close();
    }
  } else {
    try {
      if ((await stat(path)).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    } catch (error) {
      throw cannotRead('--input', spec, error);
    }
  }
  const chosen = format === 'auto' ? detectFormat(await head(path)) : format;
  const input = inputOf(() => createReadStream(path), label, chosen, dispose);
  return spec === '-' ? input : { ...input, path };
}

/** An input given as text (small inputs, tests). */
export function inputFromText(text: string, label: string, format: InputFormatFlag = 'auto'): InputFile {
  const chosen = format === 'auto' ? detectFormat(text) : format;
  const bytes = new TextEncoder().encode(text);
  return inputOf(
    async function* () {
      yield bytes;
    },
    label,
    chosen,
    async () => undefined,
  );
}

/** An input given as bytes (tests of the byte-level checks). */
export function inputFromBytes(bytes: Uint8Array, format: InputFormat): InputFile {
  return inputOf(
    async function* () {
      yield bytes;
    },
    'input',
    format,
    async () => undefined,
  );
}

/** Reads every row of a small input at once (tests, and messages that need them all). */
export async function readAll(input: InputFile): Promise<ParsedInput> {
  const rows: InputRow[] = [];
  const problems: RowProblem[] = [];
  for await (const row of input.rows()) {
    if (row.fields) rows.push(row);
    else problems.push(row);
  }
  return { format: input.format, rows, problems, ...input.columns };
}
