/**
 * The check `npm run check:examples` and the docs test run on every example (scripts/lib/needless-assertions.ts):
 * it finds the `!`, `??`, `?.` and `as` the types no longer call for, and leaves the needed ones alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { needlessAssertions } from '../../scripts/lib/needless-assertions.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { EXAMPLE_COMPILER_OPTIONS } from '../../scripts/lib/source-paths.js';

/** The needless assertions of each snippet, found in one program (a program of the sources takes seconds). */
function check(snippets: Record<string, string>): Record<string, string[]> {
  const dir = fromRoot('node_modules', '.cache', 'needless-assertions');
  mkdirSync(dir, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(snippets).map(([name, code]) => {
      const file = join(dir, `${name}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return [name, file];
    }),
  );
  const program = ts.createProgram({ rootNames: Object.values(files), options: EXAMPLE_COMPILER_OPTIONS });
  return Object.fromEntries(
    Object.entries(files).map(([name, file]) => [
      name,
      needlessAssertions(program, [file]).map((line) => line.slice(line.indexOf(': ') + 2)),
    ]),
  );
}

const prelude = `
import type { BatchGroup, BatchJob, BatchTask } from 'soracom-batch';
declare const group: BatchGroup;
declare const job: BatchJob;
declare const task: BatchTask;
declare const ids: string[];
`;

const found = check({
  needless: `${prelude}
const a = group.batchGroupId!;
const b = job.jobId ?? '';
const c = task.request?.path;
const d = job.status as string as string;
`,
  needed: `${prelude}
const a = job.summary?.success ?? 0;
const b = task.response?.statusCode;
const c = ids[0]!;
const d = job.finishedTime ?? job.updatedTime;
const e = JSON.parse('1') as number;
const f = ['x'] as const;
`,
});

describe('needless assertions', () => {
  it('finds what the response types make needless', () => {
    expect(found.needless).toEqual([
      'needless `!`: group.batchGroupId!',
      "needless `??`: job.jobId ?? ''",
      'needless `?.`: task.request?.path',
      'needless `as`: job.status as string as string',
    ]);
  });

  it('leaves alone what may really be missing', () => {
    expect(found.needed).toEqual([]);
  });
});
