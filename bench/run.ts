/**
 * `npm run bench` (`tsx bench/run.ts`): every benchmark, one after another, each reported as it
 * finishes; then bench/RESULTS.md is written, headed by the commit and the machine, and the summary
 * printed. `--only per-call,bundle-size` runs a subset and prints it without writing RESULTS.md;
 * `--out FILE` writes the report (of a subset too) to FILE instead of RESULTS.md; `--details` also prints
 * each case's figures (profiles, censuses) as they come; `--baseline REF` adds this version against
 * the SDK built from git ref REF, side by side.
 * Exits 0 when every benchmark ran, whether or not its goal was met (benchmarks are not tests).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBuildTasks } from './cases/build-tasks.js';
import { runBundleSize } from './cases/bundle-size.js';
import { runCliStartup } from './cases/cli-startup.js';
import { runColdImport } from './cases/cold-import.js';
import { runEmulatorRun } from './cases/emulator-run.js';
import { runJobPace } from './cases/job-pace.js';
import { runPaginationMemory } from './cases/pagination-memory.js';
import { runPaginationSpeed } from './cases/pagination-speed.js';
import { runPeers } from './cases/peers.js';
import { runPerCall } from './cases/per-call.js';
import { runVersusBaseline } from './cases/versus-baseline.js';
import { BenchChild, type BenchMessage } from './lib/child-process.js';
import { now } from './lib/clock.js';
import { loadAverage, runBanner, runContext } from './lib/machine.js';
import { benchFile, repoRoot, shownPath } from './lib/paths.js';
import type { CaseReport } from './lib/report.js';
import { renderResults, summaryTable } from './lib/results-file.js';

type Context = { loopbackUrl: () => Promise<string> };

/** In order: the cheap, process-wide ones first, then those that need the loopback server, then the emulator run. */
const CASES: Record<string, (ctx: Context) => Promise<CaseReport>> = {
  'bundle-size': () => runBundleSize(),
  'cold-import': () => runColdImport(),
  'cli-startup': () => runCliStartup(),
  'build-tasks': () => runBuildTasks(),
  'per-call': async (ctx) => runPerCall(await ctx.loopbackUrl()),
  'pagination-speed': async (ctx) => runPaginationSpeed(await ctx.loopbackUrl()),
  'pagination-memory': async (ctx) => runPaginationMemory(await ctx.loopbackUrl()),
  peers: async (ctx) => runPeers(await ctx.loopbackUrl()),
  'emulator-run': () => runEmulatorRun(),
  'job-pace': () => runJobPace(),
};

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    details: { type: 'boolean' },
    baseline: { type: 'string' },
    out: { type: 'string' },
  },
});
// `--baseline REF` adds the side-by-side comparison with the SDK built from that git ref.
if (values.baseline) {
  const ref = values.baseline;
  CASES['versus-baseline'] = async (ctx) => runVersusBaseline(await ctx.loopbackUrl(), ref);
}
const selected = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(CASES);
for (const name of selected) {
  if (!(name in CASES))
    throw new Error(`--only: unknown benchmark ${JSON.stringify(name)}; one of ${Object.keys(CASES).join(', ')}`);
}

// The commit and the state of the tree as the run starts: what every figure below measures.
const run = runContext('bench');

// Every case measures the built package (sdk-under-test.ts): build the current source first.
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'ignore' });
if (build.status !== 0) throw new Error('npm run build failed: run it by hand to see why');

console.log(`${runBanner('soracom-batch benchmarks', run)}\n`);

// One loopback server process for the cases that need it, started on first use.
let server: BenchChild | undefined;
let serverUrl: Promise<string> | undefined;
const ctx: Context = {
  loopbackUrl: () => {
    serverUrl ??= (async () => {
      server = BenchChild.start({ file: benchFile('servers', 'loopback-server-main.ts') });
      return (await server.next<BenchMessage & { baseUrl: string }>('ready')).baseUrl;
    })();
    return serverUrl;
  },
};

const started = now();
const reports: CaseReport[] = [];
try {
  for (const name of selected) {
    const caseStarted = now();
    process.stdout.write(`▶ ${name} ... `);
    const report = await (CASES[name] as (ctx: Context) => Promise<CaseReport>)(ctx);
    reports.push(report);
    console.log(`${((now() - caseStarted) / 1000).toFixed(1)} s`);
    for (const row of report.rows)
      console.log(`   ${row.verdict.toUpperCase().padEnd(4)} ${row.benchmark}: ${row.measured} (goal ${row.goal})`);
    if (values.details) console.log(`\n${report.details.join('\n')}\n`);
  }
} finally {
  await server?.stop();
}

const totalSeconds = (now() - started) / 1000;
console.log(`\n${summaryTable(reports).join('\n')}\n`);
// Only a full run speaks for the goals in RESULTS.md; a subset is written only where `--out` says.
const isFullRun = values.only === undefined && values.out === undefined;
const outFile = isFullRun ? benchFile('RESULTS.md') : values.out && resolve(values.out);
if (outFile) {
  writeFileSync(outFile, renderResults(run, reports, { totalSeconds, loadAtEnd: loadAverage() }));
  console.log(`Wrote ${shownPath(outFile)} (${totalSeconds.toFixed(0)} s).`);
} else {
  console.log(
    `Subset run (${totalSeconds.toFixed(0)} s): bench/RESULTS.md left as it was; run without --only to rewrite it.`,
  );
}
