/**
 * The files a run writes besides its report.
 *
 * `--state-file`: the SDK's run state (which chunk of the input went to which job, and how far each
 * got), saved after every change with an atomic write. Giving the same file again resumes the run:
 * finished jobs are not touched, a running one is waited for, a chunk whose submission was in flight
 * is looked up by its marker before anything is sent, and the rest is submitted. The SDK refuses a
 * state made for other tasks (its fingerprint), so a file can never resume the wrong run. While a run
 * uses a state file it holds a lock beside it (`<file>.lock`), so two runs can never share one.
 *
 * `--failed-output`: the failed tasks as CSV, one row per task, written as each job ends: the target in
 * the same columns `run` reads (sim_id, group_id, tag:<name>; vpg_id, imsi, ip_address), then why it
 * failed (status_code, error_code, error_message) and where (job_id, task_id, method, path). So the file
 * is a report for people and, once the cause is fixed, a valid `--input` for the same action. A cell a
 * spreadsheet would run as a formula starts with `'` (OWASP's advice on CSV injection,
 * https://owasp.org/www-community/attacks/CSV_Injection); `run` reads such a cell back without it.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RunState } from '../runner/run-state.js';
import type { FailedTask } from '../runner/run-tasks.js';
import { recognizeTaskAction, type TaskAction } from '../tasks/actions.js';
import { UsageError } from './errors.js';
import { safeCell } from './input.js';
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
    throw new UsageError(`--state-file ${label} is damaged (not JSON): ${RECOVER_ADVICE}`);
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
    throw new UsageError(`--state-file ${label} is not a soracom-batch state file: ${RECOVER_ADVICE}`);
  }
  return file as StateFile;
}

/**
 * What to do about a state file that cannot be read. Deleting it and starting over would submit every
 * chunk that had finished a second time; recovery rebuilds the state from the batch group's jobs.
 */
export const RECOVER_ADVICE =
  "add --recover to rebuild the state from the batch group's jobs (chunks whose job is found are not submitted again; " +
  'the run says which will be). Do not delete it and start over: every chunk that had finished would be submitted twice';

export async function saveStateFile(
  path: string,
  content: Omit<StateFile, 'kind' | 'version' | 'savedAt'>,
): Promise<void> {
  const file: StateFile = { kind: STATE_FILE_KIND, version: 1, savedAt: new Date().toISOString(), ...content };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}

/** Who holds a state file's lock. */
type LockOwner = { pid: number; host: string; since: string; command: string };

/** Whether a process of this host is alive (signal 0 tests for it without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Takes the lock of a state file: `<file>.lock`, created only if it does not exist (O_EXCL), holding the
 * owner. A second run on the same file is refused at once, naming the holder. A lock left by a process of
 * this host that is no longer running (killed, crashed) is taken over; the lock is removed when the run
 * ends, on Ctrl-C and on an uncaught error (the process's exit). Returns the function that releases it.
 */
export function lockStateFile(path: string, label: string, command: string): () => void {
  const lockPath = `${path}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') {
        throw new UsageError(
          `cannot lock --state-file ${label} (${String((error as { code?: unknown }).code ?? error)}): is its folder there and writable?`,
        );
      }
      let owner: Partial<LockOwner> = {};
      try {
        owner = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
      } catch {
        // A lock file cut short by a crash as it was written: treated as held by nobody we can name.
      }
      const stale = owner.host === me.host && typeof owner.pid === 'number' && !alive(owner.pid);
      if (stale && attempt === 0) {
        rmSyncSafe(lockPath);
        continue;
      }
      const holder =
        typeof owner.pid === 'number'
          ? `pid ${owner.pid} on ${owner.host ?? 'an unknown host'} since ${owner.since ?? 'an unknown time'}${owner.command ? ` (${owner.command})` : ''}`
          : 'a run that left no owner';
      throw new UsageError(
        `--state-file ${label} is in use by another run: ${holder}. Wait for it to end; if it is gone (another host, a reboot), delete ${label}.lock and run again`,
      );
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    rmSyncSafe(lockPath);
  };
  process.on('exit', release);
  return release;
}

function rmSyncSafe(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
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

/**
 * The failed-output file, written as each job ends (memory does not grow with the failures): a header,
 * then one line per failed task, every cell spreadsheet-safe. Written to a temporary file beside the
 * target and renamed over it when the run ends, so a reader never sees half a file; a run that stops
 * early still leaves what it wrote.
 */
export class FailedOutput {
  readonly #path: string;
  readonly #temp: string;
  readonly #columns: string[];
  readonly #names: ActionNames | undefined;
  #handle: FileHandle | undefined;
  #count = 0;

  private constructor(path: string, columns: string[], names: ActionNames | undefined) {
    this.#path = path;
    this.#temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.#columns = columns;
    this.#names = names;
  }

  static async open(path: string, columns: string[], names?: ActionNames): Promise<FailedOutput> {
    const out = new FailedOutput(path, columns, names);
    out.#handle = await open(out.#temp, 'w');
    await out.#handle.write(stringify([columns]));
    return out;
  }

  get count(): number {
    return this.#count;
  }

  async write(task: FailedTask): Promise<void> {
    const row: Record<string, string> = {
      ...rowOf(task),
      ...(this.#names ? { action: this.#names(task.action) } : {}),
    };
    await this.#handle?.write(stringify([this.#columns.map((c) => safeCell(row[c] ?? ''))]));
    this.#count++;
  }

  /** Flushes and puts the file in place (also when the run stopped early: what was written is kept). */
  async close(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = undefined;
    try {
      await handle.sync();
      await handle.close();
      await rename(this.#temp, this.#path);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(this.#temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}
