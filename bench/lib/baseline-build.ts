/**
 * Another version of the SDK, built from a git ref, for a side-by-side comparison in one bench run: a
 * detached worktree of the ref in a temporary folder, this checkout's node_modules linked into it, and
 * the ref's own build (its tsup.config.ts). The built `dist/index.js` is what the bench loads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot, repoRoot } from './paths.js';
import type { Sdk } from './sdk-under-test.js';

export type BaselineBuild = { ref: string; commit: string; sdk: Sdk; dispose(): void };

export async function buildBaseline(ref: string): Promise<BaselineBuild> {
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  const dir = join(mkdtempSync(join(tmpdir(), 'soracom-batch-baseline-')), 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: repoRoot, stdio: 'pipe' });
  const dispose = () => {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: repoRoot, stdio: 'pipe' });
    rmSync(join(dir, '..'), { recursive: true, force: true });
  };
  try {
    symlinkSync(fromRoot('node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync(process.execPath, [fromRoot('node_modules', 'tsup', 'dist', 'cli-default.js')], {
      cwd: dir,
      stdio: 'pipe',
    });
    const entry = join(dir, 'dist', 'index.js');
    if (!existsSync(entry)) throw new Error(`building ${ref} gave no dist/index.js`);
    const sdk = (await import(pathToFileURL(entry).href)) as Sdk;
    return { ref, commit, sdk, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
