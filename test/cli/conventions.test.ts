/**
 * One vocabulary across commands: one flag per concept (old spellings still work, hidden), one time
 * format in every output format, `--quiet` leaving only the results, messages that name the columns as
 * written, refusals before any resume notice, and an endpoint without scheme explained.
 */
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SecretRedaction } from '../../src/cli/connection.js';
import { buildProgram, CommandContext } from '../../src/cli/program.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, useCliWorld } from './support/cli-world.js';
import { memoryIo } from './support/memory-io.js';

const world = useCliWorld();

/** Every command of the real program with its visible and hidden long flags. */
function commandFlags(): Array<{ path: string; visible: string[]; hidden: string[] }> {
  const program = buildProgram(new CommandContext(memoryIo().io, new SecretRedaction()));
  const out: Array<{ path: string; visible: string[]; hidden: string[] }> = [];
  const walk = (command: Command, path: string[]) => {
    const long = (hidden: boolean) =>
      command.options.filter((o) => o.hidden === hidden && o.long).map((o) => o.long as string);
    out.push({ path: path.join(' '), visible: long(false), hidden: long(true) });
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

describe('one flag name per concept', () => {
  /** Old spelling → the one flag for its concept. */
  const RENAMED: Record<string, string> = {
    '--job': '--job-id',
    '--group-name': '--batch-group-name',
    '--group-description': '--batch-group-description',
    '--format': '--input-format',
    '--skip-status': '--skip-status-code',
  };

  it('no command shows an old spelling, and each is a hidden alias beside its new one', () => {
    const commands = commandFlags();
    for (const { path, visible, hidden } of commands) {
      for (const old of Object.keys(RENAMED)) expect(visible, `${path} shows ${old}`).not.toContain(old);
      for (const old of hidden.filter((h) => h in RENAMED)) expect(visible).toContain(RENAMED[old]);
    }
    const retry = commands.find((c) => c.path === 'retry-failed');
    expect(retry?.visible).toEqual(expect.arrayContaining(['--job-id', '--skip-status-code', '--batch-group-id']));
    expect(retry?.hidden).toEqual(expect.arrayContaining(['--job', '--skip-status']));
    const tags = commands.find((c) => c.path === 'run put-tags');
    expect(tags?.visible).toEqual(expect.arrayContaining(['--batch-group-name', '--batch-group-id', '--input-format']));
    // The batch group is --batch-group-id / --batch-group-name everywhere; --group-id is the SIM group of set-group.
    for (const { path, visible } of commands) {
      if (visible.includes('--group-id')) expect(['run set-group', 'run apply']).toContain(path);
    }
  });

  it('retry-failed takes --job-id (repeatable) and --skip-status-code; --job and --skip-status still work', async () => {
    const ids = simIds(4);
    const w = await world({ sims: 4, failingSims: { [ids[1] as string]: 500, [ids[2] as string]: 404 } });
    const input = await w.file('ids.txt', ids.join('\n'));
    const first = JSON.parse(
      (
        await w.cli([
          'run',
          'activate',
          '--input',
          input,
          '--batch-group-name',
          'x',
          '--chunk-size',
          '2',
          '--input-format',
          'ids',
          ...FAST,
        ])
      ).stdout,
    );
    const [a, b] = first.jobs.map((j: { jobId: string }) => j.jobId);
    const dry = (flags: string[]) =>
      w.cli(['retry-failed', '--batch-group-id', first.batchGroupId, ...flags, '--dry-run']);
    expect(JSON.parse((await dry(['--job-id', a, '--job-id', b])).stdout).tasks).toBe(2);
    expect(JSON.parse((await dry(['--job-id', a, '--job-id', b, '--skip-status-code', '404'])).stdout).tasks).toBe(1);
    expect(JSON.parse((await dry(['--job', a, '--job-id', b, '--skip-status', '404'])).stdout).tasks).toBe(1);
    // The old spellings of run: --group-name, --group-description, --format.
    const old = await w.cli([
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'by old flags',
      '--group-description',
      'made by --group-description',
      '--format',
      'ids',
      ...FAST,
    ]);
    expect(old.code).toBe(3);
    expect(w.emulator.state.groups().find((g) => g.batchGroupName === 'by old flags')?.description).toBe(
      'made by --group-description',
    );
    const bad = await dry(['--job-id', a, '--skip-status-code', '99']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/option '--skip-status-code <code>' argument '99' is invalid/);
  });
});

describe('times', () => {
  it('are as the API sends them (Unix seconds) in json and jsonl, ISO 8601 in csv and table; --time-format chooses', async () => {
    const w = await world();
    const id = await w.group('t');
    const { createdTime } = w.emulator.state.groups()[0] as { createdTime: number };
    const iso = new Date(createdTime * 1000).toISOString().replace('.000Z', 'Z');
    const get = (...flags: string[]) => w.cli(['groups', 'get', '--batch-group-id', id, ...flags]);
    // What soracom-cli prints, so a script moved from it reads the same numbers.
    expect(JSON.parse((await get()).stdout)).toMatchObject({ createdTime, updatedTime: expect.any(Number) });
    expect(JSON.parse((await get('-o', 'jsonl')).stdout)).toMatchObject({ createdTime });
    expect((parse((await get('-o', 'csv')).stdout, { columns: true }) as Record<string, string>[])[0]).toMatchObject({
      createdTime: iso,
    });
    expect((await get('-o', 'table')).stdout).toContain(iso);
    expect(JSON.parse((await get('--time-format', 'iso')).stdout)).toMatchObject({ createdTime: iso });
    expect(JSON.parse((await get('--time-format', 'iso', '-o', 'jsonl')).stdout)).toMatchObject({ createdTime: iso });
    expect((await get('--time-format', 'epoch', '-o', 'table')).stdout).toContain(String(createdTime));
    expect((await get('--time-format', 'epoch', '-o', 'table')).stdout).not.toContain(iso);
  });
});

describe('--quiet', () => {
  it('with -o table prints the table only: no summary lines on stdout, nothing on stderr', async () => {
    const w = await world({ sims: 3 });
    const input = await w.file('ids.txt', simIds(3).join('\n'));
    const args = ['run', 'activate', '--input', input, '--batch-group-name', 'x', '-o', 'table', ...FAST];
    const loud = await w.cli(args);
    expect(loud.stdout).toContain('Done: run activate');
    const quiet = await w.cli([...args, '--again', '-q']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^chunk\s+jobId\s+status/);
    expect(quiet.stdout).not.toContain('Done:');
    expect(quiet.stdout.trimEnd().split('\n')).toHaveLength(2);
    // Notes too: a first page says on stderr how to get the next, unless --quiet.
    await w.group('one');
    await w.group('two');
    expect((await w.cli(['groups', 'list', '--limit', '1'])).stderr).toMatch(/More items follow/);
    expect(await w.cli(['groups', 'list', '--limit', '1', '-q'])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('messages name the columns as written', () => {
  it('run activate on a tag CSV names the tag columns it does not use', async () => {
    const w = await world({ sims: 1 });
    const input = await w.file('tags.csv', `SIM ID,tag:area,tag:floor\n${simIds(1)[0]},tokyo,3\n`);
    const result = await w.cli(['run', 'activate', '--input', input, '--batch-group-name', 'x', ...FAST]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('activate does not use column(s) "tag:area", "tag:floor"; ignoring them');
  });
});

describe('a state file of another run', () => {
  it('is refused before anything is said about resuming', async () => {
    const ids = simIds(4);
    const w = await world({ sims: 4 });
    const a = await w.file('a.txt', ids.slice(0, 2).join('\n'));
    const b = await w.file('b.txt', ids.slice(2).join('\n'));
    const args = ['--batch-group-name', 'x', '--state-file', 's.json', ...FAST];
    expect((await w.cli(['run', 'activate', '--input', a, ...args])).code).toBe(0);
    const other = await w.group('other');
    for (const refused of [
      await w.cli(['run', 'activate', '--input', b, ...args]),
      await w.cli(['run', 'suspend', '--input', a, ...args]),
      await w.cli(['run', 'activate', '--input', a, '--batch-group-id', other, '--state-file', 's.json', ...FAST]),
    ]) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/error: --state-file s\.json /);
      expect(refused.stderr).not.toMatch(/Going on|Submitting/);
    }
  });
});

describe('an endpoint without a scheme', () => {
  it('gets the fix: http for a local host, https otherwise, for --endpoint and SORACOM_ENDPOINT', async () => {
    const w = await world();
    const list = ['--api-key', 'k-123456', '--api-token', 't-123456', 'groups', 'list'];
    const local = await w.cli(['--endpoint', 'localhost:8080', ...list], { noAuth: true });
    expect(local).toMatchObject({
      code: 1,
      stderr: 'error: --endpoint localhost:8080 has no scheme: use --endpoint http://localhost:8080\n',
    });
    const remote = await w.cli(['--endpoint', 'api.soracom.io', ...list], { noAuth: true });
    expect(remote.stderr).toBe(
      'error: --endpoint api.soracom.io has no scheme: use --endpoint https://api.soracom.io\n',
    );
    const env = await w.cli(list, { noAuth: true, env: { SORACOM_ENDPOINT: '127.0.0.1:8080' } });
    expect(env.stderr).toBe(
      'error: SORACOM_ENDPOINT=127.0.0.1:8080 has no scheme: set SORACOM_ENDPOINT=http://127.0.0.1:8080\n',
    );
    const fromEnv = await w.cli(['groups', 'list'], {
      noAuth: true,
      env: { SORACOM_ENDPOINT: 'localhost:8080', SORACOM_AUTH_KEY_ID: 'keyId-x', SORACOM_AUTH_KEY: 'secret-x' },
    });
    expect(fromEnv.stderr).toMatch(/SORACOM_ENDPOINT=localhost:8080 has no scheme/);
    expect(w.emulator.state.requests()).toEqual([]);
  });
});
