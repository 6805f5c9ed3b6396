/**
 * `--failed-output`: the failed tasks as CSV, one row per task, written as each job ends: the target in
 * the same columns `run` reads (sim_id, group_id, tag:<name>; vpg_id, imsi, ip_address), then why it
 * failed (status_code, error_code, error_message) and where (job_id, task_id, method, path). So the file
 * is a report for people and, once the cause is fixed, a valid `--input` for the same action. A cell a
 * spreadsheet would run as a formula starts with `'` (OWASP's advice on CSV injection,
 * https://owasp.org/www-community/attacks/CSV_Injection); `run` reads such a cell back without it.
 *
 * The file only grows: an existing file with the same columns is continued (a resumed or repeated run
 * adds the rows it does not hold yet, each task once by job and task ID), never cut. It is readable by
 * its owner only (0600), and every credential the CLI knows is redacted from it, as from every line the
 * CLI prints (an API that echoes a key into a task's error must not put it in a file).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FailedTask } from '../runner/run-types.js';
import { recognizeTaskAction, type TaskAction } from '../tasks/actions.js';
import { safeCell } from './cells.js';
import { UsageError } from './errors.js';

const INFO_COLUMNS = ['status_code', 'error_code', 'error_message', 'job_id', 'task_id', 'method', 'path'] as const;
const MAX_MESSAGE = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function segment(path: string, after: string): string {
  const parts = path.split('/');
  const at = parts.indexOf(after);
  const raw = at >= 0 ? parts[at + 1] : undefined;
  if (raw === undefined) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function targetColumns(action: TaskAction): string[] {
  if (action === 'putVirtualPrivateGatewayIpAddressMapEntry') return ['vpg_id', 'imsi', 'ip_address'];
  if (action === 'setSimGroup') return ['sim_id', 'group_id'];
  return ['sim_id'];
}

/** The cells that say which target a task was for. */
function targetCells(task: FailedTask): Record<string, string> {
  const request = task.request;
  const action = recognizeTaskAction(request);
  const body: unknown = request.body;
  if (action === 'putVirtualPrivateGatewayIpAddressMapEntry') {
    const entry = isRecord(body) ? body : {};
    return {
      vpg_id: segment(request.path, 'virtual_private_gateways'),
      imsi: String(entry.key ?? ''),
      ip_address: String(entry.ipAddress ?? ''),
    };
  }
  const cells: Record<string, string> = { sim_id: segment(request.path, 'sims') };
  if (action === 'setSimGroup' && isRecord(body)) cells.group_id = String(body.groupId ?? '');
  if (action === 'putSimTags' && Array.isArray(body)) {
    for (const tag of body)
      if (isRecord(tag) && typeof tag.tagName === 'string') cells[`tag:${tag.tagName}`] = String(tag.tagValue ?? '');
  }
  return cells;
}

/** `code` and `message` of the API's error body, or the body itself when it is something else. */
function errorCells(task: FailedTask): { error_code: string; error_message: string } {
  const body: unknown = task.response?.body;
  if (isRecord(body) && (typeof body.code === 'string' || typeof body.message === 'string')) {
    return { error_code: String(body.code ?? ''), error_message: String(body.message ?? '').slice(0, MAX_MESSAGE) };
  }
  return { error_code: '', error_message: body === undefined ? '' : JSON.stringify(body).slice(0, MAX_MESSAGE) };
}

/** The CLI name of an action, for the `action` column of a run of several actions. */
export type ActionNames = (action: TaskAction) => string;

function rowOf(task: FailedTask): Record<string, string> {
  return {
    ...targetCells(task),
    status_code: task.response?.statusCode === undefined ? '' : String(task.response.statusCode),
    ...errorCells(task),
    job_id: task.jobId,
    task_id: String(task.taskId),
    method: task.request.method,
    path: task.request.path,
  };
}

/** The columns of a failed-output file: the target's, one per tag name, then why and where. */
export function failedColumns(
  actions: readonly TaskAction[],
  tagNames: Iterable<string>,
  withAction: boolean,
): string[] {
  const target = [...new Set(actions.flatMap(targetColumns))];
  const tags = [...new Set(tagNames)].map((name) => `tag:${name}`);
  return [...(withAction ? ['action'] : []), ...target, ...tags, ...INFO_COLUMNS];
}

/** The key of a row: its job and task. */
const keyOf = (jobId: string, taskId: string) => `${jobId}\u0000${taskId}`;

/** The rows an existing file holds, by key; undefined when it does not exist. Refused when it is not ours. */
function existingRows(path: string, label: string, columns: readonly string[]): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new UsageError(
      `cannot read --failed-output ${label}: ${String((error as { code?: unknown }).code ?? error)}`,
    );
  }
  const refuse = () =>
    new UsageError(
      `--failed-output ${label} exists and is not a failed-tasks file of this command (its columns differ): name another file, or move it away`,
    );
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true }) as string[][];
  } catch {
    throw refuse();
  }
  const [header, ...body] = rows;
  if (!header || header.join(',') !== columns.join(',')) throw refuse();
  const job = columns.indexOf('job_id');
  const task = columns.indexOf('task_id');
  return new Set(body.map((row) => keyOf(row[job] ?? '', row[task] ?? '')));
}

/**
 * The failed-output file, appended to as each job ends (memory does not grow with the failures, but
 * for the keys of the rows it holds), each row spreadsheet-safe and redacted.
 */
export class FailedOutput {
  readonly #fd: number;
  readonly #columns: string[];
  readonly #names: ActionNames | undefined;
  readonly #written: Set<string>;
  readonly #redact: (text: string) => string;
  #count = 0;

  private constructor(
    fd: number,
    columns: string[],
    names: ActionNames | undefined,
    written: Set<string>,
    redact: (text: string) => string,
  ) {
    this.#fd = fd;
    this.#columns = columns;
    this.#names = names;
    this.#written = written;
    this.#redact = redact;
  }

  /** Opens `path` to continue it (the same columns), or creates it with its header. */
  static open(
    path: string,
    label: string,
    columns: string[],
    redact: (text: string) => string,
    names?: ActionNames,
  ): FailedOutput {
    const existing = existingRows(path, label, columns);
    const fd = openSync(path, existing ? 'a' : 'wx', 0o600);
    if (!existing) writeSync(fd, stringify([columns]));
    return new FailedOutput(fd, columns, names, existing ?? new Set(), redact);
  }

  /** Rows written by this run. */
  get count(): number {
    return this.#count;
  }

  write(task: FailedTask): void {
    const key = keyOf(task.jobId, String(task.taskId));
    if (this.#written.has(key)) return;
    this.#written.add(key);
    const row: Record<string, string> = {
      ...rowOf(task),
      ...(this.#names ? { action: this.#names(task.action) } : {}),
    };
    writeSync(this.#fd, this.#redact(stringify([this.#columns.map((c) => safeCell(row[c] ?? ''))])));
    this.#count++;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
