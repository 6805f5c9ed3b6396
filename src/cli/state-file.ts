/**
 * The run's state file: the SDK's run state (runner/run-state.ts), a cache of the batch group's jobs,
 * saved after every change with an atomic write, readable by its owner only (0600) and with every
 * credential the CLI knows redacted. `--state-file` names it; without the flag it lives in the user's
 * cache folder (`$SORACOM_BATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/soracom-batch`, else
 * `~/.cache/soracom-batch`), one per run, so a run killed with a create in flight tells the next run on
 * this machine when that create was sent.
 *
 * It is only a cache: lost, damaged, copied from an older moment or from another run's folder, it
 * cannot make a run submit a task twice, because every run reads the batch group's jobs before it
 * submits anything. A damaged one is set aside with a warning, and the run goes on from the group.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunState } from '../runner/run-state.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { writeFileAtomic } from './io.js';

export const STATE_FILE_KIND = 'soracom-batch/run-state';

export type StateFile = {
  kind: typeof STATE_FILE_KIND;
  version: 2;
  /** The command that made it, e.g. `run put-tags`, for people reading the file. */
  command: string;
  /** The input it ran, as given. */
  input?: string;
  savedAt: string;
  state: RunState;
};

/** Where the CLI keeps what only this machine knows: run states and locks. */
export function cacheDir(io: CliIo): string {
  const { env } = io;
  if (env.SORACOM_BATCH_CACHE_DIR) return env.SORACOM_BATCH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(io.homeDir ?? io.cwd, '.cache');
  return join(base, 'soracom-batch');
}

/**
 * The saved state, or `undefined` when there is none to use: the file does not exist (a first run), or
 * it cannot be read as a state (`onDamaged` is told why: the run goes on from the batch group's jobs).
 */
export async function loadStateFile(
  path: string,
  label: string,
  onDamaged: (why: string) => void,
): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read --state-file ${label}: ${String(code ?? error)}`);
  }
  // A file that is not ours is never overwritten; one of ours that is damaged is only a lost cache.
  const notOurs = () =>
    new UsageError(
      `--state-file ${label} is not a soracom-batch state file: name another file (this one would be overwritten)`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Empty, or cut short: what our atomic writes never leave, but a copy or a full disk can.
    if (text.trim() !== '' && !/^\s*\{\s*"kind"/.test(text)) throw notOurs();
    onDamaged(`${label} is damaged (not JSON)`);
    return undefined;
  }
  const file = data as Partial<StateFile> | null;
  if (!file || typeof file !== 'object' || file.kind !== STATE_FILE_KIND) throw notOurs();
  if (!file.state || typeof file.state !== 'object') {
    onDamaged(`${label} is damaged (not a whole state)`);
    return undefined;
  }
  if (file.version !== 2 || file.state.version !== 3) {
    onDamaged(`${label} was written by an earlier version`);
    return undefined;
  }
  return file as StateFile;
}

export async function saveStateFile(
  path: string,
  content: Omit<StateFile, 'kind' | 'version' | 'savedAt'>,
  redact: (text: string) => string,
): Promise<void> {
  const file: StateFile = { kind: STATE_FILE_KIND, version: 2, savedAt: new Date().toISOString(), ...content };
  await writeFileAtomic(path, redact(`${JSON.stringify(file, null, 2)}\n`));
}
