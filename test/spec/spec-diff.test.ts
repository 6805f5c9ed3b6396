/**
 * The comparisons behind the spec:update report, on mutated copies of this repository's own specs
 * (openapi/batch.yaml, openapi/actions.yaml), so they run without the official description: how each
 * kind of change to the Batch spec is classified (scripts/lib/spec-diff.ts, schema-diff.ts), and what
 * a difference between actions.yaml and the official operations looks like (scripts/lib/actions-diff.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DeliberateDifference } from '../../scripts/actions-differences.js';
import { compareActions } from '../../scripts/lib/actions-diff.js';
import type { OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { diffSpecs } from '../../scripts/lib/spec-diff.js';
import { renderReport } from '../../scripts/lib/spec-report.js';

type Json = Record<string, any>;
const load = (file: string) => parse(readFileSync(file, 'utf8')) as Json;
const batch = load('openapi/batch.yaml');
const actions = load('openapi/actions.yaml');

const JOB = '/batch_groups/{batch_group_id}/jobs/{job_id}';
const JOBS = '/batch_groups/{batch_group_id}/jobs';
const GROUP = '/batch_groups/{batch_group_id}';

/** The diff of openapi/batch.yaml against a mutated copy of it. */
function diffAfter(mutate: (doc: Json) => void) {
  const after = structuredClone(batch);
  mutate(after);
  return diffSpecs(batch as OpenApiDoc, after as OpenApiDoc);
}

/** Each change as `severity kind subject: message [operations]`. */
function lines(mutate: (doc: Json) => void): string[] {
  return diffAfter(mutate).changes.map(
    (c) => `${c.severity} ${c.kind} ${c.subject}: ${c.message} [${c.operations.join(' ')}]`,
  );
}

describe('diffSpecs: what is not an API change', () => {
  it('finds nothing between a spec and itself, or when only info.version changed', () => {
    const same = diffAfter(() => {});
    expect(same.changes).toEqual([]);
    expect(same.documentation).toEqual([]);
    const version = diffAfter((doc) => {
      doc.info.version = '29991231-000000';
    });
    expect(version.changes).toEqual([]);
    expect(version.versions).toEqual({ before: batch.info.version, after: '29991231-000000' });
  });

  it('lists description, summary and example changes as documentation, not as changes', () => {
    const diff = diffAfter((doc) => {
      doc.components.schemas.BatchJobResponse.properties.jobName.example = 'Another name';
      doc.paths[JOB].get.summary = 'Read one batch job.';
      doc.paths[JOBS].get.parameters[1].description = 'Page size.';
    });
    expect(diff.changes).toEqual([]);
    expect(diff.documentation).toEqual([
      'BatchJobResponse.jobName.example',
      'getBatchJob.summary',
      'listBatchJobs query parameter `limit`.description',
    ]);
  });
});

describe('diffSpecs: operations', () => {
  it('reports an added operation as compatible, saying when it is paginated', () => {
    expect(
      lines((doc) => {
        doc.paths[`${JOB}/events`] = {
          get: {
            operationId: 'listBatchJobEvents',
            responses: { '200': { description: 'ok' } },
            'x-soracom-cli-pagination': { request: { param: 'k' }, response: { header: 'x-k' } },
          },
        };
      }),
    ).toEqual([
      `compatible operation-added listBatchJobEvents: added: GET ${JOB}/events, paginated: returns a PagedCall [listBatchJobEvents]`,
    ]);
  });

  it('reports a removed operation as breaking, with what callers must change', () => {
    const diff = diffAfter((doc) => {
      delete doc.paths[GROUP].delete;
    });
    expect(diff.operations).toEqual({ added: [], removed: ['deleteBatchGroup'], changed: [] });
    expect(diff.changes).toEqual([
      {
        severity: 'breaking',
        kind: 'operation-removed',
        subject: 'deleteBatchGroup',
        operations: ['deleteBatchGroup'],
        message: `removed (DELETE ${GROUP})`,
        action:
          "remove calls to `batch.deleteBatchGroup(...)` and `batch.raw.DELETE('/batch_groups/{batch_group_id}')`: " +
          'the method and the path no longer exist.',
      },
    ]);
  });

  it('reports a new operationId at the same method and path as one rename, breaking', () => {
    expect(
      lines((doc) => {
        doc.paths[JOB].get.operationId = 'describeBatchJob';
      }),
    ).toEqual([
      `breaking operation-renamed getBatchJob: renamed to \`describeBatchJob\` (GET ${JOB}) [describeBatchJob]`,
    ]);
  });

  it('reports a moved path as breaking for batch.raw callers only', () => {
    const diff = diffAfter((doc) => {
      doc.paths['/groups/{batch_group_id}'] = doc.paths[GROUP];
      delete doc.paths[GROUP];
    });
    expect(diff.changes.map((c) => `${c.severity} ${c.subject}`)).toEqual([
      'breaking getBatchGroup',
      'breaking updateBatchGroup',
      'breaking deleteBatchGroup',
    ]);
    expect(diff.changes[0]?.action).toBe(
      '`batch.getBatchGroup(...)` keeps working (the SDK reads method and path from the generated table); ' +
        "`batch.raw.GET('/batch_groups/{batch_group_id}')` must become `batch.raw.GET('/groups/{batch_group_id}')`.",
    );
  });

  it('reports pagination removed as breaking and added as a change to review', () => {
    expect(
      lines((doc) => {
        delete doc.paths[JOBS].get['x-soracom-cli-pagination'];
        doc.paths[JOB].get['x-soracom-cli-pagination'] = { request: { param: 'k' }, response: { header: 'x-k' } };
      }),
    ).toEqual([
      'breaking pagination-changed listBatchJobs: is no longer paginated (x-soracom-cli-pagination removed) [listBatchJobs]',
      'review pagination-changed getBatchJob: is now paginated (x-soracom-cli-pagination) [getBatchJob]',
    ]);
  });

  it('reports a new success answer for review and a new error answer as compatible', () => {
    expect(
      lines((doc) => {
        doc.paths[JOB].get.responses['202'] = { description: 'Accepted.' };
        doc.paths[JOB].get.responses['409'] = { description: 'Conflict.' };
      }),
    ).toEqual([
      'review response-added getBatchJob: new success answer 202 [getBatchJob]',
      'compatible response-added getBatchJob: may now answer 409 [getBatchJob]',
    ]);
  });

  it('reports document-wide changes: servers (old → new), and a keyword the report does not know, never silently', () => {
    const [jp, g] = batch.servers as Array<{ url: string; description: string }>;
    const server = (url: string, description: string) => `${url} (${JSON.stringify(description)})`;
    expect(
      lines((doc) => {
        doc.servers[1].url = 'https://g.api.example.test/v1';
        doc.paths[JOB].get.callbacks = { done: {} };
      }),
    ).toEqual([
      'review document-changed getBatchJob: operation key `callbacks` changed [getBatchJob]',
      `review document-changed servers: servers changed from ${server(jp!.url, jp!.description)}, ` +
        `${server(g!.url, g!.description)} to ${server(jp!.url, jp!.description)}, ` +
        `${server('https://g.api.example.test/v1', g!.description)} []`,
    ]);
  });
});

describe('diffSpecs: parameters', () => {
  it('reports one parameter removed and one added in the same place as a rename, breaking', () => {
    const diff = diffAfter((doc) => {
      doc.paths[`/batch_groups/{batch_group_id}/jobs/{jobId}`] = doc.paths[JOB];
      delete doc.paths[JOB];
      doc.paths['/batch_groups/{batch_group_id}/jobs/{jobId}'].get.parameters[1].name = 'jobId';
    });
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({
      severity: 'breaking',
      kind: 'parameter-renamed',
      subject: 'getBatchJob',
      message: 'path parameter `job_id` renamed to `jobId` (= `job_id` removed + `jobId` added)',
    });
    expect(diff.changes[0]?.action).toContain(
      '`batch.raw` calls use the path `/batch_groups/{batch_group_id}/jobs/{jobId}`',
    );
  });

  it('reports removed and added parameters separately when they do not pair up', () => {
    expect(
      lines((doc) => {
        const params = doc.paths[JOBS].get.parameters;
        doc.paths[JOBS].get.parameters = [params[0], { name: 'page', in: 'query', schema: { type: 'string' } }];
      }),
    ).toEqual([
      'compatible parameter-added listBatchJobs: optional query parameter `page` added [listBatchJobs]',
      'breaking parameter-removed listBatchJobs: query parameter `limit` removed [listBatchJobs]',
      'breaking parameter-removed listBatchJobs: query parameter `last_evaluated_key` removed [listBatchJobs]',
    ]);
  });

  it('reports a new required parameter and an optional one made required as breaking', () => {
    expect(
      lines((doc) => {
        doc.paths[JOBS].get.parameters[1].required = true;
        doc.paths[GROUP].get.parameters.push({ name: 'x', in: 'query', required: true, schema: { type: 'string' } });
      }),
    ).toEqual([
      'breaking parameter-added getBatchGroup: required query parameter `x` added [getBatchGroup]',
      'breaking parameter-required listBatchJobs: query parameter `limit` is now required [listBatchJobs]',
    ]);
  });

  it('classifies enum values of a query parameter as a request: added is compatible, removed breaking', () => {
    expect(
      lines((doc) => {
        const status = doc.paths[`${JOB}/tasks`].get.parameters.find((p: Json) => p.name === 'status');
        status.schema.enum = ['pending', 'success', 'failed'];
      }),
    ).toEqual([
      'compatible enum-value-added listTasksOfBatchJob query parameter `status`: enum value `failed` added [listTasksOfBatchJob]',
      'breaking enum-value-removed listTasksOfBatchJob query parameter `status`: enum value `error` removed [listTasksOfBatchJob]',
    ]);
  });
});

describe('diffSpecs: schemas', () => {
  it('reports a new response enum value once, for review, with every operation that returns it', () => {
    const diff = diffAfter((doc) => {
      doc.components.schemas.BatchJobResponse.properties.status.enum.push('cancelled');
    });
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({
      severity: 'review',
      kind: 'enum-value-added',
      subject: 'BatchJobResponse.status',
      message: 'enum value `cancelled` added',
      operations: ['listBatchJobs', 'createBatchJob', 'getBatchJob'],
    });
    expect(diff.operations.changed).toEqual(['listBatchJobs', 'createBatchJob', 'getBatchJob']);
  });

  it('reports a removed response enum value and a removed response property as breaking', () => {
    expect(
      lines((doc) => {
        const job = doc.components.schemas.BatchJobResponse;
        job.properties.status.enum = job.properties.status.enum.filter((v: string) => v !== 'aborted');
        delete job.properties.errorMessage;
        delete job.properties.finishedTime;
      }),
    ).toEqual([
      'breaking property-removed BatchJobResponse: property `errorMessage` removed [listBatchJobs createBatchJob getBatchJob]',
      'breaking property-removed BatchJobResponse: property `finishedTime` removed [listBatchJobs createBatchJob getBatchJob]',
      'breaking enum-value-removed BatchJobResponse.status: enum value `aborted` removed [listBatchJobs createBatchJob getBatchJob]',
    ]);
  });

  it('classifies required fields by direction: new required request field breaking, required response field made optional breaking', () => {
    expect(
      lines((doc) => {
        const create = doc.components.schemas.CreateBatchGroupRequest;
        create.properties.owner = { type: 'string' };
        create.required = ['owner'];
        doc.components.schemas.BatchGroupResponse.required = ['batchGroupId'];
      }),
    ).toEqual([
      'compatible required-added BatchGroupResponse: property `batchGroupId` is now always present (required) [listBatchGroups createBatchGroup getBatchGroup updateBatchGroup]',
      'breaking required-added CreateBatchGroupRequest: required property `owner` added [createBatchGroup]',
      'compatible required-removed CreateBatchGroupRequest: property `batchGroupName` is now optional [createBatchGroup]',
    ]);
    const before = structuredClone(batch);
    before.components.schemas.BatchGroupResponse.required = ['batchGroupId'];
    const diff = diffSpecs(before as OpenApiDoc, batch as OpenApiDoc);
    expect(diff.changes.map((c) => `${c.severity} ${c.message}`)).toEqual([
      'breaking property `batchGroupId` is no longer required (may be absent)',
    ]);
  });

  it('reports one request property removed and one added as a rename, breaking', () => {
    expect(
      lines((doc) => {
        const create = doc.components.schemas.CreateBatchGroupRequest;
        create.properties.name = create.properties.batchGroupName;
        delete create.properties.batchGroupName;
        create.required = ['name'];
      }),
    ).toEqual([
      'breaking property-renamed CreateBatchGroupRequest: required property `batchGroupName` renamed to `name` (= `batchGroupName` removed + `name` added) [createBatchGroup]',
    ]);
  });

  it('reports a type change as breaking, a tighter request constraint and an unknown keyword for review', () => {
    expect(
      lines((doc) => {
        const job = doc.components.schemas.BatchJobResponse.properties;
        job.createdTime.type = 'string';
        doc.components.schemas.CreateBatchGroupRequest.properties.batchGroupName.maxLength = 50;
        job.jobId.readOnly = true;
      }),
    ).toEqual([
      'review schema-changed CreateBatchGroupRequest.batchGroupName: maxLength 100 → 50 [createBatchGroup]',
      'breaking type-changed BatchJobResponse.createdTime: type integer → string [listBatchJobs createBatchJob getBatchJob]',
      'review schema-changed BatchJobResponse.jobId: `readOnly` null → true [listBatchJobs createBatchJob getBatchJob]',
    ]);
  });

  it('reports a renamed component schema: references replaced, the old type name gone (breaking), a new one', () => {
    expect(
      lines((doc) => {
        doc.components.schemas.JobSummary = doc.components.schemas.BatchJobSummary;
        delete doc.components.schemas.BatchJobSummary;
        doc.components.schemas.BatchJobResponse.properties.summary.$ref = '#/components/schemas/JobSummary';
      }),
    ).toEqual([
      'review schema-changed BatchJobResponse.summary: schema `BatchJobSummary` replaced by `JobSummary` [listBatchJobs createBatchJob getBatchJob]',
      "compatible schema-added JobSummary: schema added (type `components['schemas']['JobSummary']`) []",
      'breaking schema-removed BatchJobSummary: schema removed []',
    ]);
  });
});

describe('renderReport', () => {
  it('puts breaking changes first with what callers must change, and says nothing was written when refused', () => {
    const diff = diffAfter((doc) => {
      delete doc.paths[GROUP].delete;
      doc.components.schemas.BatchJobResponse.properties.status.enum.push('cancelled');
    });
    const text = renderReport({
      input: { file: 'soracom-api.en.yaml', sha256: 'a'.repeat(64), version: 'v2', tag: 'Batch' },
      currentVersion: batch.info.version,
      analysis: {
        diff,
        fixes: { total: 5, stale: [] },
        citations: { total: 20, broken: [] },
        actions: { compared: [], differences: [], stale: [] },
        tasks: { error: 'not read in this test' },
        edition: { release: 'English', current: 'English' },
        older: false,
      },
      outcome: { status: 'refused', refusals: [{ reason: '1 breaking change', flag: '--accept-breaking' }] },
    });
    expect(text).toContain(
      '- Result: **Not applied: 1 breaking change.** Nothing was written. Review it below; to apply it anyway, run ' +
        'again with `--accept-breaking`.',
    );
    expect(text.indexOf('### Breaking (1)')).toBeLessThan(text.indexOf('### Needs review (not breaking) (1)'));
    expect(text).toContain('  - Your code: remove calls to `batch.deleteBatchGroup(...)`');
    expect(text).toContain('  - To do: code that handles every value');
  });
});

describe('compareActions: openapi/actions.yaml against the official operations', () => {
  const compare = (mutate: (official: Json) => void, deliberate: DeliberateDifference[] = []) => {
    const official = structuredClone(actions);
    mutate(official);
    return compareActions(actions as OpenApiDoc, official as OpenApiDoc, deliberate);
  };
  const keys = (mutate: (official: Json) => void) => compare(mutate).differences.map((d) => d.key);

  it('finds nothing between actions.yaml and itself, and compares its eight operations', () => {
    const result = compare(() => {});
    expect(result.differences).toEqual([]);
    expect(result.compared).toHaveLength(8);
  });

  it('reports a changed method and path, and an operation the official spec lacks', () => {
    expect(
      keys((official) => {
        official.paths['/sims/{sim_id}/activation'] = official.paths['/sims/{sim_id}/activate'];
        delete official.paths['/sims/{sim_id}/activate'];
        official.paths['/sims/{sim_id}/tags'].post = official.paths['/sims/{sim_id}/tags'].put;
        delete official.paths['/sims/{sim_id}/tags'].put;
        delete official.paths['/sims/{sim_id}/suspend'];
      }),
    ).toEqual(['activateSim|path', 'suspendSim|operation', 'putSimTags|method']);
  });

  it('reports body fields added, removed, made required and retyped, and a new required parameter', () => {
    const result = compare((official) => {
      const vpg = official.components.schemas.PutIpAddressMapEntryRequest;
      vpg.properties.ipAddress.type = 'integer';
      vpg.properties.comment = { type: 'string' };
      vpg.required = ['key', 'ipAddress', 'comment'];
      delete official.components.schemas.SetGroupRequest.properties.groupId;
      official.components.schemas.SetGroupRequest.properties.group_id = { type: 'string' };
      official.paths['/sims/{sim_id}/tags'].put.parameters.push({ name: 'dry', in: 'query', required: true });
    });
    expect(result.differences.map((d) => d.message)).toEqual([
      'setSimGroup request body: field `groupId` is in openapi/actions.yaml only',
      'setSimGroup request body: field `group_id` is in the official spec only',
      'putSimTags: required query parameter `dry` is in the official spec only',
      'putVirtualPrivateGatewayIpAddressMapEntry request body: required field `comment` is in the official spec only',
      'putVirtualPrivateGatewayIpAddressMapEntry request body field `ipAddress`: type string in openapi/actions.yaml, integer in the official spec',
    ]);
  });

  it('checks only the answer fields actions.yaml declares: an extra official field is fine, a missing one is not', () => {
    expect(
      keys((official) => {
        official.components.schemas.Sim.properties.imsi = { type: 'string' };
        delete official.components.schemas.Sim.properties.groupId;
        official.components.schemas.Sim.properties.status.enum = ['active', 'inactive'];
      }),
    ).toEqual(expect.arrayContaining(['activateSim|response.200.groupId', 'activateSim|response.200.status|enum']));
  });

  it('marks listed differences as deliberate, with their reason, and reports entries that match nothing as stale', () => {
    const result = compare(
      (official) => {
        delete official.paths['/sims/{sim_id}/activate'].post.requestBody;
      },
      [
        { key: 'activateSim|body', why: 'the documented example task sends one' },
        { key: 'suspendSim|body', why: 'no longer true' },
      ],
    );
    expect(result.differences).toEqual([
      {
        operationId: 'activateSim',
        key: 'activateSim|body',
        message: 'activateSim: an optional request body in openapi/actions.yaml, no request body in the official spec',
        deliberate: 'the documented example task sends one',
      },
    ]);
    expect(result.stale.map((e) => e.key)).toEqual(['suspendSim|body']);
  });
});
