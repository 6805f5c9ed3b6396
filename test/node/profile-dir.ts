/** Temporary profile folders for the profile tests; removed after each test. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TempProfiles = {
  /** A folder to pass as SORACOM_PROFILE_DIR. */
  dir: string;
  /** A home folder (its `.soracom/` is created on demand). */
  home: string;
  /** Writes `<dir>/<name>.json` with `mode` (0600 unless told). */
  write(name: string, content: unknown, options?: { mode?: number; dir?: string }): string;
  remove(): void;
};

export function tempProfiles(): TempProfiles {
  const root = mkdtempSync(join(tmpdir(), 'soracom-batch-profiles-'));
  const dir = join(root, 'profiles');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  return {
    dir,
    home,
    write(name, content, options = {}) {
      const folder = options.dir ?? dir;
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${name}.json`);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      chmodSync(file, options.mode ?? 0o600);
      return file;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
