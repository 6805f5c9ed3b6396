/**
 * The Batch operation commands come from the operation table (generated/batch-operations.ts, read from
 * openapi/batch.yaml): a table with more operations gives more commands, with flags, help and output
 * columns, and nothing written by hand.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { type ApiOperation, BATCH_API_OPERATIONS, commandPath } from '../../src/cli/commands/api-commands.js';
import type { SchemaShape } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/program.js';
import type { BatchClient } from '../../src/client/client.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, useCliWorld } from './support/cli-world.js';
import { memoryIo } from './support/memory-io.js';

const world = useCliWorld();
const op = (id: string) => BATCH_API_OPERATIONS.find((o) => o.operationId === id) as ApiOperation;
const jobSchema = op('getBatchJob').docs.response as SchemaShape;
const pathParams = op('getBatchJob').parameters;

/** A POST that acts on one job, as a later spec might add it (named by x-soracom-cli). */
const abortBatchJob: ApiOperation = {
  operationId: 'abortBatchJob',
  method: 'POST',
  path: '/batch_groups/{batch_group_id}/jobs/{job_id}/abort',
  parameters: pathParams,
  hasBody: false,
  bodyRequired: false,
  pagination: null,
  docs: {
    commands: ['batch-groups jobs abort'],
    summary: 'Abort batch job.',
    description: 'Stops the batch job: tasks not yet run are not run.',
    parameters: { batch_group_id: 'Batch group ID.', job_id: 'Batch job ID.' },
    body: null,
    response: jobSchema,
  },
};

/** A paginated list with an enum filter and no x-soracom-cli name (the operationId names it). */
const listBatchJobEvents: ApiOperation = {
  operationId: 'listBatchJobEvents',
  method: 'GET',
  path: '/batch_groups/{batch_group_id}/jobs/{job_id}/events',
  parameters: [
    ...pathParams,
    { name: 'limit', in: 'query', required: false, type: 'integer' },
    { name: 'type', in: 'query', required: false, type: 'string', enum: ['created', 'finished'] },
    { name: 'last_evaluated_key', in: 'query', required: false, type: 'string' },
  ],
  hasBody: false,
  bodyRequired: false,
  pagination: { requestParam: 'last_evaluated_key', responseHeader: 'x-soracom-next-key' },
  docs: {
    commands: [],
    summary: 'List batch job events.',
    description: 'Returns the events of a batch job.',
    parameters: { type: 'Only events of this type.', limit: 'Maximum number of events.' },
    body: null,
    response: {
      type: 'array',
      items: { type: 'object', properties: { eventId: { type: 'string' }, createdTime: { type: 'integer' } } },
    },
  },
};

const operations = [...BATCH_API_OPERATIONS, abortBatchJob, listBatchJobEvents];

function fakeClient() {
  const events = [{ eventId: 'e1', createdTime: 1704067200 }];
  const client = {
    baseUrl: 'http://fake.invalid/v1',
    abortBatchJob: vi.fn(async (p: { job_id: string }) => ({
      jobId: p.job_id,
      status: 'aborted',
      createdTime: 1704067200,
    })),
    listBatchJobEvents: vi.fn(() => ({
      firstPage: async () => ({ items: events, nextKey: 'next-2', response: new Response() }),
      toArray: async () => [...events, { eventId: 'e2', createdTime: 1704067260 }],
    })),
  };
  return client;
}

async function cli(argv: string[], client = fakeClient()) {
  const m = memoryIo();
  const auth = ['--api-key', 'k-1', '--api-token', 't-1'];
  const code = await runCli([...auth, ...argv], m.io, {
    operations,
    createClient: () => client as unknown as BatchClient,
  });
  return { code, stdout: m.stdout(), stderr: m.stderr(), client };
}

describe('commands from the operation table', () => {
  it('a new operation is a command with its flags and the spec text in --help', async () => {
    const abort = await cli(['jobs', 'abort', '--help']);
    expect(abort.code).toBe(0);
    expect(abort.stdout).toContain('Usage: soracom-batch jobs abort [options]');
    expect(abort.stdout).toContain('Abort batch job.');
    expect(abort.stdout).toContain('Stops the batch job: tasks not yet run are not run.');
    expect(abort.stdout).toMatch(/--batch-group-id <id>\s+Batch group ID/);
    expect(abort.stdout).toMatch(/--job-id <id>\s+Batch job ID/);
    expect(abort.stdout).not.toContain('--fetch-all');
    expect(abort.stdout).toMatch(/Examples:\n {2}\$ soracom-batch jobs abort --batch-group-id \S+ --job-id \S+/);

    const events = await cli(['list-batch-job-events', '--help']);
    expect(events.code).toBe(0);
    expect(events.stdout).toContain('List batch job events.');
    expect(events.stdout).toMatch(/--type <type>\s+Only events of this type \(choices: "created", "finished"\)/);
    expect(events.stdout).toMatch(/--limit <n>/);
    expect(events.stdout).toMatch(/--last-evaluated-key <key>/);
    expect(events.stdout).toContain('--fetch-all');

    const jobs = await cli(['jobs', '--help']);
    expect(jobs.stdout).toMatch(/abort\s+\[options\]\s+Abort batch job\./);
  });

  it('calls the operation by its operationId with the spec names of the parameters', async () => {
    const abort = await cli(['jobs', 'abort', '--batch-group-id', 'g-1', '--job-id', 'j-1']);
    expect(abort.code).toBe(0);
    expect(abort.client.abortBatchJob).toHaveBeenCalledWith({ batch_group_id: 'g-1', job_id: 'j-1' });
    expect(JSON.parse(abort.stdout)).toEqual({ jobId: 'j-1', status: 'aborted', createdTime: 1704067200 });

    const missing = await cli(['jobs', 'abort', '--batch-group-id', 'g-1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option '--job-id <id>' not specified/);
    expect(missing.client.abortBatchJob).not.toHaveBeenCalled();
  });

  it('a paginated operation prints its first page (and how to get the rest) or every page with --fetch-all', async () => {
    const page = await cli([
      'list-batch-job-events',
      '--batch-group-id',
      'g',
      '--job-id',
      'j',
      '--type',
      'created',
      '--limit',
      '5',
    ]);
    expect(page.code).toBe(0);
    expect(page.client.listBatchJobEvents).toHaveBeenCalledWith({
      batch_group_id: 'g',
      job_id: 'j',
      type: 'created',
      limit: 5,
    });
    expect(JSON.parse(page.stdout)).toEqual([{ eventId: 'e1', createdTime: 1704067200 }]);
    expect(page.stderr).toBe('More items follow: add --fetch-all, or --last-evaluated-key next-2 for the next page.\n');
    const all = await cli([
      'list-batch-job-events',
      '--batch-group-id',
      'g',
      '--job-id',
      'j',
      '--fetch-all',
      '-o',
      'csv',
    ]);
    expect(all.stdout).toBe('eventId,createdTime\ne1,2024-01-01T00:00:00Z\ne2,2024-01-01T00:01:00Z\n');
    const bad = await cli(['list-batch-job-events', '--batch-group-id', 'g', '--job-id', 'j', '--type', 'other']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Allowed choices are created, finished/);
  });

  it('names every Batch operation as soracom-cli does, in this CLI spelling (old spellings stay aliases)', () => {
    const names = Object.fromEntries(
      BATCH_API_OPERATIONS.map((o) => {
        const { path, aliases } = commandPath(o);
        return [o.operationId, [o.docs.commands[0], path.join(' '), aliases.filter(Boolean).join(' ')]];
      }),
    );
    expect(names).toEqual({
      listBatchGroups: ['batch-groups list', 'groups list', 'batch-groups'],
      createBatchGroup: ['batch-groups create', 'groups create', 'batch-groups'],
      getBatchGroup: ['batch-groups get', 'groups get', 'batch-groups'],
      updateBatchGroup: ['batch-groups update', 'groups update', 'batch-groups'],
      deleteBatchGroup: ['batch-groups delete', 'groups delete', 'batch-groups'],
      listBatchJobs: ['batch-groups jobs list', 'jobs list', ''],
      createBatchJob: ['batch-groups jobs create', 'jobs create', ''],
      getBatchJob: ['batch-groups jobs get', 'jobs get', ''],
      listTasksOfBatchJob: ['batch-groups jobs list-tasks', 'jobs tasks', 'list-tasks'],
    });
  });

  it('--help of a Batch command is the spec summary and description, and its flags are the parameters', async () => {
    const m = memoryIo();
    expect(await runCli(['jobs', 'tasks', '--help'], m.io)).toBe(0);
    const help = m.stdout();
    // The spec's own texts, whatever its edition says; the description is wrapped to the terminal's width.
    const { summary, description } = op('listTasksOfBatchJob').docs;
    expect(help).toContain(`${summary}\n\n`);
    expect(help.replace(/\s+/g, ' ')).toContain(`${summary} ${description.replace(/\s+/g, ' ').trim()}`);
    const options = [...help.split('Global Options:')[0]!.matchAll(/^ {2}(--[a-z-]+)/gm)].map((x) => x[1]);
    expect(options).toEqual([
      '--batch-group-id',
      '--job-id',
      '--limit',
      '--status',
      '--last-evaluated-key',
      '--batch-group-name',
      '--fetch-all',
    ]);
  });
});

describe('output columns come from the response schema', () => {
  it('a property the spec adds to a response is a column, before any answer carries it', async () => {
    const withPriority = BATCH_API_OPERATIONS.map((o) =>
      o.operationId === 'getBatchJob'
        ? {
            ...o,
            docs: {
              ...o.docs,
              response: {
                ...jobSchema,
                properties: { ...jobSchema.properties, priority: { type: 'integer' }, pausedTime: { type: 'integer' } },
              },
            },
          }
        : o,
    );
    const w = await world({ sims: 1 });
    const group = await w.group();
    const input = await w.file('ids.txt', simIds(1).join('\n'));
    const run = JSON.parse(
      (await w.cli(['run', 'activate', '--input', input, '--batch-group-id', group, ...FAST])).stdout,
    );
    const args = ['jobs', 'get', '--batch-group-id', group, '--job-id', run.jobs[0].jobId, '-o', 'csv'];
    const plain = await w.cli(args);
    expect(plain.stdout.split('\n')[0]).not.toContain('priority');
    const result = await w.cli(args, { setup: { operations: withPriority } });
    expect(result.code).toBe(0);
    const header = result.stdout.split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['priority', 'pausedTime', 'jobId', 'summary.success']));
    const [row] = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ priority: '', pausedTime: '', status: 'completed' });
  });

  it('lead with what a row is (ID, name, status, counts), then the spec order', async () => {
    const w = await world({ sims: 1 });
    const group = await w.group();
    const input = await w.file('ids.txt', simIds(1).join('\n'));
    await w.cli(['run', 'activate', '--input', input, '--batch-group-id', group, ...FAST]);
    const jobs = await w.cli(['jobs', 'list', '--batch-group-id', group, '-o', 'csv']);
    expect(jobs.stdout.split('\n')[0]).toBe(
      'jobId,jobName,batchGroupId,status,summary.error,summary.pending,summary.success,abortOnFailure,createdTime,description,errorMessage,finishedTime,updatedTime',
    );
  });
});
