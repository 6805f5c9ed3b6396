/**
 * Everything hand-written that must follow the operation table (generated/batch-operations.ts, from
 * openapi/batch.yaml) does, or this test names what is missing: a contract test that calls the
 * operation (test/contract/batch-contract.ts, run against Prism and against the emulator), an emulator
 * handler, and a row of the README's method table with the operation's parameters, method and path. The
 * CLI needs no check here: its commands are built from the same table (src/cli/commands/api-commands.ts).
 * A drill adds an operation to a copy of the table and expects exactly its gaps.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchOperations } from '../../generated/batch-operations.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { createBatchHandlers } from '../../src/testing/batch-handlers.js';

type Operation = {
  operationId: string;
  method: string;
  path: string;
  parameters: ReadonlyArray<{ name: string; in: string; required: boolean }>;
  hasBody: boolean;
  bodyRequired: boolean;
};

type Evidence = { contractSource: string; handlerIds: readonly string[]; readme: string };

/** The README row an operation must have: `| \`name({ params })\` | \`METHOD /path\` |`. */
function readmeRow(op: Operation): string {
  const params = [
    ...op.parameters.map((p) => `${p.name}${p.required ? '' : '?'}`),
    ...(op.hasBody ? [op.bodyRequired ? 'body' : 'body?'] : []),
  ];
  const argument = params.length > 0 ? `{ ${params.join(', ')} }` : '';
  return `| \`${op.operationId}(${argument})\` | \`${op.method} ${op.path}\` |`;
}

/** What each operation still lacks, one line per gap; empty when everything follows the table. */
function coverageGaps(operations: readonly Operation[], evidence: Evidence): string[] {
  const gaps: string[] = [];
  for (const op of operations) {
    const id = op.operationId;
    if (!evidence.contractSource.includes(`batch.${id}(`)) {
      gaps.push(`${id}: no contract test (call batch.${id}(...) in test/contract/batch-contract.ts)`);
    }
    if (!evidence.handlerIds.includes(id)) {
      gaps.push(`${id}: no emulator handler (add it to createBatchHandlers in src/testing/batch-handlers.ts)`);
    }
    if (!evidence.readme.includes(readmeRow(op))) {
      gaps.push(`${id}: no README method table row ${readmeRow(op)}`);
    }
  }
  // A row for an operation the table no longer has is stale.
  const known = new Set(operations.map((op) => op.operationId));
  for (const match of evidence.readme.matchAll(/^\| `(\w+)\(.*\)` \| `(GET|POST|PUT|DELETE|PATCH) \//gm)) {
    if (!known.has(match[1] as string))
      gaps.push(`${match[1]}: README method table row for an operation the spec no longer has`);
  }
  return gaps;
}

const operations = Object.values(batchOperations) as readonly Operation[];
const evidence: Evidence = {
  contractSource: readFileSync(fromRoot('test/contract/batch-contract.ts'), 'utf8'),
  // Handlers are closures over their dependencies; listing them calls none.
  handlerIds: Object.keys(createBatchHandlers({} as Parameters<typeof createBatchHandlers>[0])),
  readme: readFileSync(fromRoot('README.md'), 'utf8'),
};

describe('everything that follows the operation table', () => {
  it('every operation has a contract test, an emulator handler and its README row; no row is stale', () => {
    expect(coverageGaps(operations, evidence)).toEqual([]);
  });

  it('a new operation (abortBatchJob) fails until each of the three exists, naming each', () => {
    const abort: Operation = {
      operationId: 'abortBatchJob',
      method: 'POST',
      path: '/batch_groups/{batch_group_id}/jobs/{job_id}/abort',
      parameters: [
        { name: 'batch_group_id', in: 'path', required: true },
        { name: 'job_id', in: 'path', required: true },
      ],
      hasBody: false,
      bodyRequired: false,
    };
    expect(coverageGaps([...operations, abort], evidence)).toEqual([
      'abortBatchJob: no contract test (call batch.abortBatchJob(...) in test/contract/batch-contract.ts)',
      'abortBatchJob: no emulator handler (add it to createBatchHandlers in src/testing/batch-handlers.ts)',
      'abortBatchJob: no README method table row | `abortBatchJob({ batch_group_id, job_id })` | `POST /batch_groups/{batch_group_id}/jobs/{job_id}/abort` |',
    ]);
    // Once they exist, it passes.
    const done: Evidence = {
      contractSource: `${evidence.contractSource}\nawait batch.abortBatchJob({ batch_group_id, job_id });`,
      handlerIds: [...evidence.handlerIds, 'abortBatchJob'],
      readme: `${evidence.readme}\n${readmeRow(abort)}\n`,
    };
    expect(coverageGaps([...operations, abort], done)).toEqual([]);
  });

  it('a removed operation leaves its README row stale, and says so', () => {
    const without = operations.filter((op) => op.operationId !== 'deleteBatchGroup');
    expect(coverageGaps(without, evidence)).toEqual([
      'deleteBatchGroup: README method table row for an operation the spec no longer has',
    ]);
  });
});
