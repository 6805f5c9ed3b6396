/**
 * This version against an earlier one (`--baseline REF`, built from git by bench/lib/baseline-build.ts),
 * side by side in one run: per call (`getBatchGroup`) and the walk of 100,000 tasks, each version and
 * the floor of the design (openapi-fetch with a per-attempt timer) interleaved in rotating order.
 */
import { buildBaseline } from '../lib/baseline-build.js';
import { captureSdkHeaders, createBenchClient } from '../lib/bench-client.js';
import { ms, ratio, us } from '../lib/format.js';
import { interleavedSides } from '../lib/interleave.js';
import { openapiFetchGetBatchGroup, openapiFetchWalkTasks } from '../lib/openapi-fetch-baseline.js';
import type { RawTask } from '../lib/raw-requests.js';
import { type CaseReport, table } from '../lib/report.js';
import { sdkWalkTasks } from '../lib/sdk-walk.js';
import { median } from '../lib/stats.js';
import { BENCH_CREDENTIALS, GROUP_ID, JOB_ID, TOTAL_TASKS } from '../servers/loopback-api.js';

const PER_CALL = { warmup: 1_000, rounds: 30, perRound: 300 };
const WALK = { warmup: 1, rounds: 9, perRound: 1 };
const TIMEOUT_MS = 60_000;
const IDS = { groupId: GROUP_ID, jobId: JOB_ID };

export const versusBaselineMethod = `Both versions are built (\`dist/index.js\`, what users run) and loaded into one process; a
client of each (fixed key and token, logging off) and the floors of the goals run against the same loopback
server: per call, openapi-fetch with the SDK's light request object and a per-call time limit (an AbortController and
a ${TIMEOUT_MS / 1000} s timer cleared when the answer is in); for the walk, openapi-fetch page by page with such a limit per page
(bench/lib/openapi-fetch-baseline.ts). Per call:
${PER_CALL.rounds} rounds of ${PER_CALL.perRound} \`getBatchGroup\` calls of each side after ${PER_CALL.warmup} warm-up calls, in rotated
order (A B C, B C A, C A B); medians. Walk: ${WALK.rounds} whole walks of 100,000 tasks of each side, rotated the same
way; medians. Each version's ratio is its median over the floor's median, measured in the same rounds.`;

export async function runVersusBaseline(baseUrl: string, ref: string): Promise<CaseReport> {
  const baseline = await buildBaseline(ref);
  try {
    const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
    const current = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
    const before = baseline.sdk.createBatchClient({ baseUrl, auth: { ...BENCH_CREDENTIALS }, logLevel: 'off' });
    // The floors of the per-call and walk goals (bench/lib/openapi-fetch-baseline.ts).
    const floor = openapiFetchGetBatchGroup(baseUrl, headers, { light: true, timeoutMs: TIMEOUT_MS });
    const floorCall = () => floor(GROUP_ID);
    const [now, then, base] = await interleavedSides(
      [
        () => current.getBatchGroup({ batch_group_id: GROUP_ID }),
        () => before.getBatchGroup({ batch_group_id: GROUP_ID }),
        floorCall,
      ],
      PER_CALL,
    );

    const walkOf = (walk: (onItem: (t: RawTask) => void) => Promise<void>, side: string) => async () => {
      let items = 0;
      await walk(() => {
        items++;
      });
      if (items !== TOTAL_TASKS) throw new Error(`${side} walk saw ${items} tasks, expected ${TOTAL_TASKS}`);
    };
    const floorWalk = (onItem: (t: RawTask) => void) =>
      openapiFetchWalkTasks(baseUrl, headers, { timeoutMs: TIMEOUT_MS })(IDS, onItem);
    const [walkNow, walkThen, walkBase] = await interleavedSides(
      [
        walkOf((onItem) => sdkWalkTasks(current, IDS, onItem), 'this version'),
        walkOf((onItem) => sdkWalkTasks(before as typeof current, IDS, onItem), baseline.ref),
        walkOf(floorWalk, 'floor'),
      ],
      WALK,
    );
    const m = (samples: number[] | undefined) => median(samples ?? []);
    const perCallNow = m(now) / m(base);
    const perCallThen = m(then) / m(base);
    const walkRatioNow = m(walkNow) / m(walkBase);
    const walkRatioThen = m(walkThen) / m(walkBase);
    const label = `${baseline.ref} (${baseline.commit})`;
    return {
      title: `This version against ${label}`,
      method: versusBaselineMethod,
      rows: [
        {
          benchmark: `Per call over the floor: this version vs ${label}`,
          measured: `${ratio(perCallNow)} vs ${ratio(perCallThen)} (medians ${us(m(now))}, ${us(m(then))}, floor ${us(m(base))})`,
          goal: 'no worse than before',
          verdict: perCallNow <= perCallThen * 1.02 ? 'pass' : 'fail',
        },
        {
          benchmark: `Walk of 100,000 tasks over the floor: this version vs ${label}`,
          measured: `${ratio(walkRatioNow)} vs ${ratio(walkRatioThen)} (medians ${ms(m(walkNow), 0)}, ${ms(m(walkThen), 0)}, floor ${ms(m(walkBase), 0)})`,
          goal: 'no worse than before',
          verdict: walkRatioNow <= walkRatioThen * 1.02 ? 'pass' : 'fail',
        },
      ],
      details: table(
        ['side', 'per call (median)', 'walk (median)'],
        [
          ['this version', us(m(now)), ms(m(walkNow), 0)],
          [label, us(m(then)), ms(m(walkThen), 0)],
          ['floors: openapi-fetch + per-attempt timer', us(m(base)), ms(m(walkBase), 0)],
        ],
      ),
    };
  } finally {
    baseline.dispose();
  }
}
