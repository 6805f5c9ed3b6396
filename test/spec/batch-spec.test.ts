/**
 * `openapi/batch.yaml` is the seed restored: the same document as the Batch part of Soracom's full
 * API description (apart from `info`, which comes from the seed), and the same lines as the seed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractTagged, type OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { fullSpecPath, seedPath, skipNote } from '../support/reference-files.js';

const batch = parse(readFileSync(fromRoot('openapi/batch.yaml'), 'utf8')) as OpenApiDoc;
const OPERATIONS = [
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
  it('holds the 9 Batch operations, each tagged Batch and secured by both headers', () => {
    const ops = Object.values(batch.paths).flatMap((item) => Object.values(item) as Array<Record<string, unknown>>);
    expect(ops.map((op) => op.operationId).sort()).toEqual([...OPERATIONS].sort());
    for (const op of ops) {
      expect(op.tags).toEqual(['Batch']);
      expect(op.security).toEqual([{ api_key: [], api_token: [] }]);
    }
  });

  it('keeps the seed info block', () => {
    expect(batch.info).toEqual({
      title: 'Soracom Batch API',
      description: 'Create and run batch jobs that apply API calls across multiple SIMs or devices.',
      version: '20250903-043502',
    });
  });

  it('is OpenAPI 3.0 with the Japan and global servers', () => {
    expect(batch.openapi).toBe('3.0.0');
    expect(batch.servers).toEqual([
      { description: 'Japan coverage production API endpoint', url: 'https://api.soracom.io/v1' },
      { description: 'Global coverage production API endpoint', url: 'https://g.api.soracom.io/v1' },
    ]);
  });
});

if (!fullSpecPath) console.warn(skipNote('the equivalence test against the full Soracom spec', 'soracom-api.en.yaml'));
describe.skipIf(!fullSpecPath)('equivalence with the Batch part of soracom-api.en.yaml', () => {
  it('is deep-equal to the Batch-tagged operations and their schemas, apart from info', () => {
    const full = parse(readFileSync(fullSpecPath as string, 'utf8')) as OpenApiDoc;
    const expected = extractTagged(full, 'Batch');
    const { info: _a, ...restored } = batch;
    const { info: _b, ...reference } = expected;
    expect(restored).toEqual(reference);
  });
});

/**
 * The seed is the document dumped with sorted keys and 120-column folding, then stripped of
 * indentation (runs of spaces inside strings collapsed too). Re-dumping the restored spec the same
 * way with PyYAML must give the seed's lines exactly, as a multiset (the seed's top-level order differs).
 */
function pyyamlAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
}
const canFlatten = !!seedPath && pyyamlAvailable();
if (!canFlatten) console.warn(skipNote('the line-for-line seed comparison (python3 with PyYAML)', 'the seed file'));
describe.skipIf(!canFlatten)('line-for-line equality with the seed', () => {
  it('re-dumps to exactly the seed lines', () => {
    const script = [
      'import sys, yaml, re, json',
      'doc = yaml.safe_load(open(sys.argv[1]))',
      'out = yaml.dump(doc, sort_keys=True, allow_unicode=True, width=120, default_flow_style=False)',
      "print(json.dumps(sorted(re.sub(r' +', ' ', l.strip()) for l in out.split('\\n') if l.strip())))",
    ].join('\n');
    const result = spawnSync('python3', ['-c', script, fromRoot('openapi/batch.yaml')], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const restoredLines = JSON.parse(result.stdout) as string[];
    // The first three lines of the seed file are its own title and summary, not part of the YAML.
    const seedLines = readFileSync(seedPath as string, 'utf8')
      .split('\n')
      .slice(3)
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    expect(restoredLines.length).toBe(seedLines.length);
    expect(restoredLines).toEqual(seedLines);
  });
});
