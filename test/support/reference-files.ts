/**
 * Finds the shared reference files (the seed, Soracom's full API description) that live outside the
 * repository and are never committed: in `$SORACOM_SHARED_DIR`, else in `shared/` beside the
 * repository's folder. Tests that need them skip, saying why, when they are absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.js';

function sharedDirs(): string[] {
  const fromEnv = process.env.SORACOM_SHARED_DIR;
  return fromEnv ? [resolve(fromEnv)] : [resolve(repoRoot, '..', 'shared')];
}

function find(relative: string): string | undefined {
  return sharedDirs()
    .map((dir) => resolve(dir, relative))
    .find((file) => existsSync(file));
}

/** Soracom's full official API description, when present. */
export const fullSpecPath = find('reference/soracom-api.en.yaml');
/** The seed: the Batch spec with its indentation lost. */
export const seedPath = find('seed/000_e54a7bd3b6e83105.txt');

export function skipNote(what: string, file: string): string {
  return `SKIPPED: ${what} needs ${file}, which is absent (looked in ${sharedDirs().join(', ')}; set SORACOM_SHARED_DIR)`;
}
