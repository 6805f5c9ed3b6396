/** Renders bench/SCALE.md: the commit and machine, the summary of the goals, then each benchmark's method and figures. */
import { headerRows, type RunContext } from '../lib/machine.js';
import { type SummaryRow, table } from '../lib/report.js';

const MARK: Record<SummaryRow['verdict'], string> = { pass: '✅ met', fail: '❌ missed', info: 'ℹ️ info' };

export type Section = { title: string; method: string; details: string[]; rows: SummaryRow[] };

export function summaryLines(sections: readonly Section[]): string[] {
  return table(
    ['Benchmark', 'Measured', 'Goal', 'Result'],
    sections.flatMap((s) => s.rows).map((row) => [row.benchmark, row.measured, row.goal, MARK[row.verdict]]),
  );
}

export function renderScale(
  run: RunContext,
  sections: readonly Section[],
  end: { totalSeconds: number; loadAtEnd: string },
): string {
  const lines = [
    '# Scale benchmarks',
    '',
    '<!-- Written by `npm run bench:scale` (bench/scale.ts): edit the bench, not this file. -->',
    '',
    ...table(['Run', ''], headerRows(run, end.loadAtEnd, [['Whole run', `${end.totalSeconds.toFixed(0)} s`]])),
    '',
    'Every figure below was measured in this run, of the commit above (plus the changes listed when the tree was',
    'dirty). A load average near or above the CPU count means other work shared the CPUs: wall times are then longer',
    'than on an idle machine, and the client and the emulator (two processes) compete with it for two CPUs.',
    '',
    'Two questions at the scale of a whole fleet, answered with the built CLI (`dist/cli/bin.js`, what users run)',
    'and the emulator each in its own process: does a million-row input run in flat memory, and do several',
    'actions at once take no longer than the slowest alone? Benchmarks, not tests: a missed goal is reported',
    'here with its figures, it does not fail the command.',
    '',
    '## Summary',
    '',
    ...summaryLines(sections),
    '',
  ];
  sections.forEach((section, i) => {
    lines.push(
      `## ${i + 1}. ${section.title}`,
      '',
      '### How it is measured',
      '',
      section.method,
      '',
      '### Figures',
      '',
      ...section.details,
      '',
    );
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
