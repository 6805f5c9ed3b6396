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
  brokenCitations,
  StaleSpecFixError,
  staleSpecFixes,
  valueAt,
} from '../../scripts/spec-fixes.js';

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

  it('lets a task body be an object or an array (putSimTags sends an array), keeping its description', () => {
    const published = (load('openapi/batch.yaml').components as Json).schemas.BatchTaskApiRequest.properties.body;
    const doc = load('openapi/batch.yaml');
    applySpecFixes('batch', doc);
    const body = (doc.components as Json).schemas.BatchTaskApiRequest.properties.body;
    expect(body.oneOf).toEqual([
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ]);
    expect(typeof published.description).toBe('string');
    expect(body.description).toBe(published.description);
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

  it('cites, for every always-returned property, what the published spec shows: structure only, every citation holds', () => {
    const raw = load('openapi/batch.yaml');
    const entries = Object.entries(alwaysReturned).flatMap(([schemaName, properties]) =>
      Object.entries(properties).map(([property, entry]) => ({ name: `${schemaName}.${property}`, ...entry })),
    );
    for (const { name, because, evidence } of entries) {
      expect(because.length, name).toBeGreaterThan(20);
      expect(Object.keys(evidence).length, name).toBeGreaterThan(0);
      // Never prose: a description or summary differs between the English and the Japanese edition.
      for (const place of Object.keys(evidence)) expect(place, name).not.toMatch(/\/(description|summary)$/);
    }
    expect(brokenCitations(raw)).toEqual([]);
    expect(valueAt(raw, 'getBatchJob#/parameters/1/in')).toBe('path');
  });

  it('finds a citation the spec no longer bears out, and lets a cited list grow', () => {
    const raw = load('openapi/batch.yaml') as Json;
    raw.components.schemas.BatchJobResponse.properties.jobId.example = 'cccc3333';
    raw.components.schemas.BatchJobResponse.properties.status.enum.push('cancelled');
    raw.paths['/batch_groups/{batch_group_id}/jobs/{job_id}'].get.parameters[1].required = false;
    expect(brokenCitations(raw as OpenApiDoc)).toEqual([
      {
        schema: 'BatchJobResponse',
        property: 'jobId',
        pointer: '/components/schemas/BatchJobResponse/properties/jobId/example',
        cited:
          alwaysReturned.BatchJobResponse?.jobId?.evidence[
            '/components/schemas/BatchJobResponse/properties/jobId/example'
          ],
        found: 'cccc3333',
      },
      {
        schema: 'BatchJobResponse',
        property: 'jobId',
        pointer: 'getBatchJob#/parameters/1/required',
        cited: true,
        found: false,
      },
    ]);
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
