/**
 * Child process (`--expose-gc`): `runTasks(batch, ...)` with 100,000 putSimTags tasks against the emulator
 * (another process, argv: baseUrl apiKey token). Measures where the wall time goes in this process:
 * inside `fetch` (waiting on the emulator, see fetch-timer.ts), idle outside it (sleeping between
 * polls), and active outside it: the SDK's own time. Also CPU time and peak memory.
 */
import { performance } from 'node:perf_hooks';
import { tasks } from '../../src/index.js';
import { survey } from '../../src/runner/sources.js';
import { checkCreateBatchJobBody } from '../../src/tasks/job-body.js';
import { simIds } from '../../src/testing/inventory.js';
import { createBenchClient } from '../lib/bench-client.js';
import { now, timeAsync, timeSync } from '../lib/clock.js';
import { CATEGORIES, profile } from '../lib/cpu-profile.js';
import { createTimedFetch } from '../lib/fetch-timer.js';
import { collectGarbage, MemorySampler } from '../lib/memory-sampler.js';
import { runChild } from '../lib/parent-channel.js';
import { loadRunner } from '../lib/sdk-under-test.js';

const TASKS = 100_000;
const WAIT = { minDelayMs: 10, maxDelayMs: 100 };

const [baseUrl, apiKey, token] = process.argv.slice(2);

/**
 * The per-task steps of a run, timed alone (no profiler) on the same list: the run's fingerprint
 * (for resuming), the job guard and the JSON encoding of each 10,000-task body (openapi-fetch's body
 * serializer). Each is done as often as the run does it.
 */
async function timeSteps(
  list: readonly { request: unknown }[],
): Promise<{ steps: [string, number][]; bodyBytes: number }> {
  const chunks = Array.from({ length: Math.ceil(list.length / 10_000) }, (_, i) =>
    list.slice(i * 10_000, (i + 1) * 10_000),
  );
  let bodyBytes = 0;
  const steps: [string, number][] = [
    [
      '`survey(tasks)` (sources.ts: checked, counted and fingerprinted once per run)',
      await timeAsync(() => survey(list, 10_000, 'tasks')),
    ],
    [
      '`checkCreateBatchJobBody` × 10 (request guard of each createBatchJob)',
      timeSync(() => {
        for (const tasks of chunks) checkCreateBatchJobBody({ tasks });
      }),
    ],
    [
      '`JSON.stringify` of the 10 job bodies (openapi-fetch body serializer)',
      timeSync(() => {
        // The lengths are kept (and reported) so the encoding cannot be optimised away.
        for (const tasks of chunks) bodyBytes += JSON.stringify({ tasks, jobName: 'bench' }).length;
      }),
    ],
  ];
  return { steps, bodyBytes };
}

await runChild(async () => {
  if (!baseUrl || !apiKey || !token) throw new Error('usage: emulator-run-child <baseUrl> <apiKey> <token>');
  const timed = createTimedFetch();
  // The ledger's cost: every read of the group's jobs (a walk of listBatchJobs), counted and timed.
  const ledger = { reads: 0, ms: 0 };
  const counted: typeof fetch = async (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    const url = input instanceof Request ? input.url : String(input);
    const read = method === 'GET' && /\/batch_groups\/[^/]+\/jobs(\?|$)/.test(url);
    const start = now();
    try {
      return await timed.fetch(input, init);
    } finally {
      if (read) {
        ledger.reads++;
        ledger.ms += now() - start;
      }
    }
  };
  const batch = await createBenchClient(baseUrl, { apiKey, token }, counted);
  const { runTasks } = await loadRunner();
  const group = await batch.createBatchGroup({ body: { batchGroupName: 'bench: 100,000 putSimTags' } });
  const groupId = group.batchGroupId as string;

  // The caller's input, built before the run (its cost is the "build" benchmark) and kept out of
  // the run's memory figures.
  collectGarbage();
  const beforeList = process.memoryUsage().heapUsed;
  const list = tasks.many('putSimTags', simIds(TASKS), { fleet: 'north', firmware: '2.1' });
  collectGarbage();
  const listBytes = process.memoryUsage().heapUsed - beforeList;

  const sampler = new MemorySampler();
  sampler.startTimer(5);
  const fetchBefore = { ...timed.times };
  const ledgerBefore = { ...ledger };
  let progressCalls = 0;
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const result = await runTasks(batch, {
    batch_group_id: groupId,
    tasks: list,
    jobName: 'bench',
    wait: WAIT,
    onProgress: () => {
      progressCalls++;
      sampler.sample();
    },
  });
  const wallMs = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  sampler.stop();
  const fetchAfter = { ...timed.times };
  const ledgerReads = ledger.reads - ledgerBefore.reads;
  const ledgerMs = ledger.ms - ledgerBefore.ms;
  if (!result.ok || result.succeeded !== TASKS) {
    throw new Error(
      `runTasks: ${result.succeeded} of ${TASKS} succeeded, ${result.failed} failed, ${result.notRun} not run`,
    );
  }
  const peak = sampler.peakAboveBaseline();

  // Where the SDK's own time goes: the same run once more (a new group, so nothing is reused) under
  // the sampling profiler. Its figures are inflated by the profiler; only the split is used.
  const second = await batch.createBatchGroup({ body: { batchGroupName: 'bench: profiled run' } });
  const profiled = await profile(async () => {
    await runTasks(batch, {
      batch_group_id: second.batchGroupId as string,
      tasks: list,
      jobName: 'bench (profiled)',
      wait: WAIT,
    });
  });
  const inside = {
    ms: fetchAfter.insideMs - fetchBefore.insideMs,
    active: fetchAfter.insideActiveMs - fetchBefore.insideActiveMs,
    idle: fetchAfter.insideIdleMs - fetchBefore.insideIdleMs,
    cpu: fetchAfter.insideCpuMs - fetchBefore.insideCpuMs,
  };
  return {
    type: 'result',
    wallMs,
    jobs: result.jobs.length,
    requests: fetchAfter.requests - fetchBefore.requests,
    ledgerReads,
    ledgerMs,
    progressCalls,
    insideFetchMs: inside.ms,
    insideFetchActiveMs: inside.active,
    insideFetchIdleMs: inside.idle,
    insideFetchCpuMs: inside.cpu,
    eluActiveMs: elu.active,
    eluIdleMs: elu.idle,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    listBytes,
    peakHeap: peak.heapUsed,
    peakRss: peak.rss,
    baselineHeap: sampler.baseline.heapUsed,
    baselineRss: sampler.baseline.rss,
    profileByCategory: CATEGORIES.map((c) => [c, profiled.byCategory[c]]),
    profileFunctions: profiled.functions.slice(0, 12),
    ...(await timeSteps(list)),
  };
});
