/**
 * The tests `npm run test:mutation` (stryker.config.mjs) runs against each mutant: the unit tier of
 * vitest.config.ts, nothing else. The slow tier builds and spawns processes (far too slow to run per mutant),
 * the contract tier needs Prism, and the type tests do not run code. The chaos tier is left out too: its real
 * waits race a loaded machine (a test of it that fails or hangs by chance would count as a mutant killed), and
 * its seconds per test would be paid again for every mutant its tests reach. So the score counts only what the
 * unit tier kills: the exactly-once rules have unit tests of their own (test/runner).
 *
 * Stryker stops a mutant's run at its first failing test, so the narrowest tests go first: the runner's own unit
 * tests (test/runner), then the rest in path order.
 */

import { defineConfig } from 'vitest/config';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';
import base from '../../vitest.config.js';

const TIERS = ['unit'];

function rank(spec: TestSpecification): number {
  return spec.moduleId.includes('/test/runner/') ? 0 : 1;
}

class NarrowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    sequence: { sequencer: NarrowestFirst },
    projects: base.test?.projects?.filter(
      (project) => typeof project === 'object' && 'test' in project && TIERS.includes(project.test?.name as string),
    ),
  },
});
