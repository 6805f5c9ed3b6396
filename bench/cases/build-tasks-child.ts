/**
 * Child process (`--expose-gc`): times building and validating the tasks (see build-tasks.ts) in a
 * fresh heap, with a forced collection before each run so that no run pays for an earlier run's
 * garbage (the collections a run causes itself still count). argv: total chunk warmup runs.
 */

import { tasks } from '../../src/index.js';
import { checkCreateBatchJobBody } from '../../src/tasks/job-body.js';
import { simIds } from '../../src/testing/inventory.js';
import { timeSync } from '../lib/clock.js';
import { collectGarbage } from '../lib/memory-sampler.js';
import { runChild } from '../lib/parent-channel.js';

/** Wall-clock ms of each part, and the process CPU ms of the whole run (not inflated when the machine is busy). */
export type Timing = { build: number; guard: number; total: number; cpu: number };

const TAGS = { fleet: 'north', firmware: '2.1' };
const [total, chunk, warmup, runs] = process.argv.slice(2).map(Number) as [number, number, number, number];

function guardInChunks(list: readonly unknown[]): void {
  for (let start = 0; start < list.length; start += chunk)
    checkCreateBatchJobBody({ tasks: list.slice(start, start + chunk) });
}

function measureRuns(build: () => readonly unknown[]): Timing[] {
  const timings: Timing[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    collectGarbage();
    let list: readonly unknown[] = [];
    const cpu = process.cpuUsage();
    const buildMs = timeSync(() => {
      list = build();
    });
    if (list.length !== total) throw new Error(`built ${list.length} tasks, expected ${total}`);
    const guardMs = timeSync(() => guardInChunks(list));
    const cpuSpent = process.cpuUsage(cpu);
    if (i >= warmup)
      timings.push({
        build: buildMs,
        guard: guardMs,
        total: buildMs + guardMs,
        cpu: (cpuSpent.user + cpuSpent.system) / 1000,
      });
  }
  return timings;
}

await runChild(async () => {
  const ids = simIds(total);
  const many = measureRuns(() => tasks.many('putSimTags', ids, TAGS));
  const mapped = measureRuns(() => ids.map((id) => tasks.putSimTags(id, TAGS)));
  return { type: 'result', many, mapped };
});
