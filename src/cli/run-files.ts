/**
 * The files a run writes besides its report.
 *
 * `--state-file`: the SDK's run state (which chunk of the input went to which job, and how far each
 * got), saved after every change with an atomic write. Giving the same file again resumes the run:
 * finished jobs are not touched, a running one is waited for, a chunk whose submission was in flight
 * is looked up by its marker before anything is sent, and the rest is submitted. The SDK refuses a
 * state made for other tasks (its fingerprint), so a file can never resume the wrong run.
 *
 * `--failed-output`: the failed tasks as CSV, one row per task: the target in the same columns `run`
 * reads (sim_id, group_id, tag:<name>; vpg_id, imsi, ip_address), then why it failed (status_code,
 * error_code, error_message) and where (job_id, task_id, method, path). So the file is a report for
 * people and, once the cause is fixed, a valid `--input` for the same action.
 */
import { readFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { RunState } from '../runner/run-state.js';
import type { FailedTask } from '../runner/run-tasks.js';
import { recognizeTaskAction, type TaskAction } from '../tasks/actions.js';
import { UsageError } from './errors.js';
import { writeFileAtomic } from './io.js';

export const STATE_FILE_KIND = 'soracom-batch/run-state';

export type StateFile = {
  kind: typeof STATE_FILE_KIND;
  version: 1;
  /** The command that made it, e.g. `run put-tags`, for people reading the file. */
  command: string;
  /** The input it ran, as given. */
  input?: string;
  savedAt: string;
  state: RunState;
};

/** The saved state, or `undefined` when the file does not exist yet (a first run). */
export async function loadStateFile(path: string, label: string): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read --state-file ${label}: ${String((error as { code?: unknown }).code ?? error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(
      `--state-file ${label} is not a soracom-batch state file (not JSON): use another path, or delete it to start over`,
    );
  }
  const file = data as Partial<StateFile> | null;
  if (
    !file ||
    typeof file !== 'object' ||
    file.kind !== STATE_FILE_KIND ||
    file.version !== 1 ||
    !file.state ||
    typeof file.state !== 'object'
  ) {
    throw new UsageError(
      `--state-file ${label} is not a soracom-batch state file: use another path, or delete it to start over`,
    );
  }
  return file as StateFile;
}

export async function saveStateFile(
  path: string,
  content: Omit<StateFile, 'kind' | 'version' | 'savedAt'>,
): Promise<void> {
  const file: StateFile = { kind: STATE_FILE_KIND, version: 1, savedAt: new Date().toISOString(), ...content };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}

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
  if (!request) return {};
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

export function failedTasksCsv(failed: readonly FailedTask[], action: TaskAction): string {
  const rows = failed.map((task) => ({
    ...targetCells(task),
    status_code: task.response?.statusCode === undefined ? '' : String(task.response.statusCode),
    ...errorCells(task),
    job_id: task.jobId,
    task_id: task.taskId === undefined ? '' : String(task.taskId),
    method: task.request?.method ?? '',
    path: task.request?.path ?? '',
  }));
  const tagColumns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (key.startsWith('tag:')) tagColumns.add(key);
  const columns = [...targetColumns(action), ...tagColumns, ...INFO_COLUMNS];
  return stringify(
    rows.map((row) => columns.map((c) => (row as Record<string, string>)[c] ?? '')),
    { header: true, columns },
  );
}
