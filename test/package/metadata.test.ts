/**
 * package.json says where the project lives for the day it is published: `repository`, `homepage` and
 * `bugs` name one GitHub repository, and the install instructions of the README do not depend on it yet.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

type Pkg = { repository?: { type?: string; url?: string }; homepage?: string; bugs?: { url?: string } };

describe('package.json metadata', () => {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as Pkg;

  it('has repository, homepage and bugs, all of one repository', () => {
    expect(pkg.repository?.type).toBe('git');
    const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository?.url ?? '')?.[1];
    expect(repo).toBeDefined();
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs?.url).toBe(`${repo}/issues`);
  });
});
