/**
 * `npx tsx scripts/mutation-summary.ts [report.json ...]`: the scores of the last `npm run test:mutation`, per file
 * and per area, as the Markdown tables of test/mutation/SUMMARY.md, and its surviving mutants one per line
 * (file:line, mutator, replacement) to explain or kill. Reads the reports Stryker writes
 * (mutation-testing-report-schema: reports/stryker-incremental.json by default, the same data as
 * reports/mutation/mutation.json); several reports (runs over parts of the code) are read as one.
 *
 * The score is Stryker's: (killed + timed out) / (killed + timed out + survived + no coverage); mutants that do
 * not compile or are ignored are left out of it.
 */
import { readFileSync } from 'node:fs';

type Mutant = {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
};
type Report = { files: Record<string, { mutants: Mutant[] }> };

const AREAS: Array<[string, (file: string) => boolean]> = [
  ['runner (src/runner)', (f) => f.startsWith('src/runner/')],
  ["CLI's run files (src/cli)", (f) => f.startsWith('src/cli/')],
  ['transport (src/transport)', (f) => f.startsWith('src/transport/')],
  ['jobs (src/jobs)', (f) => f.startsWith('src/jobs/')],
];

type Tally = { killed: number; timeout: number; survived: number; noCoverage: number; other: number };

function tally(mutants: readonly Mutant[]): Tally {
  const t: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') t.killed++;
    else if (m.status === 'Timeout') t.timeout++;
    else if (m.status === 'Survived') t.survived++;
    else if (m.status === 'NoCoverage') t.noCoverage++;
    else t.other++;
  }
  return t;
}

function score(t: Tally): string {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * (t.killed + t.timeout)) / valid).toFixed(2)}%`;
}

const row = (name: string, t: Tally) =>
  `| ${name} | ${score(t)} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} |`;
const HEADER = '| file | score | killed | timed out | survived | no coverage |\n|---|---|---|---|---|---|';

const paths = process.argv.length > 2 ? process.argv.slice(2) : ['reports/stryker-incremental.json'];
const report: Report = { files: {} };
for (const path of paths) Object.assign(report.files, (JSON.parse(readFileSync(path, 'utf8')) as Report).files);
const files = Object.keys(report.files).sort();

for (const [area, inArea] of AREAS) {
  const mine = files.filter(inArea);
  if (mine.length === 0) continue;
  console.log(`\n### ${area}\n\n${HEADER}`);
  for (const file of mine) console.log(row(`\`${file}\``, tally(report.files[file]?.mutants ?? [])));
  console.log(row('**all**', tally(mine.flatMap((f) => report.files[f]?.mutants ?? []))));
}

console.log('\n### Surviving and uncovered mutants\n');
for (const file of files) {
  for (const m of report.files[file]?.mutants ?? []) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
    console.log(`- ${file}:${m.location.start.line} ${m.status} ${m.mutatorName}: \`${replacement}\``);
  }
}
