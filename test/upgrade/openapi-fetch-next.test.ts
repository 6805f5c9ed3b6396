/**
 * The upgrade drill runs with `openapi-fetch` resolved to `openapi-fetch-next` (vitest.config.ts, project
 * `upgrade`): this checks the alias is in effect, so the drill's suites really exercise the next release,
 * and that the alias names a release at least as new as the dependency.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

const versionOf = (name: string) =>
  (JSON.parse(readFileSync(fromRoot('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const numeric = (version: string) => version.split('.').map(Number);

describe('the upgrade drill', () => {
  it("sends through openapi-fetch-next: the SDK's import of openapi-fetch resolves to it", async () => {
    const imported = await import('openapi-fetch');
    const next = await import('openapi-fetch-next');
    expect(imported.default).toBe(next.default);
  });

  it('openapi-fetch-next is the dependency or newer', () => {
    const [major = 0, minor = 0, patch = 0] = numeric(versionOf('openapi-fetch-next'));
    const [depMajor = 0, depMinor = 0, depPatch = 0] = numeric(versionOf('openapi-fetch'));
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(depMajor * 1e6 + depMinor * 1e3 + depPatch);
  });
});
