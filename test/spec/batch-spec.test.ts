/**
 * `openapi/batch.yaml` is the Batch part of a published Soracom API description, never corrected by
 * hand: it equals (apart from `info`) what `spec:update` extracts from the description it was last
 * taken from, recorded in `openapi/batch.source.json`. Nothing here pins a version or the seed's
 * bytes, so an update that changes only `info.version` leaves these tests green.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractTagged, type OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { operationsById } from '../../scripts/lib/openapi.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import {
  batchContentHash,
  readSourceRecord,
  SOURCE_RECORD,
  type SourceRecord,
  sha256,
} from '../../scripts/lib/spec-source.js';
import { fullSpecPath, seedPath, skipNote } from '../support/reference-files.js';
import { type RealDescription, realDescription } from './official-description.js';

const batchText = readFileSync(fromRoot('openapi/batch.yaml'), 'utf8');
const batch = parse(batchText) as OpenApiDoc;
const record = readSourceRecord(fromRoot());

/** The operations the SDK's hand-written parts are built on (src/jobs, src/cli): removing one is breaking. */
const CORE_OPERATIONS = [
  'listBatchGroups',
  'createBatchGroup',
  'getBatchGroup',
  'updateBatchGroup',
  'deleteBatchGroup',
  'listBatchJobs',
  'createBatchJob',
  'getBatchJob',
  'listTasksOfBatchJob',
];

describe('openapi/batch.yaml', () => {
  it('holds the operations the SDK is built on; every operation is tagged Batch and secured by both headers', () => {
    const ops = [...operationsById(batch).values()];
    expect(ops.map((op) => op.operationId)).toEqual(expect.arrayContaining(CORE_OPERATIONS));
    for (const { operation } of ops) {
      expect(operation.tags).toContain('Batch');
      expect(operation.security).toEqual([{ api_key: [], api_token: [] }]);
    }
  });

  it('keeps our info title and description, and the version of the description it was taken from', () => {
    expect(batch.info).toMatchObject({
      title: 'Soracom Batch API',
      description: 'Create and run batch jobs that apply API calls across multiple SIMs or devices.',
    });
    expect(batch.info.version).toBe(record?.infoVersion);
  });

  it('is OpenAPI 3.0 with a Japan and a global coverage server (what the generated batchServers reads)', () => {
    expect(batch.openapi).toMatch(/^3\.0\./);
    const servers = (batch.servers ?? []) as Array<{ description?: string; url: string }>;
    expect(servers.some((s) => /japan/i.test(s.description ?? ''))).toBe(true);
    expect(servers.some((s) => /global/i.test(s.description ?? ''))).toBe(true);
  });

  it(`has not been edited since spec:update wrote it (content hash in ${SOURCE_RECORD})`, () => {
    expect(record, `${SOURCE_RECORD} is missing: run npm run spec:update`).toBeDefined();
    expect(
      batchContentHash(batch),
      'openapi/batch.yaml differs from what spec:update wrote. It is never corrected by hand: put corrections in ' +
        'scripts/spec-fixes.ts, and take a new release with npm run spec:update (docs/regenerating.md).',
    ).toBe(record?.batchSha256);
  });
});

if (!fullSpecPath) console.warn(skipNote('the equivalence test against the full Soracom spec', 'soracom-api.en.yaml'));
describe.skipIf(!fullSpecPath)('equivalence with the Batch part of the real official description (an extra)', () => {
  it('is deep-equal to the Batch-tagged operations and their schemas, apart from info', ({ skip }) => {
    const real = realDescription() as RealDescription;
    if (real.differs) {
      // Only the description openapi/batch.yaml was taken from may fail this check; another release skips.
      expect(sha256(real.bytes), `openapi/batch.yaml is not what spec:update took from it: ${real.differs}`).not.toBe(
        record?.sha256,
      );
      console.warn(`SKIPPED: ${real.differs}`);
      skip(real.differs);
    }
    const { info: _a, ...restored } = batch;
    const { info: _b, ...reference } = extractTagged(real.doc, 'Batch');
    expect(restored).toEqual(reference);
  });
});

/**
 * The seed is the document dumped with sorted keys and 120-column folding, then stripped of
 * indentation (runs of spaces inside strings collapsed too). Re-dumping the restored spec the same
 * way with PyYAML gives the seed's lines exactly, as a multiset (the seed's top-level order differs).
 *
 * This proves the restore step, so it checks the restored file of the seed's version: the working
 * copy while it still is that version, else the newest such `openapi/batch.yaml` in the git history.
 * A later `spec:update` therefore never breaks it.
 */
function pyyamlAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
}

const git = (...args: string[]) => spawnSync('git', args, { cwd: fromRoot(), encoding: 'utf8' });

/**
 * The seed-era openapi/batch.yaml: the one whose record (openapi/batch.source.json) names the seed file by
 * its sha256, in the working copy or else the newest commit. Chosen by what it was taken from, not by its
 * version: a later edition of the same release carries the seed's version too.
 */
function seedEraSpec(seedSha: string): { text: string; from: string } | undefined {
  if (record?.sha256 === seedSha) return { text: batchText, from: 'the working copy' };
  const log = git('log', '--format=%H', '--', SOURCE_RECORD);
  if (log.status !== 0) return undefined;
  for (const commit of log.stdout.split('\n').filter(Boolean)) {
    const recorded = git('show', `${commit}:${SOURCE_RECORD}`);
    const spec = git('show', `${commit}:openapi/batch.yaml`);
    if (recorded.status !== 0 || spec.status !== 0) continue;
    if ((JSON.parse(recorded.stdout) as SourceRecord).sha256 === seedSha) {
      return { text: spec.stdout, from: `commit ${commit.slice(0, 12)}` };
    }
  }
  return undefined;
}

const canFlatten = !!seedPath && pyyamlAvailable();
if (!canFlatten) console.warn(skipNote('the line-for-line seed comparison (python3 with PyYAML)', 'the seed file'));
describe.skipIf(!canFlatten)('the restore step: line-for-line equality with the seed', () => {
  it('re-dumps the seed-era openapi/batch.yaml to exactly the seed lines', ({ skip }) => {
    const seedBytes = readFileSync(seedPath as string);
    const seedText = seedBytes.toString('utf8');
    const restored = seedEraSpec(sha256(seedBytes));
    if (!restored) skip(`no ${SOURCE_RECORD} names the seed, in the working copy or the git history`);
    const script = [
      'import sys, yaml, re, json',
      'doc = yaml.safe_load(sys.stdin)',
      'out = yaml.dump(doc, sort_keys=True, allow_unicode=True, width=120, default_flow_style=False)',
      "print(json.dumps(sorted(re.sub(r' +', ' ', l.strip()) for l in out.split('\\n') if l.strip())))",
    ].join('\n');
    const result = spawnSync('python3', ['-c', script], { input: restored?.text, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const restoredLines = JSON.parse(result.stdout) as string[];
    // The first three lines of the seed file are its own title and summary, not part of the YAML.
    const seedLines = seedText
      .split('\n')
      .slice(3)
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    expect(restoredLines.length, `restored file: ${restored?.from}`).toBe(seedLines.length);
    expect(restoredLines).toEqual(seedLines);
  });
});
