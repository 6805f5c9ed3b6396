/** `--help` on every command (with examples), `--version`, and usage errors (exit 1). */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SecretRedaction } from '../../src/cli/connection.js';
import { buildProgram, CommandContext, runCli } from '../../src/cli/program.js';
import { SDK_VERSION } from '../../src/version.js';
import { memoryIo } from './support/memory-io.js';

async function cli(argv: string[]) {
  const m = memoryIo();
  const code = await runCli(argv, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** Every command path of the real program, read from it (so a new command is covered automatically). */
function commandPaths(): string[][] {
  const program = buildProgram(new CommandContext(memoryIo().io, new SecretRedaction()));
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      if (sub.name() === 'help') continue;
      const here = [...path, sub.name()];
      paths.push(here);
      walk(sub, here);
    }
  };
  walk(program, []);
  return paths;
}

describe('--help', () => {
  const paths = commandPaths();

  it('covers every operation and action', () => {
    const names = paths.map((p) => p.join(' '));
    expect(names).toEqual(
      expect.arrayContaining([
        'groups list',
        'groups get',
        'groups create',
        'groups update',
        'groups delete',
        'jobs list',
        'jobs get',
        'jobs create',
        'jobs tasks',
        'run activate',
        'run deactivate',
        'run standby',
        'run suspend',
        'run set-group',
        'run unset-group',
        'run put-tags',
        'run put-ip-address-map-entry',
        'retry-failed',
        'emulator',
      ]),
    );
  });

  it('the main help lists the commands, authentication, exit codes and examples', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: soracom-batch \[options\] \[command\]/);
    for (const text of [
      'groups|batch-groups',
      'retry-failed',
      'Authentication',
      'Exit codes:',
      '3  the run finished, but some tasks failed',
      'Examples:',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  for (const path of commandPaths()) {
    it(`soracom-batch ${path.join(' ')} --help: usage, options and examples, exit 0`, async () => {
      const result = await cli([...path, '--help']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Usage: soracom-batch ${path.join(' ')}`);
      expect(result.stdout).toMatch(/Examples:\n {2}\$ .*soracom-batch /);
      expect(result.stdout).toContain('Global Options:');
    });
  }

  it('"help <command>" works too', async () => {
    const result = await cli(['help', 'run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Columns (case, spaces');
  });
});

describe('usage', () => {
  it('--version prints the SDK version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${SDK_VERSION}\n`, stderr: '' });
    expect((await cli(['-V'])).stdout).toBe(`${SDK_VERSION}\n`);
  });

  it('unknown commands and options, missing values and bad choices exit 1 with a message on stderr', async () => {
    for (const argv of [
      ['nope'],
      ['groups', 'nope'],
      ['groups', 'list', '--colour'],
      ['groups', 'get'],
      ['run', 'activate'],
      ['--output', 'xml', 'groups', 'list'],
      ['groups', 'list', '--limit', 'ten'],
      ['run', 'launch'],
    ]) {
      const result = await cli(argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stdout, argv.join(' ')).toBe('');
      expect(result.stderr, argv.join(' ')).toMatch(/error: /);
    }
    expect((await cli(['groups', 'get'])).stderr).toMatch(/required option '--batch-group-id <id>' not specified/);
    expect((await cli(['groups', 'list', '--limit', 'ten'])).stderr).toMatch(/It must be an integer from 1 to 100000/);
    const settle = await cli(['run', 'activate', '--input', '-', '--group-name', 'x', '--settle-window-ms', '-1']);
    expect(settle.stderr).toMatch(/--settle-window-ms <ms>.*It must be an integer/s);
  });

  it('no command prints the help on stderr and exits 1', async () => {
    const result = await cli([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: soracom-batch');
  });
});
