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

function check(code: string): string[] {
  const dir = fromRoot('node_modules', '.cache', 'needless-assertions');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'example.ts');
  writeFileSync(file, `${code}\nexport {};\n`);
  const program = ts.createProgram({ rootNames: [file], options: EXAMPLE_COMPILER_OPTIONS });
  return needlessAssertions(program, [file]).map((line) => line.slice(line.indexOf(': ') + 2));
}

const prelude = `
import type { BatchGroup, BatchJob, BatchTask } from 'soracom-batch';
declare const group: BatchGroup;
declare const job: BatchJob;
declare const task: BatchTask;
declare const ids: string[];
`;

describe('needless assertions', () => {
  it('finds what the response types make needless', () => {
    expect(
      check(`${prelude}
const a = group.batchGroupId!;
const b = job.jobId ?? '';
const c = task.request?.path;
const d = job.status as string as string;
`),
    ).toEqual([
      'needless `!`: group.batchGroupId!',
      "needless `??`: job.jobId ?? ''",
      'needless `?.`: task.request?.path',
      'needless `as`: job.status as string as string',
    ]);
  });

  it('leaves alone what may really be missing', () => {
    expect(
      check(`${prelude}
const a = job.summary?.success ?? 0;
const b = task.response?.statusCode;
const c = ids[0]!;
const d = job.finishedTime ?? job.updatedTime;
const e = JSON.parse('1') as number;
const f = ['x'] as const;
`),
    ).toEqual([]);
  });
});
