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

  // The task count is stated only in prose (the English edition's createBatchJob description), so no test
  // reads the committed spec's wording: spec:update reads it from every release and reports a limit other
  // than maxTasksPerJob (scripts/lib/task-contract.ts; drills in test/spec/spec-update.test.ts).

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(batchLimits)).toBe(true);
  });
});

describe('task path prefix', () => {
  it('is the path of every server of the actions spec', () => {
    for (const server of Object.values(actionsServers)) expect(new URL(server).pathname).toBe(API_PATH_PREFIX);
  });
});
