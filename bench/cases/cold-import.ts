/**
 * 4. Cold import time of the core entry: fresh `node` processes import the built `dist/index.js`
 * (what users load), against a bare `node -e ''` baseline.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { now } from '../lib/clock.js';
import { ms } from '../lib/format.js';
import { fromRoot, repoRoot } from '../lib/paths.js';
import { type CaseReport, table } from '../lib/report.js';
import { median } from '../lib/stats.js';

const RUNS = 21;
const DIST = fromRoot('dist');
const CORE = join(DIST, 'index.js');
/**
 * The runs import a copy of dist/ taken once, so that a build started meanwhile (tsup cleans dist/
 * first) cannot pull the files away mid-measurement. It sits under node_modules/.cache (ignored by
 * git) so that `openapi-fetch` still resolves from the repo's node_modules.
 */
const SNAPSHOT_ROOT = fromRoot('node_modules', '.cache', 'soracom-batch-bench');
const SNAPSHOT = join(SNAPSHOT_ROOT, 'dist');

export const coldImportMethod = `The core entry as users load it, \`dist/index.js\` (ESM, built by \`npx tsup\` first if
\`dist/\` is missing), with openapi-fetch resolved from \`node_modules\`. Each run is a fresh process,
\`node --input-type=module -e "await import('<file URL>')"\`, timed from spawn to exit (the files are a copy of
\`dist/\` taken at the start, so a concurrent rebuild cannot disturb the runs); the same for a bare
\`node -e ''\`, and for openapi-fetch alone for comparison. The ${RUNS} runs of each kind are interleaved (so a
slow moment hits all kinds) and the median is taken; the import time is median(import) − median(bare node).
Each importing process also times its own \`import()\` with \`performance.now()\` (no process start-up in it), as
a cross-check. The OS file cache is warm after the first run: this is a warm-cache cold start, what a CLI
invocation or a serverless cold start sees on the second deploy.`;

/** Builds `dist/` when it is missing (the lead's tsup config, untouched). */
async function ensureBuilt(): Promise<string> {
  // A build in progress removes dist/ first: give it a moment before building again.
  for (let waited = 0; !existsSync(CORE) && waited < 30_000; waited += 1_000) await sleep(1_000);
  if (!existsSync(CORE)) {
    const build = spawnSync('npx', ['tsup'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0 || !existsSync(CORE)) throw new Error('npx tsup did not produce dist/index.js');
    return 'built now by `npx tsup`';
  }
  return `existing build from ${statSync(CORE).mtime.toISOString()}`;
}

type Run = { wallMs: number; importMs: number | undefined };

function spawnTimed(args: readonly string[]): Run {
  const start = now();
  const result = spawnSync(process.execPath, [...args], { cwd: repoRoot, encoding: 'utf8' });
  const wallMs = now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  const reported = Number.parseFloat(result.stdout);
  return { wallMs, importMs: Number.isFinite(reported) ? reported : undefined };
}

function importScript(specifier: string): string[] {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return ['--input-type=module', '-e', code];
}

function snapshotDist(): string {
  rmSync(SNAPSHOT, { recursive: true, force: true });
  mkdirSync(SNAPSHOT, { recursive: true });
  cpSync(DIST, SNAPSHOT, { recursive: true });
  // Under node_modules the repo's package.json no longer applies: say again that .js files are ESM.
  writeFileSync(join(SNAPSHOT, 'package.json'), '{ "type": "module" }\n');
  return join(SNAPSHOT, 'index.js');
}

export async function runColdImport(): Promise<CaseReport> {
  const build = await ensureBuilt();
  const core = snapshotDist();
  try {
    return measure(core, build);
  } finally {
    rmSync(SNAPSHOT_ROOT, { recursive: true, force: true });
  }
}

function measure(coreFile: string, build: string): CaseReport {
  const kinds = {
    bare: ['-e', ''],
    core: importScript(pathToFileURL(coreFile).href),
    openapiFetch: importScript(pathToFileURL(fromRoot('node_modules', 'openapi-fetch', 'dist', 'index.mjs')).href),
  };
  const runs: Record<keyof typeof kinds, Run[]> = { bare: [], core: [], openapiFetch: [] };
  // One untimed round: the first spawn pays for reading node and the files from disk.
  for (const args of Object.values(kinds)) spawnTimed(args);
  for (let i = 0; i < RUNS; i++) {
    for (const [kind, args] of Object.entries(kinds) as [keyof typeof kinds, string[]][])
      runs[kind].push(spawnTimed(args));
  }
  const wall = (kind: keyof typeof kinds) => median(runs[kind].map((r) => r.wallMs));
  const inProcess = (kind: keyof typeof kinds) => median(runs[kind].map((r) => r.importMs ?? Number.NaN));
  const bare = wall('bare');
  const coreMs = wall('core') - bare;
  return {
    title: 'Cold import of the core entry',
    method: coldImportMethod,
    rows: [
      {
        benchmark: 'Cold import of `soracom-batch` (dist/index.js)',
        measured: `${ms(coreMs)} above bare node (in-process \`import()\`: ${ms(inProcess('core'))}; openapi-fetch alone: ${ms(wall('openapiFetch') - bare)})`,
        goal: 'report (no goal set)',
        verdict: 'info',
      },
    ],
    details: [
      ...table(
        ['process', 'median wall time', 'minus bare node', 'in-process `import()`'],
        [
          ["`node -e ''`", ms(bare), '', ''],
          ['import `dist/index.js`', ms(wall('core')), ms(coreMs), ms(inProcess('core'))],
          [
            'import openapi-fetch alone',
            ms(wall('openapiFetch')),
            ms(wall('openapiFetch') - bare),
            ms(inProcess('openapiFetch')),
          ],
        ],
      ),
      '',
      `${RUNS} runs of each; dist: ${build}, imported from a copy taken at the start of this benchmark.`,
    ],
  };
}
