/**
 * What spec:update reads about a release before comparing it (scripts/lib/release.ts) and the task
 * contract it reads from the prose (scripts/lib/task-contract.ts), on mutated copies of
 * openapi/batch.yaml. The drills in spec-update.test.ts run the same through the command.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { editionOf, isOlderRelease, parseRelease, ReleaseError } from '../../scripts/lib/release.js';
import {
  readTaskContract,
  type SdkTaskSupport,
  TaskContractError,
  taskContractChanges,
} from '../../scripts/lib/task-contract.js';

type Json = Record<string, any>;
const batchText = readFileSync(fromRoot('openapi/batch.yaml'), 'utf8');
const batch = () => parse(batchText) as Json;
const tasksOf = (doc: Json) => doc.components.schemas.CreateBatchJobRequest.properties.tasks;
const createJobOf = (doc: Json) => doc.paths['/batch_groups/{batch_group_id}/jobs'].post;

describe('parseRelease', () => {
  it('reads YAML and JSON alike', () => {
    expect(parseRelease(JSON.stringify(batch()))).toEqual(parseRelease(batchText));
  });

  it('names what it cannot read: Swagger 2.0, another document, a broken file', () => {
    expect(() => parseRelease('swagger: "2.0"\ninfo: {}\npaths: {}\n')).toThrow(
      /^the input is a Swagger 2\.0 description \(`swagger: "2\.0"`\), not OpenAPI 3/,
    );
    expect(() => parseRelease('openapi: 2.5.0\npaths: {}\n')).toThrow('`openapi` is "2.5.0", not 3.x');
    expect(() => parseRelease('openapi: 3.0.0\ninfo: {}\n')).toThrow('no `paths`');
    expect(() => parseRelease('- a list')).toThrow('not a JSON or YAML object');
    expect(() => parseRelease('{ "openapi": ')).toThrow(ReleaseError);
  });
});

describe('editionOf', () => {
  /** openapi/batch.yaml with every description and summary replaced by `text`, whatever its own edition. */
  const written = (text: string) => {
    const doc = batch();
    const rewrite = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node as Json)) {
        if ((key === 'description' || key === 'summary') && typeof value === 'string') (node as Json)[key] = text;
        else rewrite(value);
      }
    };
    rewrite(doc.paths);
    rewrite(doc.components);
    return doc;
  };

  it('is English when most descriptions and summaries are, even with a few Japanese ones', () => {
    const doc = written('Described in English.');
    expect(editionOf(doc as OpenApiDoc)).toBe('English');
    // The English edition of 20250903 has one of its own (BatchTaskApiResponse.description).
    doc.components.schemas.BatchTaskApiResponse.description = 'このタスクの API レスポンス。';
    doc.components.schemas.BatchJobResponse.description = 'バッチジョブ。';
    expect(editionOf(doc as OpenApiDoc)).toBe('English');
  });

  it('is Japanese when most descriptions and summaries are', () => {
    const doc = written('日本語の説明。');
    expect(editionOf(doc as OpenApiDoc)).toBe('Japanese');
    doc.components.schemas.BatchJobResponse.description = 'A job.';
    expect(editionOf(doc as OpenApiDoc)).toBe('Japanese');
  });
});

describe('isOlderRelease', () => {
  it('compares Soracom time stamps, and cannot tell for anything else', () => {
    expect(isOlderRelease('20250903-043502', '20250714-070728')).toBe(true);
    expect(isOlderRelease('20250903-043502', '20250903-043502')).toBe(false);
    expect(isOlderRelease('20250903-043502', '20260604-092803')).toBe(false);
    expect(isOlderRelease('20250903-043502', 'VERSION_PLACEHOLDER')).toBeUndefined();
  });
});

describe('readTaskContract', () => {
  it('reads the linked list of APIs of openapi/batch.yaml, alike in both editions', () => {
    const contract = readTaskContract(batch() as OpenApiDoc);
    expect(contract.listedIn).toBe('CreateBatchJobRequest.tasks.description');
    expect(contract.actions).toContainEqual({ tag: 'Sim', operationId: 'activateSim' });
    expect(contract.actions).toContainEqual({
      tag: 'VirtualPrivateGateway',
      operationId: 'putVirtualPrivateGatewayIpAddressMapEntry',
    });
  });

  it('ignores the prose around the list and reads a limit whatever the number', () => {
    const doc = batch();
    tasksOf(doc).description =
      'Anything.\n\n* [Sim:suspendSim API](#/Sim/suspendSim)\n\nA link [elsewhere](#/Sim/x) too.';
    createJobOf(doc).description = 'Each batch job is limited to a maximum of 2,500 tasks.';
    expect(readTaskContract(doc as OpenApiDoc)).toEqual({
      listedIn: 'CreateBatchJobRequest.tasks.description',
      actions: [{ tag: 'Sim', operationId: 'suspendSim' }],
      maxTasksPerJob: 2500,
    });
    createJobOf(doc).description = 'No limit stated.';
    expect(readTaskContract(doc as OpenApiDoc).maxTasksPerJob).toBeUndefined();
  });

  it('fails loudly, naming where it looked, when the list is gone or has another shape', () => {
    const reshaped = batch();
    tasksOf(reshaped).description = 'Supported: Sim:activateSim, Sim:suspendSim.';
    expect(() => readTaskContract(reshaped as OpenApiDoc)).toThrow(
      'CreateBatchJobRequest.tasks.description no longer lists the APIs a task may call as ' +
        '`- [Sim:activateSim API](#/Sim/activateSim)` items',
    );
    const gone = batch();
    delete tasksOf(gone).description;
    expect(() => readTaskContract(gone as OpenApiDoc)).toThrow(TaskContractError);
    const twoLimits = batch();
    createJobOf(twoLimits).description = 'A maximum of 10,000 tasks. Soon a maximum of 20,000 tasks.';
    expect(() => readTaskContract(twoLimits as OpenApiDoc)).toThrow('more than one task limit (10000, 20000)');
  });
});

describe('taskContractChanges', () => {
  const sdk: SdkTaskSupport = {
    actionsYaml: ['activateSim', 'suspendSim'],
    hasBuilder: (id) => id === 'activateSim' || id === 'suspendSim',
    maxTasksPerJob: 10_000,
  };
  const changes = (operationIds: string[], maxTasksPerJob: number | undefined) =>
    taskContractChanges(
      {
        listedIn: 'CreateBatchJobRequest.tasks.description',
        actions: operationIds.map((operationId) => ({ tag: 'Sim', operationId })),
        maxTasksPerJob,
      },
      sdk,
    ).map((c) => `${c.severity} ${c.kind} ${c.subject}: ${c.message}`);

  it('finds nothing when the SDK has every listed action and the stated limit', () => {
    expect(changes(['activateSim', 'suspendSim'], 10_000)).toEqual([]);
    expect(changes(['activateSim', 'suspendSim'], undefined)).toEqual([]);
  });

  it('an added action is to review, a dropped one breaking; a lower limit breaking, a higher one to review', () => {
    expect(changes(['activateSim', 'terminateSim'], 5_000)).toEqual([
      'review task-action-added CreateBatchJobRequest.tasks: a task may now call `Sim:terminateSim` (not in openapi/actions.yaml, no builder `tasks.terminateSim`)',
      'breaking task-action-removed CreateBatchJobRequest.tasks: a task may no longer call `suspendSim` (openapi/actions.yaml and `tasks.suspendSim` still have it)',
      'breaking task-limit-changed CreateBatchJobRequest.tasks: a job may now hold at most 5,000 tasks (`batchLimits.maxTasksPerJob` is 10,000)',
    ]);
    expect(changes(['activateSim', 'suspendSim'], 20_000)).toEqual([
      'review task-limit-changed CreateBatchJobRequest.tasks: a job may now hold at most 20,000 tasks (`batchLimits.maxTasksPerJob` is 10,000)',
    ]);
  });
});
