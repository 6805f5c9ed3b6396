/**
 * `--failed-output`: the failed tasks as CSV, one row per task: the target in the same columns
 * `run` reads (sim_id, group_id, tag:<name>; vpg_id, imsi, ip_address), then why it failed
 * (status_code, error_code, error_message) and where (job_id, task_id, method, path). So the file
 * is a report for people and, once the cause is fixed, a valid `--input` for the same action.
 */
import { stringify } from 'csv-stringify/sync';
import type { FailedTask } from '../../jobs/run-tasks.js';
import type { TaskAction } from '../../tasks/actions.js';
import { recognizeTaskAction } from '../../tasks/actions.js';

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
