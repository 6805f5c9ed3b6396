/** `--help` on every command (with examples), `--version`, and usage errors (exit 1). */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SecretRedaction } from '../../src/cli/connection.js';
import { fitLine } from '../../src/cli/help-format.js';
import { buildProgram, CommandContext, runCli } from '../../src/cli/program.js';
import { SDK_VERSION } from '../../src/version.js';
import { memoryIo } from './support/memory-io.js';

/** Commands that send nothing to the API. */
const OFFLINE = ['emulator', 'completion'];

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
      // Commands that send nothing to the API do not list the credential, endpoint and output options.
      if (OFFLINE.includes(path[0] as string)) expect(result.stdout).not.toContain('--profile');
      else expect(result.stdout).toContain('Global Options:');
    });
  }

  it('every help page fits 80 columns (COLUMNS=80, as a pipe gets it), however long a name or example', async () => {
    const pages = [[], ...commandPaths()];
    for (const path of pages) {
      const m = memoryIo({ env: { COLUMNS: '80' } });
      m.io.stdout.columns = undefined;
      await runCli([...path, '--help'], m.io);
      const long = m
        .stdout()
        .split('\n')
        .filter((line) => line.length > 80);
      expect(long, `soracom-batch ${path.join(' ')} --help`).toEqual([]);
    }
    // The width is the terminal's when it has one: the same page at 200 columns has longer lines.
    const wide = memoryIo();
    wide.io.stdout.columns = 200;
    await runCli(['run', '--help'], wide.io);
    expect(
      Math.max(
        ...wide
          .stdout()
          .split('\n')
          .map((line) => line.length),
      ),
    ).toBeGreaterThan(80);
  });

  it('a long alias is named on its own page, not in the list, which it would widen', async () => {
    const list = await cli(['run', '--help']);
    expect(list.stdout).toMatch(/^ {2}put-ip-address-map-entry \[options\] {2,}map IMSIs/m);
    expect(list.stdout).not.toContain('putVirtualPrivateGatewayIpAddressMapEntry');
    const page = await cli(['run', 'put-ip-address-map-entry', '--help']);
    expect(page.stdout).toContain('Also: soracom-batch run putVirtualPrivateGatewayIpAddressMapEntry');
    // A short one stays in the list, as soracom-cli's name.
    expect((await cli(['--help'])).stdout).toContain('groups|batch-groups');
  });

  it('folds a long example as a shell reads it: continued with a backslash, quoted words whole', async () => {
    const line = `  $ soracom-batch run put-tags --input fleet.csv --batch-group-name "July tags for the north fleet" --state-file tags.state.json`;
    const folded = fitLine(line, 60);
    expect(folded.every((l) => l.length <= 60)).toBe(true);
    expect(folded.slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    expect(folded.join('\n')).toContain('"July tags for the north fleet"');
    expect(folded.map((l) => l.replace(/ \\$/, '').trim()).join(' ')).toBe(line.trim());
  });

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
    expect((await cli(['groups', 'get'])).stderr).toMatch(
      /groups get needs --batch-group-id <id> or --batch-group-name <name>/,
    );
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
