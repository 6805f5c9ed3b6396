/** Where things are, whatever the current directory is (the bench runs from the repo root or elsewhere). */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const fromRoot = (...parts: string[]): string => resolve(repoRoot, ...parts);

/** A file of `bench/`, for starting it as a child process. */
export const benchFile = (...parts: string[]): string => fromRoot('bench', ...parts);

/** A path as the console shows it: from the repository's root when inside it, else absolute. */
export const shownPath = (file: string): string =>
  relative(repoRoot, file).startsWith('..') ? file : relative(repoRoot, file);
