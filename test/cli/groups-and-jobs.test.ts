/** The operation commands against the emulator: groups and jobs, every operation, lists and pages. */
import { describe, expect, it } from 'vitest';
import { simIds } from '../../src/testing/index.js';
import { FAST, useCliWorld } from './support/cli-world.js';

const world = useCliWorld();

describe('groups', () => {
  it('create, get, update, list and delete a batch group', async () => {
    const w = await world();
    const created = await w.cli([
      'groups',
      'create',
      '--batch-group-name',
      'Monthly SIM Tag Update',
      '--description',
      'July',
    ]);
    expect(created.code).toBe(0);
    const group = JSON.parse(created.stdout);
    expect(group).toMatchObject({ batchGroupName: 'Monthly SIM Tag Update', description: 'July' });
    const id = group.batchGroupId as string;

    const got = await w.cli(['groups', 'get', '--batch-group-id', id]);
    expect(JSON.parse(got.stdout)).toMatchObject({ batchGroupId: id, batchGroupName: 'Monthly SIM Tag Update' });

    const updated = await w.cli(['groups', 'update', '--batch-group-id', id, '--description', 'August']);
    expect(updated.code).toBe(0);
    expect(w.emulator.state.groups()[0]?.description).toBe('August');

    const listed = await w.cli(['groups', 'list']);
    expect(JSON.parse(listed.stdout).map((g: { batchGroupId: string }) => g.batchGroupId)).toEqual([id]);

    const deleted = await w.cli(['groups', 'delete', '--batch-group-id', id]);
    expect(deleted).toMatchObject({ code: 0, stdout: '' });
    expect(w.emulator.state.groups()).toEqual([]);
  });

  it('soracom-cli spellings work too: batch-groups, --body JSON and --body @file', async () => {
    const w = await world();
    expect((await w.cli(['batch-groups', 'create', '--body', '{"batchGroupName":"from body"}'])).code).toBe(0);
    const file = await w.file('group.json', JSON.stringify({ batchGroupName: 'from file', description: 'd' }));
    expect(
      (await w.cli(['batch-groups', 'create', '--body', `@${file}`, '--batch-group-name', 'flag wins'])).code,
    ).toBe(0);
    expect(w.emulator.state.groups().map((g) => g.batchGroupName)).toEqual(['from body', 'flag wins']);
  });

  it('lists one page by default, says how to get the rest, and every page with --fetch-all', async () => {
    const w = await world();
    for (let i = 0; i < 5; i++) await w.group(`g${i}`);
    const first = await w.cli(['groups', 'list', '--limit', '2']);
    expect(JSON.parse(first.stdout)).toHaveLength(2);
    expect(first.stderr).toMatch(/More items follow: add --fetch-all, or --last-evaluated-key \S+/);
    const key = /--last-evaluated-key (\S+)/.exec(first.stderr)?.[1] as string;
    const next = await w.cli(['groups', 'list', '--limit', '2', '--last-evaluated-key', key]);
    expect(JSON.parse(next.stdout).map((g: { batchGroupName: string }) => g.batchGroupName)).toEqual(['g2', 'g3']);
    const all = await w.cli(['groups', 'list', '--limit', '2', '--fetch-all']);
    expect(JSON.parse(all.stdout)).toHaveLength(5);
    expect(all.stderr).toBe('');
  });

  it('refuses create without a name and update without a change, sending nothing (exit 1)', async () => {
    const w = await world();
    const noName = await w.cli(['groups', 'create']);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/--batch-group-name/);
    const noChange = await w.cli(['groups', 'update', '--batch-group-id', 'x']);
    expect(noChange.code).toBe(1);
    expect(w.emulator.state.requests()).toEqual([]);
  });

  it('an unknown group is an API error: exit 2 and one line naming status and path', async () => {
    const w = await world();
    const result = await w.cli(['groups', 'get', '--batch-group-id', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: GET \/v1\/batch_groups\/nope .*404.*\n$/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    const verbose = await w.cli(['groups', 'get', '--batch-group-id', 'nope', '--verbose']);
    expect(verbose.code).toBe(2);
    expect(verbose.stderr.split('\n').length).toBeGreaterThan(2);
    expect(verbose.stderr).toMatch(/status: 404/);
  });
});

describe('jobs', () => {
  it('create (--body @file, --wait), list, get and tasks --status', async () => {
    const ids = simIds(4);
    const w = await world({ sims: 4, failingSims: { [ids[2] as string]: 400 } });
    const group = await w.group();
    const body = {
      tasks: ids.map((id) => ({ request: { path: `/v1/sims/${id}/activate`, method: 'POST', body: { sim_id: id } } })),
    };
    const file = await w.file('job.json', JSON.stringify(body));

    const created = await w.cli([
      'jobs',
      'create',
      '--batch-group-id',
      group,
      '--body',
      `@${file}`,
      '--job-name',
      'by hand',
      '--wait',
      ...FAST,
    ]);
    expect(created.code).toBe(3); // one task failed: the job ended `failed`
    const job = JSON.parse(created.stdout);
    expect(job).toMatchObject({ jobName: 'by hand', status: 'failed', summary: { success: 3, error: 1, pending: 0 } });

    const listed = JSON.parse((await w.cli(['jobs', 'list', '--batch-group-id', group])).stdout);
    expect(listed.map((j: { jobId: string }) => j.jobId)).toEqual([job.jobId]);

    const got = JSON.parse((await w.cli(['jobs', 'get', '--batch-group-id', group, '--job-id', job.jobId])).stdout);
    expect(got.status).toBe('failed');

    const failed = await w.cli([
      'jobs',
      'tasks',
      '--batch-group-id',
      group,
      '--job-id',
      job.jobId,
      '--status',
      'error',
      '--fetch-all',
    ]);
    const tasks = JSON.parse(failed.stdout);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      status: 'error',
      request: { path: `/v1/sims/${ids[2]}/activate` },
      response: { statusCode: 400 },
    });

    const all = await w.cli([
      'jobs',
      'list-tasks',
      '--batch-group-id',
      group,
      '--job-id',
      job.jobId,
      '--fetch-all',
      '--output',
      'jsonl',
    ]);
    expect(all.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('create without --wait prints the new job and exits 0; a body from stdin works', async () => {
    const [id] = simIds(1);
    const w = await world({ sims: 1 });
    const group = await w.group();
    const body = JSON.stringify({ tasks: [{ request: { path: `/v1/sims/${id}/suspend`, method: 'POST' } }] });
    const result = await w.cli(['jobs', 'create', '--batch-group-id', group, '--body', '-'], { stdin: body });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).jobId).toEqual(expect.any(String));
  });

  it('create refuses a body without tasks (exit 1), and --status accepts only the three statuses', async () => {
    const w = await world();
    const result = await w.cli(['jobs', 'create', '--batch-group-id', 'g', '--body', '{}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/"tasks" array/);
    const status = await w.cli(['jobs', 'tasks', '--batch-group-id', 'g', '--job-id', 'j', '--status', 'done']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/Allowed choices are pending, success, error/);
  });
});

describe('--batch-group-name instead of --batch-group-id', () => {
  it('jobs list, jobs tasks and groups get find the group by its name with one walk of the list', async () => {
    const w = await world({ sims: 3 });
    await w.group('other');
    const id = await w.group('fleet');
    const input = await w.file('ids.txt', simIds(3).join('\n'));
    expect((await w.cli(['run', 'activate', '--input', input, '--batch-group-id', id, ...FAST])).code).toBe(0);
    const jobId = w.emulator.state.jobs()[0]?.jobId as string;

    const jobs = await w.cli(['jobs', 'list', '--batch-group-name', 'fleet']);
    expect(jobs.code).toBe(0);
    expect(JSON.parse(jobs.stdout).map((j: { jobId: string }) => j.jobId)).toEqual([jobId]);
    const tasks = await w.cli(['jobs', 'tasks', '--batch-group-name', 'fleet', '--job-id', jobId, '--fetch-all']);
    expect(JSON.parse(tasks.stdout)).toHaveLength(3);
    const group = await w.cli(['groups', 'get', '--batch-group-name', 'fleet']);
    expect(JSON.parse(group.stdout)).toMatchObject({ batchGroupId: id });
    // One list call per lookup (two groups fit one page), then the operation itself.
    const calls = w.emulator.state.requests().map((r) => r.operationId);
    expect(calls.slice(-2)).toEqual(['listBatchGroups', 'getBatchGroup']);
  });

  it('a name no group has, or two groups have, is a usage error naming the fix; so is neither or both', async () => {
    const w = await world();
    const a = await w.group('twin');
    const b = await w.group('twin');
    const none = await w.cli(['jobs', 'list', '--batch-group-name', 'nobody']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no batch group is named "nobody".*--batch-group-id/);
    const two = await w.cli(['jobs', 'list', '--batch-group-name', 'twin']);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain(`2 batch groups are named "twin" (${a}, ${b}): pass --batch-group-id`);
    const before = w.emulator.state.requests().length;
    const neither = await w.cli(['jobs', 'list']);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('jobs list needs --batch-group-id <id> or --batch-group-name <name>');
    const both = await w.cli(['jobs', 'list', '--batch-group-id', a, '--batch-group-name', 'twin']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('pass --batch-group-id or --batch-group-name, not both');
    // Neither sent anything.
    expect(w.emulator.state.requests()).toHaveLength(before);
  });

  it('groups update keeps --batch-group-name for the new name (the body field), so the ID is required there', async () => {
    const w = await world();
    const id = await w.group('old');
    expect((await w.cli(['groups', 'update', '--batch-group-id', id, '--batch-group-name', 'new'])).code).toBe(0);
    expect(w.emulator.state.groups()[0]?.batchGroupName).toBe('new');
    expect((await w.cli(['groups', 'update', '--batch-group-name', 'x'])).stderr).toMatch(
      /required option '--batch-group-id <id>' not specified/,
    );
  });
});
