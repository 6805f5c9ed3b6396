/**
 * 6. A 100,000-task run against the emulator: the emulator and the SDK each in their own child
 * process, so the figures of the SDK process are the SDK's alone.
 */
import { BenchChild, type BenchMessage } from '../lib/child-process.js';
import { count, mb, ms } from '../lib/format.js';
import { benchFile } from '../lib/paths.js';
import { type CaseReport, table } from '../lib/report.js';

type RunResult = BenchMessage & {
  wallMs: number;
  jobs: number;
  requests: number;
  ledgerReads: number;
  ledgerMs: number;
  progressCalls: number;
  insideFetchMs: number;
  insideFetchActiveMs: number;
  insideFetchIdleMs: number;
  insideFetchCpuMs: number;
  eluActiveMs: number;
  eluIdleMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  listBytes: number;
  peakHeap: number;
  peakRss: number;
  baselineHeap: number;
  baselineRss: number;
  profileByCategory: [string, number][];
  profileFunctions: [string, string, number][];
  steps: [string, number][];
  bodyBytes: number;
};

type Stats = BenchMessage & { cpu: { user: number; system: number }; rss: number };

export const emulatorRunMethod = `The emulator (\`startBatchEmulator({ sims: 100000, taskDurationMs: 0 })\`) runs in one child
process, the SDK in another (started with \`--expose-gc\`), so neither's CPU or memory is counted as the other's.
The SDK process creates a batch group, builds 100,000 putSimTags tasks with \`tasks.many\` (the caller's input,
built before the clock starts), then times \`runTasks(batch, { batch_group_id, tasks, wait: { minDelayMs: 10,
maxDelayMs: 100 }, onProgress })\`: 10 jobs of 10,000, each submitted, polled and finished in turn. The reads
of the batch group's jobs (the ledger: one before the first submission, one lookup before every create) are
counted and timed apart, as the exactly-once design's cost.

**Time the SDK spends outside waiting on the server.** The client's \`fetch\` is wrapped (bench/lib/fetch-timer.ts):
the clock runs from the moment the SDK's transport hands a request to \`fetch\` until the whole answer body has
arrived (read inside the wrapper). Node's event-loop accounting (\`performance.eventLoopUtilization\`) splits every
stretch of time into *active* (JavaScript running on the main thread) and *idle* (the loop blocked, waiting for
a socket or a timer). So the run's wall time divides into:
- inside \`fetch\`: waiting on the emulator (idle) plus undici's own JS while a request is in flight (active);
- outside \`fetch\`, idle: the SDK sleeping between polls (\`waitForJob\`'s backoff): also waiting on the server;
- **outside \`fetch\`, active: the SDK's own work** — checking the 100,000 tasks, the job guard, JSON encoding of
  the 10,000-task bodies, building requests, reading answers, progress and state bookkeeping, and the garbage
  collection all of that causes on the main thread.
Event-loop time is wall-clock: when other work on the machine takes the CPU away, a busy thread's waiting for a
CPU counts as active. So the same split is also made with the process's CPU time (\`process.cpuUsage()\`, user +
system, all threads including GC helpers), snapshotted when a request starts and ends: CPU outside \`fetch\` is
the SDK's own CPU time, which does not depend on the machine's load. The emulator's CPU time over the same run
(asked over IPC before and after) shows what the server side cost.

**Peak memory**: baseline after the task list is built and two forced collections; \`heapUsed\` and \`rss\` sampled
every 5 ms and at every progress callback; peak minus baseline is what the run itself adds on top of the
caller's task list (whose own size is reported too).

**Where the SDK's own time goes**: the same run once more (a new batch group) under V8's sampling CPU profiler,
CPU self time by category and the functions with the most self time. The profiler inflates times, so only
the split is meaningful.`;

function profileSplit(byCategory: [string, number][]): string[] {
  const busy = byCategory
    .filter(([c, v]) => c !== 'idle (waiting for the server)' && v > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = busy.reduce((sum, [, v]) => sum + v, 0);
  return table(
    ['category', 'CPU self time (profiled)', 'share'],
    busy.map(([c, v]) => [c, ms(v), `${((100 * v) / total).toFixed(1)}%`]),
  );
}

export async function runEmulatorRun(): Promise<CaseReport> {
  const emulator = BenchChild.start({ file: benchFile('servers', 'emulator-main.ts'), args: ['100000'] });
  try {
    const ready = await emulator.next<BenchMessage & { baseUrl: string; apiKey: string; token: string }>('ready');
    emulator.send({ type: 'stats' });
    const before = await emulator.next<Stats>('stats');
    const sdk = BenchChild.start({
      file: benchFile('cases', 'emulator-run-child.ts'),
      args: [ready.baseUrl, ready.apiKey, ready.token],
      nodeFlags: ['--expose-gc'],
    });
    const r = await sdk.next<RunResult>('result');
    await sdk.done();
    emulator.send({ type: 'stats' });
    const after = await emulator.next<Stats>('stats');
    // The emulator's CPU between the two asks: the run, plus the SDK child's start-up requests (small).
    const emulatorCpuMs = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
    const sdkOwnMs = r.eluActiveMs - r.insideFetchActiveMs;
    const sleepingMs = r.eluIdleMs - r.insideFetchIdleMs;
    const sdkOwnCpuMs = r.cpuUserMs + r.cpuSystemMs - r.insideFetchCpuMs;
    const share = (part: number) => `${((100 * part) / r.wallMs).toFixed(1)}%`;
    return {
      title: '100,000 tasks against the emulator (runTasks)',
      method: emulatorRunMethod,
      rows: [
        {
          benchmark: '`runTasks`, 100,000 tasks (10 jobs) against the emulator',
          measured:
            `wall ${ms(r.wallMs, 0)}; SDK's own time ${ms(sdkOwnMs, 0)} (${share(sdkOwnMs)} of wall, ${((sdkOwnMs * 1000) / 100_000).toFixed(2)} µs per task; ` +
            `CPU ${ms(sdkOwnCpuMs, 0)}); peak heap +${mb(r.peakHeap)}, rss +${mb(r.peakRss)}`,
          goal: 'report (no goal set)',
          verdict: 'info',
        },
      ],
      details: [
        ...table(
          ['where the wall time went (SDK process)', 'time', 'share of wall'],
          [
            ['wall time of `runTasks`', ms(r.wallMs), '100%'],
            ['inside `fetch`, waiting (event loop idle)', ms(r.insideFetchIdleMs), share(r.insideFetchIdleMs)],
            [
              "inside `fetch`, undici's JS (event loop active)",
              ms(r.insideFetchActiveMs),
              share(r.insideFetchActiveMs),
            ],
            ['outside `fetch`, idle (sleeping between polls)', ms(sleepingMs), share(sleepingMs)],
            ["**outside `fetch`, active: the SDK's own time**", `**${ms(sdkOwnMs)}**`, `**${share(sdkOwnMs)}**`],
          ],
        ),
        '',
        ...table(
          ['other figures', 'value'],
          [
            [
              'jobs / HTTP requests / progress callbacks',
              `${r.jobs} / ${count(r.requests)} / ${count(r.progressCalls)}`,
            ],
            [
              "reads of the batch group's jobs (the ledger: one before the run, one lookup before each create)",
              `${r.ledgerReads} (${(r.ledgerReads / (100_000 / 10_000)).toFixed(1)} per 10,000 tasks), ${ms(r.ledgerMs)} in all (${share(r.ledgerMs)} of wall)`,
            ],
            [
              'CPU time of the SDK process (user + system, all threads)',
              `${ms(r.cpuUserMs + r.cpuSystemMs)} (${ms(r.cpuUserMs)} + ${ms(r.cpuSystemMs)})`,
            ],
            ['… of which while a request was in flight (undici, socket I/O)', ms(r.insideFetchCpuMs)],
            ["… of which outside `fetch`: **the SDK's own CPU time**", `**${ms(sdkOwnCpuMs)}**`],
            ['CPU time of the emulator process over the run', ms(emulatorCpuMs)],
            ['task list (caller input) on the heap', mb(r.listBytes)],
            ['JSON sent in the 10 createBatchJob bodies', mb(r.bodyBytes)],
            ['baseline heapUsed / rss (with the task list)', `${mb(r.baselineHeap)} / ${mb(r.baselineRss)}`],
            ['peak heapUsed above baseline', mb(r.peakHeap)],
            ['peak rss above baseline', mb(r.peakRss)],
          ],
        ),
        '',
        'Per-task steps of the run timed alone (no profiler, same 100,000 tasks, as often as the run does them):',
        '',
        ...table(
          ['step', 'time'],
          [
            ...r.steps.map(([step, spent]) => [step, ms(spent)]),
            ['sum', ms(r.steps.reduce((sum, [, v]) => sum + v, 0))],
          ],
        ),
        '',
        "Profiled second run: CPU self time on the SDK process's main thread by category (idle left out).",
        '',
        ...profileSplit(r.profileByCategory),
        '',
        'JavaScript functions with the most self time in the profiled run (V8 inlines small helpers into their ' +
          "callers, whose self time then includes them; builtins such as `JSON.stringify` count as their caller's):",
        '',
        ...table(
          ['function', 'category', 'self time (profiled)'],
          r.profileFunctions.map(([name, category, spent]) => [`\`${name}\``, category, ms(spent)]),
        ),
      ],
    };
  } finally {
    await emulator.stop();
  }
}
