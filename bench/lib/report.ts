/** What every benchmark case returns: summary rows for the table, and its own section for RESULTS.md. */
export type Verdict = 'pass' | 'fail' | 'info';

export type SummaryRow = {
  benchmark: string;
  /** The headline figure, e.g. `1.042× (SDK 182.1 µs vs raw 174.8 µs)`. */
  measured: string;
  goal: string;
  verdict: Verdict;
};

export type CaseReport = {
  title: string;
  rows: SummaryRow[];
  /** How it was measured and why that is sound (markdown paragraphs). */
  method: string;
  /** Further figures (markdown lines: tables, lists). */
  details: string[];
};

export const verdictOf = (ok: boolean): Verdict => (ok ? 'pass' : 'fail');

/** A markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}
