/** The spec corrections (scripts/spec-fixes.ts) and what they produce. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { applySpecFixes, batchFixes, StaleSpecFixError, staleSpecFixes } from '../../scripts/spec-fixes.js';

const load = (file: string) => parse(readFileSync(fromRoot(file), 'utf8')) as OpenApiDoc;
type Json = Record<string, any>;

describe('batch spec fixes', () => {
  it('each fix has an id, a reason and what it looks for, and finds its defect in openapi/batch.yaml', () => {
    for (const fix of batchFixes) {
      expect(fix.id).toMatch(/^[a-z0-9-]+$/);
      expect(fix.why.length).toBeGreaterThan(40);
      expect(fix.looksFor.length).toBeGreaterThan(10);
      expect(fix.apply(load('openapi/batch.yaml')), fix.id).toBeGreaterThan(0);
    }
  });

  it('lets a task body be an object or an array (putSimTags sends an array)', () => {
    const doc = load('openapi/batch.yaml');
    applySpecFixes('batch', doc);
    const body = (doc.components as Json).schemas.BatchTaskApiRequest.properties.body;
    expect(body.oneOf).toEqual([
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ]);
    expect(body.description).toBe('Body of the API request.');
  });

  it('leaves no sibling beside a $ref and a 4xx answer on every operation', () => {
    const doc = load('openapi/batch.yaml');
    applySpecFixes('batch', doc);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('Not shown because $ref');
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as Json[]) {
        expect(Object.keys(op.responses).some((code) => code.startsWith('4'))).toBe(true);
      }
    }
  });

  it('never edits the published spec: openapi/batch.yaml still has the defects', () => {
    const raw = load('openapi/batch.yaml') as Json;
    expect(raw.components.schemas.BatchTaskApiRequest.properties.body.type).toBe('object');
  });

  it('fails generation when a fix no longer finds its defect, naming the fix and what it looked for', () => {
    const doc = load('openapi/batch.yaml');
    applySpecFixes('batch', doc);
    const error = (() => {
      try {
        applySpecFixes('batch', doc);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StaleSpecFixError);
    expect((error as Error).message).toMatch(
      /^spec fix "task-request-body-any-json" \(scripts\/spec-fixes\.ts\) found nothing to correct in the batch spec: it looks for components\.schemas\.BatchTaskApiRequest\.properties\.body declared `type: object` without properties.*Remove or update the fix/,
    );
  });

  it('lists the stale fixes of a spec without changing it: none today, the body fixes once their schemas are gone', () => {
    const doc = load('openapi/batch.yaml');
    const before = JSON.stringify(doc);
    expect(staleSpecFixes('batch', doc)).toEqual([]);
    expect(JSON.stringify(doc)).toBe(before);
    delete (doc.components as Json).schemas.BatchTaskApiResponse;
    expect(staleSpecFixes('batch', doc).map((f) => f.id)).toEqual(['task-response-body-any-json']);
  });

  it('the generated spec is the corrected one', () => {
    const generated = load('generated/openapi/batch.yaml') as Json;
    expect(generated.components.schemas.BatchTaskApiRequest.properties.body.oneOf).toHaveLength(2);
  });
});
