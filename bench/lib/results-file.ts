/** Renders RESULTS.md: the commit and machine, the summary table, then each case's method and figures. */
import { headerRows, type RunContext } from './machine.js';
import { type CaseReport, type SummaryRow, table } from './report.js';

const MARK: Record<SummaryRow['verdict'], string> = { pass: '✅ pass', fail: '❌ fail', info: 'ℹ️ info' };

export function summaryTable(reports: readonly CaseReport[]): string[] {
  return table(
    ['Benchmark', 'Measured', 'Goal', 'Result'],
    reports.flatMap((r) => r.rows).map((row) => [row.benchmark, row.measured, row.goal, MARK[row.verdict]]),
  );
}

export function renderResults(
  run: RunContext,
  reports: readonly CaseReport[],
  end: { totalSeconds: number; loadAtEnd: string },
): string {
  const lines = [
    '# Benchmark results',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts): edit the bench, not this file. -->',
    '',
    ...table(['Run', ''], headerRows(run, end.loadAtEnd, [['Whole bench', `${end.totalSeconds.toFixed(0)} s`]])),
    '',
    'Every figure below was measured in this run, of the commit above (plus the changes listed when the tree was',
    'dirty). A load average near or above the CPU count means other work shared the CPUs during the run: the',
    'interleaved rounds spread that noise over both sides, but absolute times are then higher than on an idle machine.',
    '',
    'Side-by-side measurements of the SDK against its floors (openapi-fetch alone with a per-attempt timer, what',
    'the SDK is built on), hand-written `fetch` code and other clients, plus runs against the emulator: 100,000',
    'tasks at full speed, and jobs of 30 s to 30 min scaled down to see how waiting for them paces a run. Ratios are',
    'SDK ÷ the other side (lower is better; 1.000× is no overhead). Benchmarks, not tests: a missed goal is reported',
    'here, it does not fail the run. A goal is met only by a figure measured in this run, never by an estimate',
    'derived from one.',
    '',
    'The bench builds the current source first and times the built `dist/index.js`, what users run. The CPU profiles',
    "load `src/` through tsx instead, so their tables name source files; tsx compiles with esbuild's `keepNames`,",
    'whose `__name` helper shows up there (and costs a few µs per call that the build does not have). The',
    'task-building benchmark also runs from `src/`: it times internal checks that the package does not export.',
    '',
    '## Summary',
    '',
    ...summaryTable(reports),
    '',
  ];
  reports.forEach((report, i) => {
    lines.push(
      `## ${i + 1}. ${report.title}`,
      '',
      '### How it is measured',
      '',
      report.method,
      '',
      '### Figures',
      '',
      ...report.details,
      '',
    );
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
