/**
 * The CLI's part of the operation table (`<name>OperationDocs`, scripts/lib/operation-table.ts):
 * soracom-cli's command names, help text, request body properties and the response's shape, read
 * from the spec, and kept out of the SDK's table.
 */
import { describe, expect, it } from 'vitest';
import { batchOperationDocs, batchOperations } from '../../generated/batch-operations.js';
import { loadSpec } from '../../scripts/lib/generate-specs.js';
import { operationsById } from '../../scripts/lib/openapi.js';
import { buildOperationTable, renderOperationTable } from '../../scripts/lib/operation-table.js';
import { fromRoot } from '../../scripts/lib/paths.js';

type Json = Record<string, any>;
const spec = () => loadSpec(fromRoot('generated', 'openapi', 'batch.yaml'));
const operation = (id: string) => operationsById(spec()).get(id)?.operation as Json;

describe('operation docs', () => {
  // The texts are the spec's (whatever its edition says); what is checked is where each one goes.
  it('carry x-soracom-cli, summary, description and parameter descriptions', () => {
    const listTasks = operation('listTasksOfBatchJob');
    const parameter = (name: string) => (listTasks.parameters as Json[]).find((p) => p.name === name)?.description;
    expect(batchOperationDocs.listTasksOfBatchJob).toMatchObject({
      commands: listTasks['x-soracom-cli'],
      summary: listTasks.summary,
      description: listTasks.description.trim(),
      parameters: { status: parameter('status'), job_id: parameter('job_id') },
      body: null,
    });
    expect(listTasks['x-soracom-cli']).toEqual(['batch-groups jobs list-tasks']);
    for (const text of [listTasks.summary, listTasks.description, parameter('status')]) expect(text).toMatch(/\S/);
  });

  it('carry the request body properties with what a flag needs, and the response shape', () => {
    const request = (spec() as Json).components.schemas.CreateBatchGroupRequest;
    const text = (name: string) => ({ description: request.properties[name].description.trim() });
    expect(batchOperationDocs.createBatchGroup.body).toEqual({
      type: 'object',
      required: ['batchGroupName'],
      properties: {
        batchGroupName: { type: 'string', ...text('batchGroupName'), maxLength: 100 },
        description: { type: 'string', ...text('description'), maxLength: 500 },
      },
    });
    const tasks = batchOperationDocs.listTasksOfBatchJob.response;
    expect(tasks.type).toBe('array');
    expect(Object.keys(tasks.items.properties)).toEqual([
      'finishedTime',
      'request',
      'response',
      'startedTime',
      'status',
      'taskId',
    ]);
    // The corrected spec's `oneOf` body (scripts/spec-fixes.ts) has no one type.
    expect(tasks.items.properties.response.properties.body).toEqual({ type: 'any' });
    expect(batchOperationDocs.deleteBatchGroup.response).toBeNull();
  });

  it('stay out of the SDK table', () => {
    for (const entry of Object.values(batchOperations)) expect(entry).not.toHaveProperty('docs');
  });

  it('follow the spec: a property added to a response schema is in the shape; a $ref cycle ends', () => {
    const doc = spec();
    const schemas = doc.components?.schemas as Record<string, { properties: Record<string, unknown> }>;
    schemas.BatchJobResponse!.properties.priority = { type: 'integer' };
    schemas.BatchJobResponse!.properties.parent = { $ref: '#/components/schemas/BatchJobResponse' };
    const rows = buildOperationTable(doc);
    const getJob = rows.find((r) => r.operationId === 'getBatchJob');
    expect(getJob?.docs.response?.properties?.priority).toEqual({ type: 'integer' });
    let depth = 0;
    for (let node = getJob?.docs.response; node?.properties?.parent; node = node.properties.parent) depth++;
    expect(depth).toBeGreaterThan(0);
    expect(depth).toBeLessThan(10);
    const source = renderOperationTable('batch', rows, {}, '');
    expect(source).toContain('export const batchOperationDocs = {');
    expect(source).toMatch(/getBatchJob: \{\n {4}operationId: "getBatchJob",(?:(?!docs)[\s\S])*?\n {2}\},/);
  });

  it('give the SDK the closed set of body fields, and none for an open body schema', () => {
    const rows = () => Object.fromEntries(buildOperationTable(spec()).map((r) => [r.operationId, r]));
    expect(rows().updateBatchGroup).toMatchObject({
      bodyFields: ['batchGroupName', 'description'],
      bodySchema: 'UpdateBatchGroupRequest',
    });
    expect(rows().listBatchJobs).toMatchObject({ bodyFields: null, bodySchema: null });
    const open = spec();
    const schemas = open.components?.schemas as Record<string, Record<string, unknown>>;
    schemas.UpdateBatchGroupRequest!.additionalProperties = true;
    schemas.CreateBatchGroupRequest = { oneOf: [{ type: 'object' }, { type: 'array' }] };
    const table = Object.fromEntries(buildOperationTable(open).map((r) => [r.operationId, r]));
    expect(table.updateBatchGroup?.bodyFields).toBeNull();
    expect(table.createBatchGroup?.bodyFields).toBeNull();
  });
});
