/**
 * openapi/actions.yaml (written by us: the eight operations a batch task may call) agrees with the
 * official description's operations of the same operationIds, apart from the differences listed with a
 * reason in scripts/actions-differences.ts, and every listed difference still exists. In every clone the
 * spec:update drills check this on the official-shaped description (test/spec/spec-update.test.ts); this
 * extra checks it against Soracom's real description when present, whichever release it is: the task
 * builders send what actions.yaml says to Soracom's API as it is now, whatever release openapi/batch.yaml
 * was last taken from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deliberateActionDifferences } from '../../scripts/actions-differences.js';
import { compareActions } from '../../scripts/lib/actions-diff.js';
import type { OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { fullSpecPath, skipNote } from '../support/reference-files.js';
import { type RealDescription, realDescription } from './official-description.js';

describe('scripts/actions-differences.ts', () => {
  it('gives each deliberate difference a unique key of an operation of actions.yaml, and a reason', () => {
    const actions = readFileSync(fromRoot('openapi/actions.yaml'), 'utf8');
    const keys = deliberateActionDifferences.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of deliberateActionDifferences) {
      expect(actions).toContain(`operationId: ${entry.key.split('|')[0]}`);
      expect(entry.why.length, entry.key).toBeGreaterThan(40);
    }
  });
});

if (!fullSpecPath) console.warn(skipNote('the actions.yaml comparison with the official spec', 'soracom-api.en.yaml'));
describe.skipIf(!fullSpecPath)('openapi/actions.yaml against the real official description (an extra)', () => {
  const result = () =>
    compareActions(
      parse(readFileSync(fromRoot('openapi/actions.yaml'), 'utf8')) as OpenApiDoc,
      (realDescription() as RealDescription).doc,
      deliberateActionDifferences,
    );

  it('finds all eight operations, and no difference but the deliberate ones, none of them stale', () => {
    const { compared, differences, stale } = result();
    expect(compared).toHaveLength(8);
    const unexplained = differences.filter((d) => !d.deliberate).map((d) => `${d.key}: ${d.message}`);
    expect(
      unexplained,
      'openapi/actions.yaml departs from the official spec: change it (and src/tasks), or list the difference with ' +
        'its reason in scripts/actions-differences.ts (docs/regenerating.md)',
    ).toEqual([]);
    expect(
      stale.map((e) => e.key),
      'deliberate differences no longer found: remove them from scripts/actions-differences.ts',
    ).toEqual([]);
  });
});
