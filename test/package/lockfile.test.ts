/**
 * The lock file matches package.json: `npm install --package-lock-only --ignore-scripts` in a copy of the
 * two files changes nothing, so `npm ci` (CI, .ci/run) installs exactly what package.json asks for. And
 * every package it locks supports the Node this runs on (the README supports 20.19 and later): `npm ci`
 * with `--engine-strict` refuses what would otherwise be an EBADENGINE warning.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'soracom-batch-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The lock file npm writes for a copy of package.json and package-lock.json, after `edit` of the former. */
function relock(name: string, edit: (pkg: Record<string, unknown>) => void = () => {}): string {
  const dir = join(scratch, name);
  cpSync(fromRoot('package-lock.json'), join(dir, 'package-lock.json'));
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as Record<string, unknown>;
  edit(pkg);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  execFileSync(
    'npm',
    ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: dir, stdio: 'pipe' },
  );
  return readFileSync(join(dir, 'package-lock.json'), 'utf8');
}

describe('package-lock.json', () => {
  it('is what npm makes of package.json: relocking a copy changes nothing', () => {
    expect(relock('as-is')).toBe(readFileSync(fromRoot('package-lock.json'), 'utf8'));
  }, 120_000);

  it('locks no package that refuses this Node (npm ci --engine-strict accepts it)', () => {
    const dir = join(scratch, 'engines');
    cpSync(fromRoot('package-lock.json'), join(dir, 'package-lock.json'));
    cpSync(fromRoot('package.json'), join(dir, 'package.json'));
    const result = spawnSync(
      'npm',
      ['ci', '--dry-run', '--engine-strict', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(result.stderr).not.toMatch(/EBADENGINE|notsup/);
    expect(result.status).toBe(0);
  }, 120_000);

  it('the check sees a package.json the lock file does not match', () => {
    const relocked = relock('new-version', (pkg) => {
      pkg.version = '9.9.9';
    });
    expect(relocked).not.toBe(readFileSync(fromRoot('package-lock.json'), 'utf8'));
    expect(JSON.parse(relocked).packages[''].version).toBe('9.9.9');
  }, 120_000);
});
