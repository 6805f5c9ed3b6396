/**
 * What the numbers were measured on, and which code: a ratio is portable, an absolute time is not
 * without the machine, and no figure means anything without the commit it was measured at.
 */
import { spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { repoRoot } from './paths.js';

export type MachineInfo = {
  node: string;
  v8: string;
  os: string;
  cpuModel: string;
  cpuCount: number;
  memory: string;
  date: string;
  /** 1-minute load average: above zero, other work shared the CPUs while the bench ran. */
  loadAverage: string;
};

export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
    date: new Date().toISOString(),
    loadAverage: loadAverage(),
  };
}

/** The files the benches write: a run that rewrites them leaves the code it measured unchanged. */
export const RESULT_FILES = ['bench/RESULTS.md', 'bench/SCALE.md'] as const;

export type CommitInfo = {
  /** Full hash of `HEAD`, or `unknown` outside a git checkout. */
  commit: string;
  /** Files with uncommitted changes (the results files left out): the figures are of the commit plus these. */
  changed: string[];
};

const git = (args: string[]): string | undefined => {
  const run = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  return run.status === 0 ? run.stdout : undefined;
};

/** The files `git status --porcelain` lists as changed (a rename by its new name), the results files left out. */
export function changedFiles(porcelain: string): string[] {
  return porcelain
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.slice(3).replace(/^.* -> /, ''))
    .filter((file) => !(RESULT_FILES as readonly string[]).includes(file));
}

/** The commit the bench measures, read when it starts, and whether the working tree differs from it. */
export function commitInfo(): CommitInfo {
  const commit = git(['rev-parse', 'HEAD'])?.trim() ?? 'unknown';
  return { commit, changed: changedFiles(git(['status', '--porcelain', '--untracked-files=all']) ?? '') };
}

/** `clean`, or `dirty: N files changed (a, b, ...)`. */
export function treeState(info: CommitInfo): string {
  if (info.changed.length === 0) return 'clean (no uncommitted change besides the results files)';
  const shown = info.changed.slice(0, 5).map((file) => `\`${file}\``);
  const more = info.changed.length > shown.length ? `, and ${info.changed.length - shown.length} more` : '';
  return `dirty: ${info.changed.length} file${info.changed.length === 1 ? '' : 's'} changed (${shown.join(', ')}${more})`;
}

/** What a results file is headed by: the code measured, the command, the machine. Taken when a run starts. */
export type RunContext = { code: CommitInfo; command: string; machine: MachineInfo };

/** The context of this process's run of `npm run <script>` (its arguments included). */
export function runContext(script: string): RunContext {
  const args = process.argv.slice(2);
  const command = `npm run ${script}${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
  return { code: commitInfo(), command, machine: machineInfo() };
}

/** One line for the console when a run starts: the commit (short), the tree, the machine. */
export function runBanner(title: string, run: RunContext): string {
  const { code, machine } = run;
  return (
    `${title} at ${code.commit.slice(0, 12)}${code.changed.length > 0 ? ' (dirty tree)' : ''}: ` +
    `node ${machine.node}, ${machine.cpuModel} × ${machine.cpuCount}, load ${machine.loadAverage}`
  );
}

/**
 * The header table of a results file (RESULTS.md, SCALE.md): the commit and the state of the tree, the
 * command, the machine, the load at the start and end of the run, and `extra` rows (the run's length).
 */
export function headerRows(run: RunContext, loadAtEnd: string, extra: ReadonlyArray<[string, string]>): string[][] {
  const { code, machine } = run;
  return [
    ['Commit', `\`${code.commit}\``],
    ['Working tree', treeState(code)],
    ['Command', `\`${run.command}\``],
    ['Date', machine.date],
    ['Node', `${machine.node} (V8 ${machine.v8})`],
    ['OS', machine.os],
    ['CPU model', machine.cpuModel],
    ['CPU cores', String(machine.cpuCount)],
    ['Memory', machine.memory],
    ['Load average (1 / 5 / 15 min) at start → end', `${machine.loadAverage} → ${loadAtEnd}`],
    ...extra.map((row) => [...row]),
  ];
}
