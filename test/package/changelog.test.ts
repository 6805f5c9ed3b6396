/**
 * CHANGELOG.md keeps up with the version: the version in package.json has its own `## <version>` entry, with
 * at least one line under it, and the file ships in the package (package.json `files`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

/** The lines under each `## ` heading of a changelog, by heading. */
function changelogEntries(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      current = [];
      entries.set((heading[1] as string).trim(), current);
    } else if (current && line.trim() !== '') current.push(line);
  }
  return entries;
}

describe('CHANGELOG.md', () => {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string; files: string[] };
  const entries = changelogEntries(readFileSync(fromRoot('CHANGELOG.md'), 'utf8'));

  it('has an entry for the version in package.json, saying what changed', () => {
    expect([...entries.keys()]).toContain(pkg.version);
    expect(entries.get(pkg.version)?.length).toBeGreaterThan(0);
  });

  it('the check tells an entry from a heading without one', () => {
    const probe = changelogEntries('# Changelog\n\n## 9.9.9\n\n## 1.0.0\n\n- a change\n');
    expect(probe.get('9.9.9')).toEqual([]);
    expect(probe.get('1.0.0')).toEqual(['- a change']);
  });

  it('ships in the package', () => {
    expect(pkg.files).toContain('CHANGELOG.md');
  });
});
