/**
 * Replaces a set of files and folders all together or not at all, so that `openapi/batch.yaml` and
 * `generated/` never disagree: every new content is first written beside its target (same folder, so
 * the last step is a rename), then the targets are swapped in one after another; if a swap fails, the
 * swaps already made are undone and the staged copies removed.
 */
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export type Replacement = { target: string; content: string } | { target: string; dir: string };

export type ReplaceHooks = { rename?: (from: string, to: string) => void };

export function replaceAll(replacements: Replacement[], hooks: ReplaceHooks = {}): void {
  const rename = hooks.rename ?? renameSync;
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staged: Array<{ target: string; next: string; prev: string }> = [];
  try {
    for (const r of replacements) {
      const next = `${r.target}.next-${tag}`;
      staged.push({ target: r.target, next, prev: `${r.target}.prev-${tag}` });
      if ('content' in r) writeFileSync(next, r.content);
      else cpSync(r.dir, next, { recursive: true });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.next, { recursive: true, force: true });
    throw error;
  }

  const swapped: Array<{ target: string; prev: string; hadPrevious: boolean }> = [];
  try {
    for (const s of staged) {
      const hadPrevious = existsSync(s.target);
      if (hadPrevious) rename(s.target, s.prev);
      try {
        rename(s.next, s.target);
      } catch (error) {
        if (hadPrevious) renameSync(s.prev, s.target);
        throw error;
      }
      swapped.push({ target: s.target, prev: s.prev, hadPrevious });
    }
  } catch (error) {
    for (const s of swapped.reverse()) {
      rmSync(s.target, { recursive: true, force: true });
      if (s.hadPrevious) renameSync(s.prev, s.target);
    }
    for (const s of staged) rmSync(s.next, { recursive: true, force: true });
    throw error;
  }
  for (const s of swapped) rmSync(s.prev, { recursive: true, force: true });
}
