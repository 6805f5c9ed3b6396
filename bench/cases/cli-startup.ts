/**
 * The CLI's start: `soracom-batch --version` and `soracom-batch groups list` against the emulator, as
 * fresh processes, against a bare `node -e 0` and a raw-fetch script doing the same GET. And the same
 * bin built without undici (its proxy support), to show what that library costs at every start.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BenchChild, type BenchMessage } from '../lib/child-process.js';
import { now } from '../lib/clock.js';
import { ms } from '../lib/format.js';
import { machineInfo } from '../lib/machine.js';
import { benchFile, fromRoot, repoRoot } from '../lib/paths.js';
import { type CaseReport, table, verdictOf } from '../lib/report.js';
import { median } from '../lib/stats.js';

const RUNS = 21;
/** The goal: `--version` at most this far above a bare `node`. */
const VERSION_GOAL_MS = 60;

export const cliStartupMethod = `Each run is a fresh process timed from spawn to exit: \`node -e 0\`; the built bin
(\`dist/cli/bin.js\`, copied at the start so a rebuild cannot disturb the runs) with \`--version\`; the bin with
\`groups list\` against the emulator (a child process with 1,000 SIMs, three groups, credentials given as
\`--endpoint\`, \`--api-key\`, \`--api-token\`, so no login); a raw-fetch script (\`node -e\` with one \`fetch\` of
\`GET /v1/batch_groups\` with the same headers, its body read); and the same bin built by esbuild from the same
source with undici replaced by an empty stand-in (what the proxy support costs). The ${RUNS} runs of each kind are
interleaved so a slow moment hits all kinds; medians. The OS file cache is warm after the first, untimed round.`;

type Kinds = Record<string, readonly string[]>;

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** A copy of the built bin, and the same source built without undici beside it. */
async function bins(dir: string): Promise<{ bin: string; withoutUndici: string }> {
  cpSync(fromRoot('dist', 'cli'), join(dir, 'cli'), { recursive: true });
  const stub = join(dir, 'undici-stub.cjs');
  writeFileSync(stub, 'exports.EnvHttpProxyAgent = class {};\nexports.fetch = globalThis.fetch;\n');
  const withoutUndici = join(dir, 'cli', 'bin-without-undici.js');
  await build({
    entryPoints: [fromRoot('src', 'cli', 'bin.ts')],
    outfile: withoutUndici,
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    alias: { 'soracom-batch': fromRoot('src', 'index.ts'), undici: stub },
    logLevel: 'silent',
  });
  return { bin: join(dir, 'cli', 'bin.js'), withoutUndici };
}

function timed(args: readonly string[]): number {
  const start = now();
  const result = spawnSync(process.execPath, [...args], { cwd: repoRoot, encoding: 'utf8' });
  const wall = now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return wall;
}

function rawFetch(baseUrl: string, apiKey: string, token: string): string[] {
  const headers = JSON.stringify({ 'X-Soracom-API-Key': apiKey, 'X-Soracom-Token': token });
  const code = `const r = await fetch(${JSON.stringify(`${baseUrl}/batch_groups`)}, { headers: ${headers} }); await r.text(); if (!r.ok) process.exit(1);`;
  return ['--input-type=module', '-e', code];
}

function measure(kinds: Kinds): Record<string, number> {
  const runs: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  for (const args of Object.values(kinds)) timed(args);
  for (let i = 0; i < RUNS; i++) for (const [kind, args] of Object.entries(kinds)) runs[kind]?.push(timed(args));
  return Object.fromEntries(Object.entries(runs).map(([kind, walls]) => [kind, median(walls)]));
}

export async function runCliStartup(): Promise<CaseReport> {
  const dir = mkdtempSync(join(tmpdir(), 'soracom-batch-cli-startup-'));
  const emulator = BenchChild.start({ file: benchFile('servers', 'emulator-main.ts'), args: ['1000'] });
  try {
    const { baseUrl, apiKey, token } = await emulator.next<
      BenchMessage & Record<'baseUrl' | 'apiKey' | 'token', string>
    >('ready');
    const { bin, withoutUndici } = await bins(dir);
    const auth = ['--endpoint', baseUrl, '--api-key', apiKey, '--api-token', token];
    for (const name of ['a', 'b', 'c']) timed([bin, ...auth, 'groups', 'create', '--batch-group-name', name]);
    const m = measure({
      bare: ['-e', '0'],
      version: [bin, '--version'],
      list: [bin, ...auth, 'groups', 'list'],
      raw: rawFetch(baseUrl, apiKey, token),
      versionWithoutUndici: [withoutUndici, '--version'],
      listWithoutUndici: [withoutUndici, ...auth, 'groups', 'list'],
    });
    const over = (kind: string) => (m[kind] as number) - (m.bare as number);
    const machine = machineInfo();
    const commit = `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain').length > 0 ? ' (with uncommitted changes)' : ''}`;
    return {
      title: 'CLI start',
      method: cliStartupMethod,
      rows: [
        {
          benchmark: '`soracom-batch --version`, above a bare `node`',
          measured: `${ms(over('version'))} (without undici: ${ms(over('versionWithoutUndici'))})`,
          goal: `≤ ${VERSION_GOAL_MS} ms`,
          verdict: verdictOf(over('version') <= VERSION_GOAL_MS),
        },
        {
          benchmark: '`soracom-batch groups list` vs a raw-fetch script',
          measured: `${ms(m.list as number)} vs ${ms(m.raw as number)} (without undici: ${ms(m.listWithoutUndici as number)})`,
          goal: 'report',
          verdict: 'info',
        },
      ],
      details: [
        ...table(
          ['process', 'median wall time', 'above bare node'],
          [
            ['`node -e 0`', ms(m.bare as number), ''],
            ['`soracom-batch --version`', ms(m.version as number), ms(over('version'))],
            ['the same, bin without undici', ms(m.versionWithoutUndici as number), ms(over('versionWithoutUndici'))],
            ['`soracom-batch groups list`', ms(m.list as number), ms(over('list'))],
            ['the same, bin without undici', ms(m.listWithoutUndici as number), ms(over('listWithoutUndici'))],
            ['raw-fetch script, same GET', ms(m.raw as number), ms(over('raw'))],
          ],
        ),
        '',
        `${RUNS} runs of each; commit ${commit}; node ${machine.node}, ${machine.cpuModel} × ${machine.cpuCount}, load ${machine.loadAverage}.`,
      ],
    };
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
