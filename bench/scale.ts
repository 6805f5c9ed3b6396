/**
 * `npm run bench:scale` (`tsx bench/scale.ts`): the two scale benchmarks, each reported as it runs,
 * then bench/SCALE.md written and the summary printed (about 10 minutes on a 2-CPU machine, more when
 * other work keeps its CPUs busy).
 *
 * 1. `run put-tags` over 100,000 and 1,000,000 CSV rows: peak RSS of the CLI process and its growth;
 *    when a goal is missed or close, both runs again with glibc's mmap threshold pinned, to say why.
 * 2. `run apply` with three actions at once against each action alone (and the same with `runPlan`).
 *
 * Options, for trying things out (a run with any of them writes SCALE.md only if `--out` says where):
 * `--only rows|actions`, `--sizes 100000,1000000`, `--action-rows 100000`, `--rounds 2`, `--out FILE`.
 * Exits 0 when the benchmarks ran, whether or not a goal was met (benchmarks are not tests).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { now } from './lib/clock.js';
import { loadAverage, runBanner, runContext } from './lib/machine.js';
import { fromRoot, repoRoot, shownPath } from './lib/paths.js';
import {
  measureSize,
  memoryNeedsProfile,
  millionRowsSection,
  PINNED_MALLOC,
  peakOf,
  type SizeResult,
} from './scale/million-rows.js';
import { measureParallel, parallelSection } from './scale/parallel-actions.js';
import { renderScale, type Section, summaryLines } from './scale/scale-file.js';

const DEFAULTS = { sizes: '100000,1000000', 'action-rows': '100000', rounds: '2' };

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    sizes: { type: 'string', default: DEFAULTS.sizes },
    'action-rows': { type: 'string', default: DEFAULTS['action-rows'] },
    rounds: { type: 'string', default: DEFAULTS.rounds },
    out: { type: 'string' },
  },
});

const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: a whole number above 0, got ${JSON.stringify(text)}`);
  return n;
};
const CASES = ['rows', 'actions'] as const;
const only = values.only?.split(',').map((s) => s.trim()) ?? [...CASES];
for (const name of only)
  if (!(CASES as readonly string[]).includes(name))
    throw new Error(`--only: unknown benchmark ${JSON.stringify(name)}; one of ${CASES.join(', ')}`);
const sizes = values.sizes.split(',').map((s) => positive('sizes', s.trim()));
const actionRows = positive('action-rows', values['action-rows']);
const rounds = positive('rounds', values.rounds);
// The goals are about these figures: only the default run speaks for them in SCALE.md.
const isDefaultRun =
  values.only === undefined &&
  values.sizes === DEFAULTS.sizes &&
  values['action-rows'] === DEFAULTS['action-rows'] &&
  values.rounds === DEFAULTS.rounds;
const outFile = values.out ?? (isDefaultRun ? fromRoot('bench', 'SCALE.md') : undefined);

// The commit and the state of the tree as the run starts: what every figure below measures.
const run = runContext('bench:scale');
// The CLI under test is the built one: build the current source first.
process.stdout.write('building (npm run build) ... ');
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'ignore' });
if (build.status !== 0) throw new Error('npm run build failed: run it by hand to see why');
console.log('done');

console.log(`${runBanner('soracom-batch scale benchmarks', run)}\n`);
const log = (line: string) => console.log(`  ${line}`);
const logSize = (r: SizeResult) =>
  log(
    `exit ${r.run.exitCode}, ${(r.run.wallMs / 1000).toFixed(1)} s, peak RSS ${(peakOf(r) / 1_048_576).toFixed(1)} MB, ${r.passed ? 'verified' : 'NOT VERIFIED'}`,
  );
const started = now();
const sections: Section[] = [];

if (only.includes('rows')) {
  const results: SizeResult[] = [];
  for (const rows of sizes) {
    console.log(`▶ run put-tags, ${rows.toLocaleString('en-US')} rows`);
    results.push(await measureSize(rows, log));
    logSize(results.at(-1) as SizeResult);
  }
  // A missed or close goal is profiled: the same runs with glibc's threshold pinned tell the CLI's memory
  // from the memory the C allocator keeps.
  const pinned: SizeResult[] = [];
  if (memoryNeedsProfile(results)) {
    for (const rows of sizes) {
      console.log(`▶ run put-tags, ${rows.toLocaleString('en-US')} rows, diagnosis: ${JSON.stringify(PINNED_MALLOC)}`);
      pinned.push(await measureSize(rows, log, PINNED_MALLOC));
      logSize(pinned.at(-1) as SizeResult);
    }
  }
  sections.push(millionRowsSection(results, pinned));
}

if (only.includes('actions')) {
  console.log(`▶ run apply, ${actionRows.toLocaleString('en-US')} rows, three actions vs each alone`);
  sections.push(parallelSection(await measureParallel(actionRows, rounds, log)));
}

const totalSeconds = (now() - started) / 1000;
console.log(`\n${summaryLines(sections).join('\n')}\n`);
if (outFile) {
  writeFileSync(outFile, renderScale(run, sections, { totalSeconds, loadAtEnd: loadAverage() }));
  console.log(`Written to ${shownPath(outFile)} (${totalSeconds.toFixed(0)} s).`);
} else {
  console.log(`Not written: options other than the defaults (pass --out FILE to write). ${totalSeconds.toFixed(0)} s.`);
}
