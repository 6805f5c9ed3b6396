/**
 * The documented interface of the client's methods (generated/batch-methods.ts), as
 * scripts/lib/method-interface.ts writes it from the corrected spec. That its signatures equal the
 * client's is test/types/batch-methods.test-d.ts; that its examples type-check is test/docs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchOperationDocs } from '../../generated/batch-operations.js';
import { loadSpec } from '../../scripts/lib/generate-specs.js';
import { renderMethodInterface } from '../../scripts/lib/method-interface.js';
import { operationsById } from '../../scripts/lib/openapi.js';
import { buildOperationTable } from '../../scripts/lib/operation-table.js';
import { fromRoot } from '../../scripts/lib/paths.js';

type Json = Record<string, any>;
const spec = () => loadSpec(fromRoot('generated', 'openapi', 'batch.yaml'));
const specOperation = (id: string) => operationsById(spec()).get(id)?.operation as Json;
const render = (doc = spec()) => renderMethodInterface(doc, buildOperationTable(doc), '// header\n');

/** The TSDoc block and the signature of one method. */
function member(source: string, operationId: string): { doc: string; signature: string } {
  const match = new RegExp(`/\\*\\*\\n((?:(?!\\*/)[\\s\\S])*?)\\*/\\n  (${operationId}\\(.*;)`).exec(source);
  if (!match) throw new Error(`no member ${operationId}`);
  return { doc: match[1] as string, signature: match[2] as string };
}

describe('generated/batch-methods.ts', () => {
  it('is what the generator writes from the corrected spec', () => {
    const committed = readFileSync(fromRoot('generated', 'batch-methods.ts'), 'utf8');
    expect(committed).toContain('export interface BatchMethods {');
    expect(committed.slice(committed.indexOf('import type'))).toBe(render().slice(render().indexOf('import type')));
  });

  it('documents every operation: summary first, then description, path, parameters, result, errors, example', () => {
    const source = render();
    for (const [operationId, docs] of Object.entries(batchOperationDocs)) {
      const { doc } = member(source, operationId);
      expect(doc.split('\n')[0]?.trim(), operationId).toBe(`* ${docs.summary}`);
      for (const tag of ['@param params', '@param options', '@returns', '@throws', '@example']) {
        expect(doc, `${operationId} ${tag}`).toContain(tag);
      }
      expect(doc).toContain(`batch.${operationId}(`);
    }
    // The texts are the spec's, whatever its edition says.
    const getJob = member(source, 'getBatchJob').doc;
    const getJobDocs = batchOperationDocs.getBatchJob;
    expect(getJob).toContain(`\`batch_group_id\` (path, required): ${getJobDocs.parameters.batch_group_id}`);
    const notFound = (specOperation('getBatchJob').responses as Json)['404'].description;
    expect(getJob).toContain(`@throws {@link NotFoundError} 404: ${notFound}`);
    const name = batchOperationDocs.createBatchGroup.body?.properties?.batchGroupName;
    expect(member(source, 'createBatchGroup').doc).toContain(
      `\`batchGroupName\` (required, at most ${name?.maxLength} characters): ${name?.description}`,
    );
    const statuses = (specOperation('listTasksOfBatchJob').parameters as Json[]).find((p) => p.name === 'status');
    expect(member(source, 'listTasksOfBatchJob').doc).toContain(
      `\`status\` (query, optional, one of ${statuses?.schema.enum.map((v: string) => `\`${v}\``).join(', ')}): ` +
        batchOperationDocs.listTasksOfBatchJob.parameters.status,
    );
  });

  it('makes the parameters optional only where the spec requires none, and list operations paged', () => {
    const source = render();
    expect(member(source, 'listBatchGroups').signature).toBe(
      "listBatchGroups(params?: OperationParams<'listBatchGroups'>, options?: PageCallOptions): PagedCall<OperationItem<'listBatchGroups'>>;",
    );
    expect(member(source, 'getBatchJob').signature).toBe(
      "getBatchJob(params: OperationParams<'getBatchJob'>, options?: CallOptions): ApiCall<OperationData<'getBatchJob'>>;",
    );
  });

  it("turns the spec's operation links into links to the methods or to Soracom's reference, and escapes TSDoc", () => {
    const doc = spec();
    const op = (doc.paths['/batch_groups/{batch_group_id}'] as Record<string, Record<string, unknown>>).get as Record<
      string,
      unknown
    >;
    op.description = 'See [Sim:activateSim](#/Sim/activateSim) and [jobs](#/Batch/listBatchJobs); mail @ops */ {x}';
    const text = member(render(doc), 'getBatchGroup').doc;
    expect(text).toContain('[Sim:activateSim](https://developers.soracom.io/en/api/#!/Sim/activateSim)');
    expect(text).toContain('{@link BatchMethods.listBatchJobs | jobs}');
    expect(text).toContain('mail \\@ops *\\/ \\{x\\}');
  });
});
