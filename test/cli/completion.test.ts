/**
 * `completion bash|zsh|fish`, generated from the command tree. The bash script is sourced in a real bash
 * and asked for completions the way bash asks (COMP_WORDS, COMP_CWORD); zsh's is the same function
 * through bashcompinit, and fish's is checked for what it offers, line by line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretRedaction } from '../../src/cli/connection.js';
import { buildProgram, CommandContext, runCli } from '../../src/cli/program.js';
import { memoryIo } from './support/memory-io.js';

async function script(shell: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const m = memoryIo();
  const code = await runCli(['completion', shell], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

const dir = mkdtempSync(join(tmpdir(), 'soracom-batch-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash completes for `line` (the cursor at its end; a trailing space starts a new word). */
function complete(bashScript: string, line: string): string[] {
  const words = line.split(' ');
  const file = join(dir, 'completion.bash');
  writeFileSync(file, bashScript);
  const driver = `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_soracom_batch
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', driver], { cwd: dir, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

function commandPaths(): string[][] {
  const program = buildProgram(new CommandContext(memoryIo().io, new SecretRedaction()));
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      if (sub.name() === 'help') continue;
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

describe('completion bash, in a real bash', async () => {
  const bash = (await script('bash')).stdout;

  it('offers the commands, and the subcommands of a command or of its soracom-cli alias', () => {
    expect(complete(bash, 'soracom-batch ')).toEqual(
      ['batch-groups', 'completion', 'emulator', 'groups', 'jobs', 'retry-failed', 'run'].sort(),
    );
    expect(complete(bash, 'soracom-batch run put-t')).toEqual(['put-tags']);
    expect(complete(bash, 'soracom-batch batch-groups ')).toEqual(['create', 'delete', 'get', 'list', 'update']);
    expect(complete(bash, 'soracom-batch --profile prod jobs ')).toEqual(
      ['create', 'get', 'list', 'list-tasks', 'tasks'].sort(),
    );
  });

  it('completes every command of the tree from the prefix of its name', () => {
    for (const path of commandPaths()) {
      const last = path.at(-1) as string;
      const line = `soracom-batch ${[...path.slice(0, -1), last.slice(0, 3)].join(' ')}`;
      expect(complete(bash, line), line).toContain(last);
    }
  });

  it('offers the options of the command and the global ones, never a hidden old spelling', () => {
    expect(complete(bash, 'soracom-batch run activate --inp')).toEqual(['--input', '--input-format']);
    expect(complete(bash, 'soracom-batch groups list --out')).toEqual(['--output']);
    expect(complete(bash, 'soracom-batch retry-failed --jo')).toEqual(['--job-id', '--job-name', '--job-timeout-ms']);
  });

  it('offers the choices of an option, and files where a file is asked for', () => {
    expect(complete(bash, 'soracom-batch -o ')).toEqual(['csv', 'json', 'jsonl', 'table']);
    expect(complete(bash, 'soracom-batch groups list --output j')).toEqual(['json', 'jsonl']);
    expect(complete(bash, 'soracom-batch jobs tasks --status ')).toEqual(['error', 'pending', 'success']);
    expect(complete(bash, 'soracom-batch run activate --input-format ')).toEqual([
      'auto',
      'csv',
      'ids',
      'json',
      'jsonl',
    ]);
    writeFileSync(join(dir, 'fleet.csv'), 'sim_id\n');
    expect(complete(bash, 'soracom-batch run activate --input fle')).toEqual(['fleet.csv']);
    // The value of an option is not taken for a command: a profile named "run" is no `run` command.
    expect(complete(bash, 'soracom-batch --profile run ')).toContain('groups');
  });
});

describe('completion zsh and fish', () => {
  it("zsh: the bash function through zsh's bashcompinit, with the same tree", async () => {
    const zsh = (await script('zsh')).stdout;
    const bash = (await script('bash')).stdout;
    expect(zsh.split('\n')[0]).toBe('#compdef soracom-batch');
    expect(zsh).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh).toContain(bash);
  });

  it('fish: a complete line per command, option and choice, and balanced blocks', async () => {
    const fish = (await script('fish')).stdout;
    const lines = fish.split('\n');
    expect(lines).toContain(
      "complete -c soracom-batch -n 'test (__soracom_batch_path) = '\\'''\\''' -a 'groups jobs run retry-failed emulator completion'",
    );
    expect(lines).toContain(
      "complete -c soracom-batch -n 'test (__soracom_batch_path) = '\\''groups list'\\''' -l output -x -a 'json jsonl csv table'",
    );
    expect(lines).toContain(
      "complete -c soracom-batch -n 'test (__soracom_batch_path) = '\\''run activate'\\''' -l input -r -F",
    );
    expect(lines.some((line) => / -l job /.test(line))).toBe(false);
    // Every block (function, for, if, switch) is closed.
    const opened = lines.filter((line) => /^\s*(function|for|if|switch)\b/.test(line)).length;
    const closed = lines.filter((line) => /^\s*end$/.test(line)).length;
    expect(closed).toBe(opened);
    for (const path of commandPaths()) expect(fish, path.join(' ')).toContain(`'\\''${path.join(' ')}'\\''`);
  });

  it('an unknown shell is a usage error', async () => {
    const result = await script('powershell');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('completion: unknown shell "powershell": use bash, zsh or fish');
  });
});
