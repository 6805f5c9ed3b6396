/**
 * `npm run spec:update`: extraction of the Batch part, the all-or-nothing replacement, the command
 * line, and drills: mutated copies of Soracom's official description, made here in a temp folder
 * (never committed), each run through spec:update on a temp copy of this repository's `openapi/` and
 * `generated/` (`--root`), checking the report, the exit code, and what was (or was not) written.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractTagged, type OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { listFiles } from '../../scripts/lib/generated-dir.js';
import { operationsById } from '../../scripts/lib/openapi.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { replaceAll } from '../../scripts/lib/replace-files.js';
import { batchContentHash, readSourceRecord, sha256 } from '../../scripts/lib/spec-source.js';
import { batchFixes } from '../../scripts/spec-fixes.js';
import { EXIT, parseDescription, runSpecUpdate, updateBatchSpec } from '../../scripts/spec-update.js';
import { fullSpecPath, skipNote } from '../support/reference-files.js';

const fixture = readFileSync(fromRoot('test/spec/fixtures/full-spec.yaml'), 'utf8');
const committed = parse(readFileSync(fromRoot('openapi/batch.yaml'), 'utf8')) as OpenApiDoc;
const scratch = mkdtempSync(join(tmpdir(), 'spec-update-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let rootCount = 0;
/** A temp copy of the repository's openapi/ and generated/, for spec:update --root. */
function copyOfRepo(): string {
  const root = join(scratch, `root-${++rootCount}`);
  mkdirSync(root);
  cpSync(fromRoot('openapi'), join(root, 'openapi'), { recursive: true });
  cpSync(fromRoot('generated'), join(root, 'generated'), { recursive: true });
  return root;
}

/**
 * Type-checks this repository's `src/` against the `generated/` that a drill wrote under `root`: what a
 * maintainer's `npm run typecheck` says after taking that release. Returns tsc's diagnostics.
 */
function typeCheckAgainst(root: string): { code: number; output: string } {
  cpSync(fromRoot('src'), join(root, 'src'), { recursive: true });
  if (!existsSync(join(root, 'node_modules'))) symlinkSync(fromRoot('node_modules'), join(root, 'node_modules'));
  const { compilerOptions } = JSON.parse(readFileSync(fromRoot('tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'generated'] }));
  const tsc = spawnSync(process.execPath, [fromRoot('node_modules/typescript/bin/tsc'), '-p', root], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: tsc.status ?? 1, output: `${tsc.stdout}${tsc.stderr}` };
}

/** Every file under `root`, with its content: what "nothing was written" is checked against. */
function snapshot(root: string): Record<string, string> {
  return Object.fromEntries(listFiles(root).map((f) => [f, readFileSync(join(root, f), 'utf8')]));
}

/** The files that differ between two snapshots (added, removed or changed). */
function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((f) => before[f] !== after[f]).sort();
}

/** The lines of `b` not in `a`, and of `a` not in `b` (as a multiset). */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const l of text.split('\n')) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const [ca, cb] = [count(a), count(b)];
  const only = (x: Map<string, number>, y: Map<string, number>) =>
    [...x].flatMap(([l, n]) => Array<string>(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
  return { removed: only(ca, cb), added: only(cb, ca) };
}

describe('extractTagged on a small full-spec fixture', () => {
  const doc = extractTagged(parse(fixture) as OpenApiDoc, 'Batch');

  it('keeps only the Batch-tagged operations', () => {
    expect(Object.keys(doc.paths)).toEqual(['/batch_groups']);
    expect(Object.keys(doc.paths['/batch_groups'] as object)).toEqual(['get', 'post']);
  });

  it('keeps every schema they reference, transitively, and nothing else', () => {
    expect(Object.keys(doc.components?.schemas ?? {}).sort()).toEqual([
      'BatchGroupResponse',
      'CreateBatchGroupRequest',
      'OperatorRef',
      'Owner',
    ]);
  });

  it('keeps only the security schemes the operations use, the Batch tag and the servers', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual(['api_key', 'api_token']);
    expect(doc.tags).toEqual([{ name: 'Batch', description: 'Batch processing' }]);
    expect(doc.servers).toHaveLength(2);
  });

  it('refuses a dangling reference and a tag nobody carries', () => {
    const broken = parse(fixture) as OpenApiDoc;
    delete (broken.components as { schemas: Record<string, unknown> }).schemas.Owner;
    expect(() => extractTagged(broken, 'Batch')).toThrow('dangling $ref #/components/schemas/Owner');
    expect(() => extractTagged(parse(fixture) as OpenApiDoc, 'Nope')).toThrow('no operation is tagged "Nope"');
  });
});

describe('updateBatchSpec', () => {
  it('keeps our info title and description but takes the new version', () => {
    const out = parse(updateBatchSpec(parse(fixture) as OpenApiDoc, committed)) as OpenApiDoc;
    expect(out.info).toEqual({
      title: 'Soracom Batch API',
      description: 'Create and run batch jobs that apply API calls across multiple SIMs or devices.',
      version: '20991231-000000',
    });
  });

  it('reads JSON and YAML descriptions alike', () => {
    const yamlDoc = parseDescription(fixture);
    expect(parseDescription(JSON.stringify(yamlDoc))).toEqual(yamlDoc);
  });
});

describe('replaceAll: every target or none', () => {
  const setUp = () => {
    const dir = mkdtempSync(join(scratch, 'replace-'));
    writeFileSync(join(dir, 'a.txt'), 'old a');
    mkdirSync(join(dir, 'tree'));
    writeFileSync(join(dir, 'tree', 'x.txt'), 'old x');
    const source = mkdtempSync(join(scratch, 'source-'));
    writeFileSync(join(source, 'y.txt'), 'new y');
    return { dir, source };
  };

  it('replaces files and folders, leaving no staged or backup copy', () => {
    const { dir, source } = setUp();
    replaceAll([
      { target: join(dir, 'a.txt'), content: 'new a' },
      { target: join(dir, 'tree'), dir: source },
      { target: join(dir, 'b.txt'), content: 'new b' },
    ]);
    expect(snapshot(dir)).toEqual({ 'a.txt': 'new a', 'b.txt': 'new b', 'tree/y.txt': 'new y' });
  });

  it('undoes the swaps already made when a later one fails', () => {
    const { dir, source } = setUp();
    const before = snapshot(dir);
    let renames = 0;
    const failFourth = (from: string, to: string) => {
      // The fourth rename puts the new tree in place: fail it, after a.txt was already swapped.
      if (++renames === 4) throw new Error('disk gone');
      renameSync(from, to);
    };
    expect(() =>
      replaceAll(
        [
          { target: join(dir, 'a.txt'), content: 'new a' },
          { target: join(dir, 'tree'), dir: source },
        ],
        { rename: failFourth },
      ),
    ).toThrow('disk gone');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes nothing when staging fails', () => {
    const { dir } = setUp();
    const before = snapshot(dir);
    expect(() =>
      replaceAll([
        { target: join(dir, 'a.txt'), content: 'new a' },
        { target: join(dir, 'missing-folder', 'c.txt'), content: 'c' },
      ]),
    ).toThrow();
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('spec:update on the command line', () => {
  const cli = (args: string[]) =>
    spawnSync(
      process.execPath,
      [fromRoot('node_modules/tsx/dist/cli.mjs'), fromRoot('scripts/spec-update.ts'), ...args],
      {
        cwd: fromRoot(),
        encoding: 'utf8',
      },
    );

  it('fails with a usage message when the input file is missing', () => {
    const result = cli([join(scratch, 'absent.yaml')]);
    expect(result.status).toBe(EXIT.failed);
    expect(result.stderr).toContain('does not exist');
    expect(result.stderr).toContain('usage: npm run spec:update');
  });

  it('refuses the removed --no-generate, which wrote a spec without its generated code', async () => {
    const err: string[] = [];
    const code = await runSpecUpdate([fromRoot('test/spec/fixtures/full-spec.yaml'), '--no-generate'], {
      out: () => {},
      err: (t) => err.push(t),
    });
    expect(code).toBe(EXIT.failed);
    expect(err.join('\n')).toMatch(/--no-generate is gone: .* together or not at all\. Use --dry-run/);
  });

  it('exits 2 and writes nothing when the update has a breaking change', () => {
    // openapi/batch.yaml is itself a description whose operations are tagged Batch: without deleteBatchGroup,
    // it stands for a release that removed that operation.
    const release = structuredClone(committed);
    delete (release.paths['/batch_groups/{batch_group_id}'] as Record<string, unknown>).delete;
    const input = join(scratch, 'release-without-delete.yaml');
    writeFileSync(input, JSON.stringify(release));
    const root = copyOfRepo();
    const before = snapshot(root);
    const result = cli([input, '--root', root]);
    expect(result.status, result.stderr).toBe(EXIT.breaking);
    expect(result.stdout).toContain('**Not applied: 1 breaking change.** Nothing was written.');
    expect(result.stdout).toContain('- **deleteBatchGroup**: removed (DELETE /batch_groups/{batch_group_id})');
    expect(result.stderr).toContain(
      'nothing was written: 1 breaking change(s), listed above. Run again with --accept-breaking',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('exits 1 and writes nothing when a spec fix would find nothing to correct, naming every such fix', () => {
    // The small fixture keeps none of the schemas three fixes correct.
    const root = copyOfRepo();
    const before = snapshot(root);
    const result = cli([fromRoot('test/spec/fixtures/full-spec.yaml'), '--root', root, '--accept-breaking']);
    expect(result.status).toBe(EXIT.failed);
    expect(result.stderr).toMatch(
      /^spec:update: nothing was written: spec fixes "task-request-body-any-json" \(it looks for .*\); "task-response-body-any-json" .*; "drop-ref-siblings" .* found nothing to correct in the new Batch spec\. Remove or update them/m,
    );
    expect(snapshot(root)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Drills on mutated copies of the official description.

if (!fullSpecPath) console.warn(skipNote('the spec:update drills', 'soracom-api.en.yaml'));
describe.skipIf(!fullSpecPath)('spec:update drills on mutated copies of the official description', () => {
  let official: OpenApiDoc;
  beforeAll(() => {
    official = parseDescription(readFileSync(fullSpecPath as string, 'utf8'));
  });

  type Json = Record<string, any>;
  type Run = {
    code: number;
    out: string;
    err: string;
    root: string;
    before: Record<string, string>;
    after: Record<string, string>;
  };

  /** Runs spec:update on a fresh copy of the repository with a mutated copy of the official description. */
  async function drill(mutate: (doc: Json) => void, args: string[] = [], root = copyOfRepo()): Promise<Run> {
    const doc = structuredClone(official) as Json;
    doc.info.version = '29991231-000000';
    mutate(doc);
    const input = join(mkdtempSync(join(scratch, 'input-')), 'soracom-api.en.yaml');
    writeFileSync(input, JSON.stringify(doc));
    const before = snapshot(root);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSpecUpdate([input, '--root', root, ...args], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    return { code, out: out.join('\n'), err: err.join('\n'), root, before, after: snapshot(root) };
  }

  const op = (doc: Json, id: string): Json => {
    const found = operationsById(doc as OpenApiDoc).get(id);
    if (!found) throw new Error(`no ${id}`);
    return found.operation;
  };
  const table = async (root: string) =>
    (await import(pathToFileURL(join(root, 'generated', 'batch-operations.ts')).href)).batchOperations as Record<
      string,
      Json
    >;
  const section = (report: string, title: string) => {
    const start = report.indexOf(`### ${title}`);
    if (start < 0) return '';
    const end = report.indexOf('\n## ', start) >= 0 ? report.indexOf('\n## ', start) : report.length;
    const next = report.indexOf('\n### ', start + 4);
    return report.slice(start, next >= 0 && next < end ? next : end);
  };

  it('the official description as it is: no API changes, no unexplained actions difference', async () => {
    const run = await drill(
      (doc) => {
        doc.info.version = official.info.version;
      },
      ['--dry-run'],
    );
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out).toContain('**No API changes**');
    expect(run.out).toContain('0 difference(s) to review');
    expect(run.out).toContain('0 stale deliberate entries');
    expect(run.out).toContain(`All ${batchFixes.length} fixes still find their defect.`);
    expect(run.after).toEqual(run.before);
  }, 60_000);

  it('no-op (only info.version changed): exit 0, "no API changes", only the version lines change', async () => {
    const run = await drill(() => {});
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out).toContain('**No API changes** (only `info.version` changed).');
    expect(run.out).toContain('**Applied.**');
    expect(changedFiles(run.before, run.after)).toEqual([
      'generated/openapi/batch.yaml',
      'openapi/CHANGES.md',
      'openapi/batch.source.json',
      'openapi/batch.yaml',
    ]);
    for (const file of ['openapi/batch.yaml', 'generated/openapi/batch.yaml']) {
      const { removed, added } = lineDiff(run.before[file] as string, run.after[file] as string);
      expect(removed, file).toEqual([`  version: ${committed.info.version}`]);
      expect(added, file).toEqual(['  version: 29991231-000000']);
    }
    // The record names the description given, and the tests' hand-edit check holds on the new spec.
    const record = readSourceRecord(run.root);
    expect(record).toMatchObject({ source: 'soracom-api.en.yaml', infoVersion: '29991231-000000', tag: 'Batch' });
    expect(record?.batchSha256).toBe(batchContentHash(parse(run.after['openapi/batch.yaml'] as string) as OpenApiDoc));
    expect(run.after['openapi/CHANGES.md']).toContain('**No API changes**');
  }, 60_000);

  it('new operations (abortBatchJob, paginated listBatchJobEvents): added, not breaking, in the table', async () => {
    const security = [{ api_key: [], api_token: [] }];
    const jobParams = [
      {
        name: 'batch_group_id',
        in: 'path',
        required: true,
        description: 'Batch group ID.',
        schema: { type: 'string' },
      },
      { name: 'job_id', in: 'path', required: true, description: 'Batch job ID.', schema: { type: 'string' } },
    ];
    const run = await drill((doc) => {
      doc.paths['/batch_groups/{batch_group_id}/jobs/{job_id}/abort'] = {
        post: {
          operationId: 'abortBatchJob',
          summary: 'Abort batch job.',
          description: 'Stops a running batch job.',
          tags: ['Batch'],
          security,
          parameters: jobParams,
          responses: {
            '200': {
              description: 'The batch job was aborted.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/BatchJobResponse' } } },
            },
            '404': { description: 'Batch job not found.' },
          },
        },
      };
      doc.paths['/batch_groups/{batch_group_id}/jobs/{job_id}/events'] = {
        get: {
          operationId: 'listBatchJobEvents',
          summary: 'List batch job events.',
          description: 'Returns the events of a batch job.',
          tags: ['Batch'],
          security,
          parameters: [
            ...jobParams,
            { name: 'last_evaluated_key', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'Events.',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/BatchJobEvent' } },
                },
              },
            },
            '404': { description: 'Batch job not found.' },
          },
          'x-soracom-cli-pagination': {
            request: { param: 'last_evaluated_key' },
            response: { header: 'x-soracom-next-key' },
          },
        },
      };
      doc.components.schemas.BatchJobEvent = {
        type: 'object',
        properties: { eventTime: { type: 'integer', format: 'int64' }, message: { type: 'string' } },
      };
    });
    expect(run.code, `${run.err}\n${run.out}`).toBe(EXIT.ok);
    expect(run.out).not.toContain('### Breaking');
    const compatible = section(run.out, 'Compatible');
    expect(compatible).toContain('- **abortBatchJob**: added: POST /batch_groups/{batch_group_id}/jobs/{job_id}/abort');
    expect(compatible).toContain(
      '- **listBatchJobEvents**: added: GET /batch_groups/{batch_group_id}/jobs/{job_id}/events, paginated: returns a PagedCall',
    );
    expect(compatible).toContain("- **BatchJobEvent**: schema added (type `components['schemas']['BatchJobEvent']`)");
    expect(run.out).toContain('Operations added: `abortBatchJob`, `listBatchJobEvents`; removed: none; changed: none.');
    const ops = await table(run.root);
    expect(ops.abortBatchJob).toMatchObject({
      method: 'POST',
      pathParams: ['batch_group_id', 'job_id'],
      pagination: null,
    });
    expect(ops.listBatchJobEvents).toMatchObject({
      method: 'GET',
      pagination: { requestParam: 'last_evaluated_key', responseHeader: 'x-soracom-next-key' },
    });
    expect(run.after['generated/batch.ts']).toContain('abortBatchJob: {');
  }, 60_000);

  it('changed schemas: enum value added (review), optional property added, required field made optional', async () => {
    const run = await drill((doc) => {
      const job = doc.components.schemas.BatchJobResponse;
      job.properties.status.enum.push('cancelled');
      job.properties.cancelledTime = { type: 'integer', format: 'int64', description: 'Cancelled time.' };
      doc.components.schemas.CreateBatchGroupRequest.required = undefined;
    });
    expect(run.code, `${run.err}\n${run.out}`).toBe(EXIT.ok);
    expect(run.out).not.toContain('### Breaking');
    expect(section(run.out, 'Needs review')).toContain(
      '- **BatchJobResponse.status**: enum value `cancelled` added (in `listBatchJobs`, `createBatchJob`, `getBatchJob`)\n' +
        "  - To do: code that handles every value (a switch, a lookup table, a waiter's terminal states) must decide what `cancelled` means.",
    );
    const compatible = section(run.out, 'Compatible');
    expect(compatible).toContain('- **BatchJobResponse**: optional property `cancelledTime` added');
    expect(compatible).toContain(
      '- **CreateBatchGroupRequest**: property `batchGroupName` is now optional (in `createBatchGroup`)',
    );
    expect(run.after['generated/batch.ts']).toMatch(
      /status: "pending" \| "running" \| "completed" \| "aborted" \| "failed" \| "cancelled";/,
    );
    // The one list of which statuses end a job is keyed by the generated enum: until a maintainer
    // says whether `cancelled` ends a job, the SDK does not compile.
    const checked = typeCheckAgainst(run.root);
    expect(checked.code).not.toBe(0);
    expect(checked.output).toMatch(/src\/jobs\/wait-for-job\.ts\(\d+,\d+\): error TS\d+: .*cancelled/);
  }, 180_000);

  it('a renamed path parameter (job_id → jobId on getBatchJob): breaking, exit 2, nothing written; applied when accepted', async () => {
    const rename = (doc: Json) => {
      const path = '/batch_groups/{batch_group_id}/jobs/{job_id}';
      const item = doc.paths[path];
      delete doc.paths[path];
      doc.paths['/batch_groups/{batch_group_id}/jobs/{jobId}'] = item;
      const param = item.get.parameters.find((p: Json) => p.name === 'job_id');
      param.name = 'jobId';
    };
    const refused = await drill(rename);
    expect(refused.code).toBe(EXIT.breaking);
    expect(refused.after).toEqual(refused.before);
    expect(refused.out).toContain('**Not applied: 1 breaking change.** Nothing was written.');
    expect(section(refused.out, 'Breaking')).toContain(
      '- **getBatchJob**: path parameter `job_id` renamed to `jobId` (= `job_id` removed + `jobId` added)\n' +
        '  - Your code: pass `jobId` instead of `job_id` in calls to `batch.getBatchJob({ ... })`',
    );
    expect(refused.err).toContain('nothing was written: 1 breaking change(s)');

    const accepted = await drill(rename, ['--accept-breaking']);
    expect(accepted.code, accepted.err).toBe(EXIT.ok);
    expect(accepted.out).toContain('1 breaking change accepted with `--accept-breaking`');
    const ops = await table(accepted.root);
    expect(ops.getBatchJob).toMatchObject({
      path: '/batch_groups/{batch_group_id}/jobs/{jobId}',
      pathParams: ['batch_group_id', 'jobId'],
    });
    expect(accepted.after['openapi/CHANGES.md']).toContain('path parameter `job_id` renamed to `jobId`');
    // The job helpers are typed from the generated methods, so the rename stops them compiling (not at run time).
    const checked = typeCheckAgainst(accepted.root);
    expect(checked.code).not.toBe(0);
    expect(checked.output).toMatch(/src\/jobs\/job-methods\.ts\(\d+,\d+\): error TS\d+:/);
    expect(checked.output).toMatch(/src\/runner\/run-tasks\.ts\(\d+,\d+\): error TS\d+:/);
    expect(checked.output).toContain("Property 'jobId' is missing");
  }, 180_000);

  it('a removed operation: breaking, atomic; with acceptance spec and generated code change together', async () => {
    const remove = (doc: Json) => {
      delete doc.paths['/batch_groups/{batch_group_id}'].delete;
    };
    const refused = await drill(remove);
    expect(refused.code).toBe(EXIT.breaking);
    expect(refused.after).toEqual(refused.before);
    expect(section(refused.out, 'Breaking')).toContain(
      '- **deleteBatchGroup**: removed (DELETE /batch_groups/{batch_group_id})\n' +
        "  - Your code: remove calls to `batch.deleteBatchGroup(...)` and `batch.raw.DELETE('/batch_groups/{batch_group_id}')`",
    );

    const accepted = await drill(remove, ['--accept-breaking']);
    expect(accepted.code, accepted.err).toBe(EXIT.ok);
    const spec = parse(accepted.after['openapi/batch.yaml'] as string) as OpenApiDoc;
    expect(operationsById(spec).has('deleteBatchGroup')).toBe(false);
    expect(accepted.after['generated/openapi/batch.yaml']).not.toContain('deleteBatchGroup');
    expect(accepted.after['generated/batch.ts']).not.toContain('deleteBatchGroup');
    expect(Object.keys(await table(accepted.root))).not.toContain('deleteBatchGroup');
  }, 90_000);

  it('a removal that leaves a spec fix with nothing to correct: fails naming the fix and what it looked for', async () => {
    const run = await drill(
      (doc) => {
        delete doc.paths['/batch_groups/{batch_group_id}/jobs/{job_id}/tasks'];
      },
      ['--accept-breaking'],
    );
    expect(run.code).toBe(EXIT.failed);
    expect(run.after).toEqual(run.before);
    // The task schemas go with the operation: the task body fix, and the fixes marking what tasks always carry.
    expect(run.err).toContain(
      'nothing was written: spec fixes "task-response-body-any-json" (it looks for ' +
        'components.schemas.BatchTaskApiResponse.properties.body declared `type: object` without properties); ' +
        '"always-returned-batch-task-response" (it looks for components.schemas.BatchTaskResponse declaring ' +
        'taskId, status, request, none of them in its `required`); "always-returned-batch-task-api-response" ' +
        '(it looks for components.schemas.BatchTaskApiResponse declaring statusCode, none of them in its ' +
        '`required`) found nothing to correct in the new Batch spec. Remove or update them in scripts/spec-fixes.ts',
    );
    expect(run.out).toContain('**STALE `task-response-body-any-json`**');
    expect(run.out).toContain('- **listTasksOfBatchJob**: removed');
  }, 60_000);

  it('a new spec that fails the lint: exit 1, the lint problem in the report, nothing written', async () => {
    const run = await drill((doc) => {
      // No summary: Redocly's recommended operation-summary rule is an error.
      doc.paths['/batch_groups/{batch_group_id}/jobs/{job_id}/abort'] = {
        post: {
          operationId: 'abortBatchJob',
          tags: ['Batch'],
          security: [{ api_key: [], api_token: [] }],
          parameters: [
            { name: 'batch_group_id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'job_id', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'The batch job was aborted.' } },
        },
      };
    });
    expect(run.code).toBe(EXIT.failed);
    expect(run.after).toEqual(run.before);
    expect(run.out).toContain('**Failed.** Nothing was written');
    expect(run.out).toMatch(/## Failure\n\n```text\n.*error operation-summary/s);
    expect(run.err).toMatch(/nothing was written: .*batch\.yaml: error operation-summary/s);
  }, 60_000);

  it('an actions.yaml difference (the official setSimGroup body changes): reported, with the entry it made stale', async () => {
    const run = await drill((doc) => {
      op(doc, 'setSimGroup').requestBody = {
        required: true,
        content: {
          'application/json': {
            schema: { type: 'object', required: ['simGroupId'], properties: { simGroupId: { type: 'string' } } },
          },
        },
      };
    });
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out).toContain('**No API changes**');
    expect(run.out).toContain('Compared 8 operations: 2 difference(s) to review, 5 deliberate');
    const toReview = section(run.out, 'To review');
    expect(toReview).toContain(
      '- `setSimGroup|body.groupId`: setSimGroup request body: field `groupId` is in openapi/actions.yaml only',
    );
    expect(toReview).toContain(
      '- `setSimGroup|body.simGroupId`: setSimGroup request body: required field `simGroupId` is in the official spec only',
    );
    expect(section(run.out, 'Stale deliberate entries')).toContain(
      '- `setSimGroup|body.groupId|required`: no longer found',
    );
  }, 60_000);

  it('the CLI records the sha256 of the file it was given', async () => {
    const root = copyOfRepo();
    const input = join(scratch, 'official-copy.yaml');
    cpSync(fullSpecPath as string, input);
    const code = await runSpecUpdate([input, '--root', root], { out: () => {}, err: () => {} });
    expect(code).toBe(EXIT.ok);
    expect(readSourceRecord(root)?.sha256).toBe(sha256(readFileSync(fullSpecPath as string)));
    expect(existsSync(join(root, 'openapi', 'CHANGES.md'))).toBe(true);
  }, 60_000);
});
