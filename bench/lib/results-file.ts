/** Renders RESULTS.md: machine, summary table, then each case's method and figures. */
import { type MachineInfo, machineRows } from './machine.js';
import { type CaseReport, type SummaryRow, table } from './report.js';

const MARK: Record<SummaryRow['verdict'], string> = { pass: '✅ pass', fail: '❌ fail', info: 'ℹ️ info' };

export function summaryTable(reports: readonly CaseReport[]): string[] {
  return table(
    ['Benchmark', 'Measured', 'Goal', 'Result'],
    reports.flatMap((r) => r.rows).map((row) => [row.benchmark, row.measured, row.goal, MARK[row.verdict]]),
  );
}

export function renderResults(
  machine: MachineInfo,
  reports: readonly CaseReport[],
  run: { totalSeconds: number; loadAtEnd: string },
): string {
  const lines = [
    '# Benchmark results',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts) on every full run: edit the bench, not this file. -->',
    '',
    'Side-by-side measurements of the SDK against its floors (openapi-fetch alone with a per-attempt timer, what',
    'the SDK is built on), hand-written `fetch` code and other clients, plus runs against the emulator: 100,000',
    'tasks at full speed, and jobs of 30 s to 30 min scaled down to see how waiting for them paces a run. Ratios are',
    'SDK ÷ the other side (lower is better; 1.000× is no overhead). Benchmarks, not tests: a missed goal is reported',
    'here, it does not fail the run.',
    '',
    'The bench builds the current source first and times the built `dist/index.js`, what users run. The CPU profiles',
    "load `src/` through tsx instead, so their tables name source files; tsx compiles with esbuild's `keepNames`,",
    'whose `__name` helper shows up there (and costs a few µs per call that the build does not have). The',
    'task-building benchmark also runs from `src/`: it times internal checks that the package does not export.',
    '',
    '## Machine',
    '',
    ...table(['', ''], machineRows(machine, run.loadAtEnd, [['Whole bench', `${run.totalSeconds.toFixed(0)} s`]])),
    '',
    'A load average near or above the CPU count means other work shared the CPUs during the run: the interleaved',
    'rounds spread that noise over both sides, but absolute times are then higher than on an idle machine.',
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
