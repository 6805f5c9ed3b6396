import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, whatever the current directory is. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const fromRoot = (...parts: string[]): string => resolve(repoRoot, ...parts);
