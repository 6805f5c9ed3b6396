/**
 * 2a. Walking 100,000 tasks (1,000 pages of 100) through the paginator vs its floor (openapi-fetch with a
 * per-attempt timer, page by page) and vs a hand-written raw-fetch loop, whole walks interleaved.
 */
import { captureSdkHeaders, createBenchClient } from '../lib/bench-client.js';
import { profile } from '../lib/cpu-profile.js';
import { count, ms, ratio, us } from '../lib/format.js';
import { interleaved } from '../lib/interleave.js';
import { openapiFetchWalkTasks } from '../lib/openapi-fetch-baseline.js';
import { profileComparison, topSdkFunctions } from '../lib/profile-table.js';
import { type RawTask, rawWalkTasks } from '../lib/raw-requests.js';
import { type CaseReport, table, verdictOf } from '../lib/report.js';
import { sdkWalkTasks } from '../lib/sdk-walk.js';
import { mean, median, min } from '../lib/stats.js';
import { BENCH_CREDENTIALS, GROUP_ID, JOB_ID, TOTAL_TASKS } from '../servers/loopback-api.js';

const GOAL = 1.1;
const OPTIONS = { warmup: 1, rounds: 12, perRound: 1 };
/** The SDK, and openapi-fetch alone, against the raw loop. */
const FLOOR_OPTIONS = { warmup: 1, rounds: 6, perRound: 1 };
const TIMEOUT_MS = 60_000;
/** Prefetch on vs off when the caller does work per page (busy CPU on the client thread). */
const PREFETCH_OPTIONS = { warmup: 1, rounds: 4, perRound: 1 };
const WORK_PER_PAGE_MS = 0.3;

/** The caller's own work on a page: the client thread kept busy, as writing the page somewhere would. */
function callerWorkOnPage(): void {
  const until = performance.now() + WORK_PER_PAGE_MS;
  while (performance.now() < until) {
    // busy
  }
}
const IDS = { groupId: GROUP_ID, jobId: JOB_ID };

export const paginationSpeedMethod = `The same loopback server process generates task pages on the fly (\`limit=100\`, the
\`x-soracom-next-key\` header carries the last task ID; no task list is held), about 33 kB of JSON per page.
Side A is \`for await (const task of batch.listTasksOfBatchJob({ batch_group_id, job_id, limit: 100 }))\`; side B
is its floor: the same walk written with openapi-fetch alone (\`client.GET\` page by page with the SDK's headers, a
\`Request\` per page as openapi-fetch builds it), each page under a time limit as a careful user writes it (an
AbortController whose signal the call carries, a ${TIMEOUT_MS / 1000} s timer cleared once the page is in), as the SDK limits every
attempt. Both consume every task the same way (count and sum the task IDs, checked against the expected totals
afterwards, so a skipped or repeated page would fail the bench). After ${OPTIONS.warmup} warm-up walk of each, ${OPTIONS.rounds} whole
walks of each run interleaved (A B, B A, ...); the ratio is median(A) / median(B) of the walk times (goal ≤ ${GOAL.toFixed(2)}×).
Beside it, ${FLOOR_OPTIONS.rounds} interleaved walks each of the SDK and of openapi-fetch alone (no timer) against a
hand-written loop: \`fetch\` with the SDK's headers, status check, \`response.json()\`, iterate, read the header,
repeat until it is absent. The event loop's accounting splits each side's time into active (JS on
the client thread) and idle (waiting for the server); the process's CPU time per side gives a load-independent
ratio, as in the per-call benchmark. Where the difference goes: one more walk of the SDK and of its floor
under V8's sampling CPU profiler, self time by category, per page (as in the per-call benchmark). And what prefetch
(on by default) is for: the SDK walk with ${WORK_PER_PAGE_MS} ms of the caller's own work per page (a busy loop on the client thread, as
writing the page somewhere would be), prefetch on against \`prefetch: false\`, and against the raw loop doing the same
work after each page, ${PREFETCH_OPTIONS.rounds} interleaved walks each.`;

function consumer() {
  const state = { items: 0, idSum: 0 };
  return {
    state,
    onItem: (task: RawTask) => {
      state.items++;
      state.idSum += task.taskId ?? 0;
    },
  };
}

const EXPECTED_SUM = (TOTAL_TASKS * (TOTAL_TASKS + 1)) / 2;

function checked(walk: (onItem: (t: RawTask) => void) => Promise<void>, side: string): () => Promise<void> {
  return async () => {
    const c = consumer();
    await walk(c.onItem);
    if (c.state.items !== TOTAL_TASKS || c.state.idSum !== EXPECTED_SUM) {
      throw new Error(
        `${side} walk saw ${c.state.items} tasks (ID sum ${c.state.idSum}); expected ${TOTAL_TASKS} (${EXPECTED_SUM})`,
      );
    }
  };
}

export async function runPaginationSpeed(baseUrl: string): Promise<CaseReport> {
  const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
  const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  const floorWalk = openapiFetchWalkTasks(baseUrl, headers, { timeoutMs: TIMEOUT_MS });
  const samples = await interleaved(
    checked((onItem) => sdkWalkTasks(batch, IDS, onItem), 'SDK'),
    checked((onItem) => floorWalk(IDS, onItem), 'floor'),
    OPTIONS,
  );
  const sdk = median(samples.a);
  const base = median(samples.b);
  const r = sdk / base;
  const pages = TOTAL_TASKS / 100;
  const walks = samples.a.length;
  const openapiFetchWalk = openapiFetchWalkTasks(baseUrl, headers);
  const floor = await interleaved(
    checked((onItem) => openapiFetchWalk(IDS, onItem), 'openapi-fetch'),
    checked((onItem) => rawWalkTasks(baseUrl, IDS, headers, onItem), 'raw'),
    FLOOR_OPTIONS,
  );
  const floorRatio = median(floor.a) / median(floor.b);
  const versusRaw = await interleaved(
    checked((onItem) => sdkWalkTasks(batch, IDS, onItem), 'SDK'),
    checked((onItem) => rawWalkTasks(baseUrl, IDS, headers, onItem), 'raw'),
    FLOOR_OPTIONS,
  );
  const unprefetched = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  const busyWalk = (client: typeof batch, prefetch: boolean) =>
    checked(async (onItem) => {
      const call = client.listTasksOfBatchJob({ batch_group_id: GROUP_ID, job_id: JOB_ID, limit: 100 }, { prefetch });
      for await (const page of call.pages()) {
        for (const task of page.items) onItem(task);
        callerWorkOnPage();
      }
    }, `SDK (prefetch ${prefetch})`);
  const withWork = await interleaved(busyWalk(batch, true), busyWalk(unprefetched, false), PREFETCH_OPTIONS);
  const rawBusyWalk = checked(
    (onItem) => rawWalkTasks(baseUrl, IDS, headers, onItem, { onPage: callerWorkOnPage }),
    'raw (with work)',
  );
  const workVsRaw = await interleaved(busyWalk(batch, true), rawBusyWalk, PREFETCH_OPTIONS);
  // Profiled from the source, so the table names source files (sdk-under-test.ts); warmed up first.
  const fromSource = await createBenchClient(baseUrl, BENCH_CREDENTIALS, undefined, { build: 'src' });
  await checked((onItem) => sdkWalkTasks(fromSource, IDS, onItem), 'SDK (source)')();
  const sdkProfile = await profile(() => checked((onItem) => sdkWalkTasks(fromSource, IDS, onItem), 'SDK')());
  const floorProfile = await profile(() => checked((onItem) => floorWalk(IDS, onItem), 'floor')());
  return {
    title: 'Pagination: walking 100,000 tasks (speed)',
    method: paginationSpeedMethod,
    rows: [
      {
        benchmark:
          'Walk 100,000 tasks (1,000 pages, `for await`): paginator vs its floor (openapi-fetch, per-page timer)',
        measured: `${ratio(r)} (SDK ${ms(sdk, 0)} vs floor ${ms(base, 0)} median per walk; CPU time ratio ${ratio(samples.loopA.cpuMs / samples.loopB.cpuMs)})`,
        goal: `≤ ${ratio(GOAL)}`,
        verdict: verdictOf(r <= GOAL),
      },
      {
        benchmark: 'Walk 100,000 tasks: paginator vs a hand-written raw `fetch` loop',
        measured: `${ratio(median(versusRaw.a) / median(versusRaw.b))} (SDK ${ms(median(versusRaw.a), 0)} vs raw ${ms(median(versusRaw.b), 0)} median per walk)`,
        goal: 'report (no goal set)',
        verdict: 'info',
      },
      {
        benchmark: `Walk with ${WORK_PER_PAGE_MS} ms of the caller's work per page: prefetch on vs off`,
        measured:
          `${ratio(median(withWork.a) / median(withWork.b))} (prefetch ${ms(median(withWork.a), 0)} vs \`prefetch: false\` ${ms(median(withWork.b), 0)} median per walk); ` +
          `against the raw loop doing the same work: ${ratio(median(workVsRaw.a) / median(workVsRaw.b))} (SDK ${ms(median(workVsRaw.a), 0)} vs raw ${ms(median(workVsRaw.b), 0)})`,
        goal: 'report (no goal set)',
        verdict: 'info',
      },
      {
        benchmark: 'Walk floor of the design: openapi-fetch alone vs raw loop',
        measured: `${ratio(floorRatio)} (openapi-fetch ${ms(median(floor.a), 0)} vs raw ${ms(median(floor.b), 0)} median per walk; CPU time ratio ${ratio(floor.loopA.cpuMs / floor.loopB.cpuMs)})`,
        goal: 'report (no goal set)',
        verdict: 'info',
      },
    ],
    details: table(
      ['', 'SDK paginator', 'floor', 'ratio'],
      [
        ['median walk', ms(sdk, 0), ms(base, 0), ratio(r)],
        ['mean walk', ms(mean(samples.a), 0), ms(mean(samples.b), 0), ratio(mean(samples.a) / mean(samples.b))],
        ['fastest walk', ms(min(samples.a), 0), ms(min(samples.b), 0), ratio(min(samples.a) / min(samples.b))],
        ['per page (median walk / 1,000)', ms(sdk / pages, 3), ms(base / pages, 3), ''],
        [
          'event loop active per page (JS on the client thread)',
          ms(samples.loopA.activeMs / walks / pages, 3),
          ms(samples.loopB.activeMs / walks / pages, 3),
          ratio(samples.loopA.activeMs / samples.loopB.activeMs),
        ],
        [
          'process CPU time per page (user + system, all threads)',
          ms(samples.loopA.cpuMs / walks / pages, 3),
          ms(samples.loopB.cpuMs / walks / pages, 3),
          ratio(samples.loopA.cpuMs / samples.loopB.cpuMs),
        ],
        [
          'event loop idle per page (waiting for the server)',
          ms(samples.loopA.idleMs / walks / pages, 3),
          ms(samples.loopB.idleMs / walks / pages, 3),
          '',
        ],
        ['walks measured', count(samples.a.length), count(samples.b.length), ''],
      ],
    ).concat([
      '',
      `Per-round ratios: ${samples.roundRatios.map(ratio).join(', ')}.`,
      '',
      'CPU profile, one walk of each side (SDK vs floor, per page):',
      '',
      ...profileComparison(sdkProfile, floorProfile, pages, 'page', (v) => us(v)),
      '',
      ...topSdkFunctions(sdkProfile, pages, 'page', (v) => us(v, 2)),
    ]),
  };
}
