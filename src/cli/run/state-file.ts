/**
 * `--state-file`: the SDK's run state (which chunk of the input went to which job, and how far each
 * got), saved after every change with an atomic write. Giving the same file again resumes the run:
 * finished jobs are not touched, a running one is waited for, a chunk whose submission was in flight
 * is looked up by its marker before anything is sent, and the rest is submitted. The SDK refuses a
 * state made for other tasks (its fingerprint), so a file can never resume the wrong run.
 */
import { readFile } from 'node:fs/promises';
import type { RunState } from '../../jobs/run-state.js';
import { UsageError } from '../cli-errors.js';
import { writeFileAtomic } from './atomic-write.js';

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
