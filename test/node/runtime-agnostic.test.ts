/** Node built-ins are allowed only under src/node (and src/testing, src/cli): the core runs anywhere fetch does. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

const NODE_ONLY = new Set(['node', 'testing', 'cli']);
const BUILTIN =
  /\bfrom\s+['"](node:[^'"]+|fs|path|os|util|http|https|crypto|child_process|net|url|stream|buffer|events)['"]|\brequire\(|\bimport\(\s*['"]node:/;

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dir === fromRoot('src') && NODE_ONLY.has(entry.name) ? [] : coreFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the core is runtime-agnostic', () => {
  it('imports no Node built-in outside src/node, src/testing and src/cli', () => {
    const files = coreFiles(fromRoot('src'));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .filter((file) => BUILTIN.test(readFileSync(file, 'utf8')))
      .map((file) => relative(fromRoot(), file));
    expect(offenders).toEqual([]);
  });

  it('reads SORACOM_LOG through globalThis.process, never `process` directly', () => {
    const offenders = coreFiles(fromRoot('src')).filter((file) =>
      /(^|[^.\w])process\.env/m.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => relative(fromRoot(), file))).toEqual([]);
  });
});
