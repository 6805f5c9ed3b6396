/** The methods' path filler gives exactly what openapi-fetch's default path serializer gives. */
import fc from 'fast-check';
import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { createPathFiller } from '../../src/client/operations.js';

const TEMPLATES = [
  'https://api.soracom.io/v1/batch_groups/{batch_group_id}/jobs/{job_id}/tasks',
  'http://127.0.0.1:4010/batch_groups/{batch_group_id}',
  'http://127.0.0.1:4010/batch_groups',
];

describe('createPathFiller', () => {
  it('matches openapi-fetch for any string or integer values, also when the path changes', () => {
    const fill = createPathFiller();
    const value = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer(), fc.constant(undefined));
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATES), value, value, (template, batch_group_id, job_id) => {
        const params = { batch_group_id, job_id };
        expect(fill(template, params)).toBe(defaultPathSerializer(template, params));
      }),
      { numRuns: 500 },
    );
  });

  it('encodes what would change the path', () => {
    const fill = createPathFiller();
    expect(fill('/v1/batch_groups/{batch_group_id}', { batch_group_id: '../a b/?#' })).toBe(
      '/v1/batch_groups/..%2Fa%20b%2F%3F%23',
    );
  });
});
