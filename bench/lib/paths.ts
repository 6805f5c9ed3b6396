/** Where things are, whatever the current directory is (the bench runs from the repo root or elsewhere). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const fromRoot = (...parts: string[]): string => resolve(repoRoot, ...parts);

/** A file of `bench/`, for starting it as a child process. */
export const benchFile = (...parts: string[]): string => fromRoot('bench', ...parts);
