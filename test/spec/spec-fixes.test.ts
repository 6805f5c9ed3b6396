/** The spec corrections (scripts/spec-fixes.ts) and what they produce. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import {
  alwaysReturned,
  applySpecFixes,
  batchFixes,
  StaleSpecFixError,
  staleSpecFixes,
} from '../../scripts/spec-fixes.js';

const load = (file: string) => parse(readFileSync(fromRoot(file), 'utf8')) as OpenApiDoc;
type Json = Record<string, any>;

/** The value at a JSON pointer (`/components/schemas/X`, `~1` for `/`), or undefined. */
function at(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

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
    expect(staleSpecFixes('batch', doc).map((f) => f.id)).toEqual([
      'task-response-body-any-json',
      'always-returned-batch-task-api-response',
    ]);
  });

  it('cites, for every always-returned property, what the published spec says: each pointer finds its value', () => {
    const raw = load('openapi/batch.yaml');
    const citations = Object.entries(alwaysReturned).flatMap(([schemaName, properties]) =>
      Object.entries(properties).flatMap(([property, { because, evidence }]) => {
        expect(because.length, `${schemaName}.${property}`).toBeGreaterThan(20);
        expect(Object.keys(evidence).length, `${schemaName}.${property}`).toBeGreaterThan(0);
        return Object.entries(evidence).map(([pointer, says]) => ({ pointer, says, found: at(raw, pointer) }));
      }),
    );
    expect(citations.length).toBeGreaterThan(20);
    for (const { pointer, says, found } of citations) {
      // A description is cited by a sentence it contains; anything else by its whole value.
      if (pointer.endsWith('/description')) expect(found, pointer).toContain(says);
      else expect(found, pointer).toEqual(says);
    }
    // The check does fail on a wrong citation.
    expect(at(raw, '/components/schemas/BatchJobResponse/properties/jobId/example')).not.toEqual('aaaa1111');
  });

  it('marks the always-returned response properties required, and leaves optional what a job or task may lack', () => {
    const generated = load('generated/openapi/batch.yaml') as Json;
    const required = (name: string) => generated.components.schemas[name].required;
    expect(required('BatchGroupResponse')).toEqual(['batchGroupId', 'batchGroupName', 'createdTime', 'updatedTime']);
    expect(required('BatchJobResponse')).toEqual(['jobId', 'batchGroupId', 'status', 'createdTime', 'updatedTime']);
    expect(required('BatchJobSummary')).toEqual(['pending', 'success', 'error']);
    expect(required('BatchTaskResponse')).toEqual(['taskId', 'status', 'request']);
    expect(required('BatchTaskApiResponse')).toEqual(['statusCode']);
    // Only a finished or failed job has these, only a task that ran has an answer and times.
    for (const optional of ['summary', 'finishedTime', 'errorMessage', 'jobName', 'description', 'abortOnFailure']) {
      expect(required('BatchJobResponse')).not.toContain(optional);
    }
    for (const optional of ['response', 'startedTime', 'finishedTime']) {
      expect(required('BatchTaskResponse')).not.toContain(optional);
    }
    // The published spec requires none of them.
    const raw = load('openapi/batch.yaml') as Json;
    for (const name of Object.keys(alwaysReturned)) expect(raw.components.schemas[name].required).toBeUndefined();
  });

  it('goes stale, failing generation, when Soracom marks a listed property required or drops it', () => {
    const marked = load('openapi/batch.yaml') as Json;
    marked.components.schemas.BatchJobResponse.required = ['jobId'];
    expect(staleSpecFixes('batch', marked as OpenApiDoc).map((f) => f.id)).toEqual([
      'always-returned-batch-job-response',
    ]);
    const dropped = load('openapi/batch.yaml') as Json;
    delete dropped.components.schemas.BatchTaskResponse.properties.taskId;
    expect(staleSpecFixes('batch', dropped as OpenApiDoc).map((f) => f.id)).toEqual([
      'always-returned-batch-task-response',
    ]);
    expect(() => applySpecFixes('batch', marked as OpenApiDoc)).toThrow(
      /spec fix "always-returned-batch-job-response" .* looks for components\.schemas\.BatchJobResponse declaring jobId, batchGroupId, status, createdTime, updatedTime, none of them in its `required`/,
    );
  });

  it('the generated spec is the corrected one', () => {
    const generated = load('generated/openapi/batch.yaml') as Json;
    expect(generated.components.schemas.BatchTaskApiRequest.properties.body.oneOf).toHaveLength(2);
  });
});
