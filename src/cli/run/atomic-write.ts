/**
 * Writes a file so that a reader (or a crash at any moment, SIGKILL included) sees either the old
 * content or the new, never half of it: write a temporary file beside it, flush it to disk, then
 * rename it over the target (atomic on POSIX file systems and on NTFS).
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'w');
    await handle.writeFile(text, 'utf8');
    // Without the flush a power loss could leave the renamed file empty; a killed process cannot.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
