/** `npm run spec:update`: extracting the Batch part of a full Soracom API description. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractTagged, type OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { updateBatchSpec } from '../../scripts/spec-update.js';
import { fullSpecPath, skipNote } from '../support/reference-files.js';

const fixture = readFileSync(fromRoot('test/spec/fixtures/full-spec.yaml'), 'utf8');
const committed = readFileSync(fromRoot('openapi/batch.yaml'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'spec-update-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('extractTagged on a small full-spec fixture', () => {
  const doc = extractTagged(parse(fixture) as OpenApiDoc, 'Batch');

  it('keeps only the Batch-tagged operations', () => {
    expect(Object.keys(doc.paths)).toEqual(['/batch_groups']);
    expect(Object.keys(doc.paths['/batch_groups'] as object)).toEqual(['get', 'post']);
  });

  it('keeps every schema they reference, transitively, and nothing else', () => {
    expect(Object.keys(doc.components?.schemas ?? {}).sort()).toEqual([
      'BatchGroupResponse',
      'CreateBatchGroupRequest',
      'OperatorRef',
      'Owner',
    ]);
  });

  it('keeps only the security schemes the operations use, the Batch tag and the servers', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual(['api_key', 'api_token']);
    expect(doc.tags).toEqual([{ name: 'Batch', description: 'Batch processing' }]);
    expect(doc.servers).toHaveLength(2);
  });

  it('refuses a dangling reference and a tag nobody carries', () => {
    const broken = parse(fixture) as OpenApiDoc;
    delete (broken.components as { schemas: Record<string, unknown> }).schemas.Owner;
    expect(() => extractTagged(broken, 'Batch')).toThrow('dangling $ref #/components/schemas/Owner');
    expect(() => extractTagged(parse(fixture) as OpenApiDoc, 'Nope')).toThrow('no operation is tagged "Nope"');
  });
});

describe('updateBatchSpec', () => {
  it('keeps our info title and description but takes the new version', () => {
    const out = parse(updateBatchSpec(fixture, committed)) as OpenApiDoc;
    expect(out.info).toEqual({
      title: 'Soracom Batch API',
      description: 'Create and run batch jobs that apply API calls across multiple SIMs or devices.',
      version: '20991231-000000',
    });
  });

  it('runs as `npm run spec:update -- <file> --out <file> --no-generate`', () => {
    const input = join(scratch, 'full.yaml');
    const out = join(scratch, 'batch.yaml');
    writeFileSync(input, fixture);
    const result = spawnSync('npm', ['run', '--silent', 'spec:update', '--', input, '--out', out, '--no-generate'], {
      cwd: fromRoot(),
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const written = parse(readFileSync(out, 'utf8')) as OpenApiDoc;
    expect(Object.keys(written.paths)).toEqual(['/batch_groups']);
  });

  it('fails with a usage message when the input file is missing', () => {
    const result = spawnSync(
      'npm',
      ['run', '--silent', 'spec:update', '--', join(scratch, 'absent.yaml'), '--no-generate'],
      {
        cwd: fromRoot(),
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('does not exist');
    expect(result.stderr).toContain('usage: npm run spec:update');
  });
});

if (!fullSpecPath) console.warn(skipNote('spec:update on the full Soracom spec', 'soracom-api.en.yaml'));
describe.skipIf(!fullSpecPath)('spec:update on soracom-api.en.yaml', () => {
  it('reproduces the committed openapi/batch.yaml, apart from info', () => {
    const updated = parse(updateBatchSpec(readFileSync(fullSpecPath as string, 'utf8'), committed)) as OpenApiDoc;
    const current = parse(committed) as OpenApiDoc;
    const { info: newInfo, ...restUpdated } = updated;
    const { info: oldInfo, ...restCurrent } = current;
    expect(restUpdated).toEqual(restCurrent);
    expect(newInfo.title).toBe(oldInfo.title);
  });
});
