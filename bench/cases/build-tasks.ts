/**
 * 3. Building and validating 100,000 tasks: `tasks.many` plus the createBatchJob guard over the 10
 * jobs of 10,000 a run would submit; and the same with `ids.map((id) => tasks.putSimTags(id, tags))`.
 * Timed in a child process (build-tasks-child.ts).
 */
import { BenchChild, type BenchMessage } from '../lib/child-process.js';
import { count, ms } from '../lib/format.js';
import { benchFile } from '../lib/paths.js';
import { type CaseReport, table, verdictOf } from '../lib/report.js';
import { max, median, min } from '../lib/stats.js';
import type { Timing } from './build-tasks-child.js';

const GOAL_MS = 100;

export type BuildOptions = { total: number; chunk: number; warmup: number; runs: number };
export const BUILD_OPTIONS: BuildOptions = { total: 100_000, chunk: 10_000, warmup: 3, runs: 9 };

export const buildTasksMethod = `In a fresh child process started with \`--expose-gc\`: ${BUILD_OPTIONS.warmup} warm-up runs, then
${BUILD_OPTIONS.runs} timed runs (\`performance.now()\`), median reported; a forced collection before each run, so no run pays
for an earlier run's garbage (collections a run causes itself count). The 100,000 SIM IDs are made beforehand
(they are the caller's input). One run: build the tasks, then validate them as \`createBatchJob\` would:
\`checkCreateBatchJobBody({ tasks })\` (the guard every \`createBatchJob\` call runs before sending) on each of the
10 slices of 10,000 (slicing included). Two ways of building: \`tasks.many('putSimTags', ids, tags)\` (validates
the shared tags once) and \`ids.map((id) => tasks.putSimTags(id, tags))\` (validates and normalises the tags for
every task). Goal: under 100 ms per run (wall clock), for either way. The process CPU time of each run is shown
beside it: unlike wall time it does not grow when other work on the machine takes the CPU away (it can exceed
wall time when V8's helper threads collect garbage in parallel).`;

type Result = BenchMessage & { many: Timing[]; mapped: Timing[] };

export async function runBuildTasks(options: BuildOptions = BUILD_OPTIONS): Promise<CaseReport> {
  const child = BenchChild.start({
    file: benchFile('cases', 'build-tasks-child.ts'),
    args: [options.total, options.chunk, options.warmup, options.runs].map(String),
    nodeFlags: ['--expose-gc'],
  });
  const { many, mapped } = await child.next<Result>('result');
  await child.done();
  const pick = (runs: Timing[], key: keyof Timing) => runs.map((r) => r[key]);
  const manyTotal = median(pick(many, 'total'));
  const mappedTotal = median(pick(mapped, 'total'));
  const label = `${count(options.total)} tasks`;
  return {
    title: 'Building and validating 100,000 tasks',
    method: buildTasksMethod,
    rows: [
      {
        benchmark: `Build + validate ${label}: \`tasks.many\` + guard (10 × 10,000)`,
        measured: `${ms(manyTotal)} (CPU ${ms(median(pick(many, 'cpu')))})`,
        goal: `< ${GOAL_MS} ms`,
        verdict: verdictOf(manyTotal < GOAL_MS),
      },
      {
        benchmark: `Build + validate ${label}: \`.map(tasks.putSimTags)\` + guard`,
        measured: `${ms(mappedTotal)} (CPU ${ms(median(pick(mapped, 'cpu')))})`,
        goal: `< ${GOAL_MS} ms`,
        verdict: verdictOf(mappedTotal < GOAL_MS),
      },
    ],
    details: table(
      [
        'median of runs',
        'build',
        'guard (10 chunks)',
        'total',
        'fastest / slowest run (total)',
        'process CPU time (total)',
      ],
      [
        [
          '`tasks.many`',
          ms(median(pick(many, 'build'))),
          ms(median(pick(many, 'guard'))),
          ms(manyTotal),
          `${ms(min(pick(many, 'total')))} / ${ms(max(pick(many, 'total')))}`,
          ms(median(pick(many, 'cpu'))),
        ],
        [
          '`.map(tasks.putSimTags)`',
          ms(median(pick(mapped, 'build'))),
          ms(median(pick(mapped, 'guard'))),
          ms(mappedTotal),
          `${ms(min(pick(mapped, 'total')))} / ${ms(max(pick(mapped, 'total')))}`,
          ms(median(pick(mapped, 'cpu'))),
        ],
      ],
    ),
  };
}
