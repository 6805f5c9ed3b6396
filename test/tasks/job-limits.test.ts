/** The hand-kept limits and the /v1 prefix agree with the specs they come from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionsServers } from '../../generated/actions-operations.js';
import { batchLimits } from '../../src/index.js';
import { API_PATH_PREFIX } from '../../src/tasks/actions.js';

type Schema = { properties: Record<string, { maxLength?: number }> };
const spec = parse(readFileSync(new URL('../../generated/openapi/batch.yaml', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, Record<string, { operationId?: string; description?: string }>>;
};
const maxLength = (schema: string, property: string) =>
  spec.components.schemas[schema]?.properties[property]?.maxLength;

describe('batchLimits', () => {
  it('takes the job name and description lengths from CreateBatchJobRequest', () => {
    expect(batchLimits.maxJobNameLength).toBe(maxLength('CreateBatchJobRequest', 'jobName'));
    expect(batchLimits.maxJobDescriptionLength).toBe(maxLength('CreateBatchJobRequest', 'description'));
  });

  it('takes the group name and description lengths from both group request schemas', () => {
    for (const schema of ['CreateBatchGroupRequest', 'UpdateBatchGroupRequest']) {
      expect(batchLimits.maxGroupNameLength).toBe(maxLength(schema, 'batchGroupName'));
      expect(batchLimits.maxGroupDescriptionLength).toBe(maxLength(schema, 'description'));
    }
  });

  it('takes the task count from the createBatchJob description', () => {
    const operation = Object.values(spec.paths)
      .flatMap((item) => Object.values(item))
      .find((op) => op.operationId === 'createBatchJob');
    const stated = /maximum of ([\d,]+) tasks/.exec(operation?.description ?? '')?.[1];
    expect(stated).toBeDefined();
    expect(batchLimits.maxTasksPerJob).toBe(Number(stated?.replaceAll(',', '')));
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(batchLimits)).toBe(true);
  });
});

describe('task path prefix', () => {
  it('is the path of every server of the actions spec', () => {
    for (const server of Object.values(actionsServers)) expect(new URL(server).pathname).toBe(API_PATH_PREFIX);
  });
});
