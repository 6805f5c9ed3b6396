/**
 * 1. Per-call overhead: `batch.getBatchGroup(...)` vs its floor, openapi-fetch with the SDK's light
 * request object and a per-call timer (the two things the SDK is built on and does on every attempt),
 * and vs a raw `fetch` of the same request (same URL, same headers, captured from the SDK's own probe
 * request), against the loopback server.
 */

import { captureSdkHeaders, createBenchClient } from '../lib/bench-client.js';
import { profile } from '../lib/cpu-profile.js';
import { count, ratio, signedUs, us } from '../lib/format.js';
import { inMemoryPerCall } from '../lib/in-memory.js';
import { interleaved } from '../lib/interleave.js';
import { openapiFetchGetBatchGroup } from '../lib/openapi-fetch-baseline.js';
import { profileComparison, topSdkFunctions } from '../lib/profile-table.js';
import { rawGetBatchGroup, rawGetBatchGroupWithTimeLimit } from '../lib/raw-requests.js';
import { type CaseReport, table, verdictOf } from '../lib/report.js';
import { max, mean, median, min, quantile } from '../lib/stats.js';
import { censusOf } from '../lib/web-object-census.js';
import { BENCH_CREDENTIALS, GROUP_ID } from '../servers/loopback-api.js';

const GOAL = 1.1;
const OPTIONS = { warmup: 1_000, rounds: 30, perRound: 400 };
const PROFILED_CALLS = 3_000;
/** Each decomposition side against raw fetch: shorter than the main comparison, same interleaving. */
const PART_OPTIONS = { warmup: 500, rounds: 12, perRound: 300 };
const DEFAULT_TIMEOUT_MS = 60_000;
const CENSUS_CALLS = 100;

export const perCallMethod = `A loopback \`node:http\` server in its own process (so answering uses the other CPU and is not
counted as the client's time) answers \`GET /v1/batch_groups/{id}\` with a ~150-byte JSON document after checking
the credentials headers. Side A is \`batch.getBatchGroup({ batch_group_id })\` on a client with \`{ apiKey, token }\`
auth and \`logLevel: 'off'\`; side B is its **floor**: openapi-fetch by itself (bench/lib/openapi-fetch-baseline.ts)
building the SDK's light request object (\`PreparedRequest\`, through openapi-fetch's \`Request\` option) instead of a
\`Request\`, with a per-call time limit as a careful user writes it (an AbortController whose signal the call carries
and a ${DEFAULT_TIMEOUT_MS / 1000} s timer, cleared once the data is in), sending the exact headers the SDK sent in a probe request
(credentials and \`User-Agent\`). The SDK must send through openapi-fetch and arms a time limit on every attempt, so
the floor is what it cannot go below; the ratio is the SDK's own work (goal ≤ ${GOAL.toFixed(2)}×). Both sides reuse
keep-alive connections of Node's global \`fetch\` (undici). After ${count(OPTIONS.warmup)} warm-up calls of each, the
sides run in ${OPTIONS.rounds} interleaved rounds (A B, B A, ...) of ${OPTIONS.perRound} calls each; every call is timed
on its own with \`performance.now()\`. The ratio is median(A) / median(B) over all ${count(OPTIONS.rounds * OPTIONS.perRound)}
calls of each side; the per-round ratios show its spread, and the difference of medians is the SDK's absolute
cost per call. Around each block the bench also reads the event loop's accounting (active: JS running on the
client thread; idle: waiting for the server) and the process's CPU time (\`process.cpuUsage()\`, all threads),
which shows whether the difference is client work or waiting, and gives a ratio that does not depend on the
machine's load (wall-clock figures grow when other work takes the CPU away). The ratio includes the server's
time and the loopback round trip in both numerator and denominator, which is what a caller experiences against a very fast server (a real API answers in
milliseconds, where the same absolute overhead is a far smaller ratio).

Where the difference goes, two ways: (1) a census of the fetch-API objects each side constructs per call
(the globals \`Request\`, \`Response\`, \`Headers\`, \`AbortController\` swapped for counting subclasses during
${CENSUS_CALLS} calls with a client created inside the census); (2) ${count(PROFILED_CALLS)} calls of each side under V8's
sampling CPU profiler (100 µs interval), self time added up by category (bench/lib/cpu-profile.ts). The profiler
inflates absolute times; the per-category difference shows where the extra time is spent.

Against raw \`fetch\` (\`fetch(url, { headers })\` + status check + \`response.json()\`), each part of the design is
measured the same way (each side interleaved with raw \`fetch\`, ${PART_OPTIONS.rounds} rounds of ${PART_OPTIONS.perRound} calls): raw \`fetch\`
with a per-request time limit, openapi-fetch by itself (no middleware, no time limit), openapi-fetch with the light
request object, the floor (that and a time limit), the SDK with \`timeoutMs: Infinity\` (no attempt signal), and the
SDK as it comes. And the SDK's own work with nothing else in the way: both the SDK and the floor given a \`fetch\`
that answers from memory (bench/lib/in-memory.ts), process CPU time per call in alternating blocks, medians.`;

export async function runPerCall(baseUrl: string): Promise<CaseReport> {
  const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
  const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  const floor = openapiFetchGetBatchGroup(baseUrl, headers, { light: true, timeoutMs: DEFAULT_TIMEOUT_MS });
  const samples = await interleaved(
    () => batch.getBatchGroup({ batch_group_id: GROUP_ID }),
    () => floor(GROUP_ID),
    OPTIONS,
  );
  const sdk = median(samples.a);
  const base = median(samples.b);
  const r = sdk / base;

  const sdkCensus = await censusOf(async () => {
    const fresh = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
    for (let i = 0; i < CENSUS_CALLS; i++) await fresh.getBatchGroup({ batch_group_id: GROUP_ID });
  });
  const floorCensus = await censusOf(async () => {
    const fresh = openapiFetchGetBatchGroup(baseUrl, headers, { light: true, timeoutMs: DEFAULT_TIMEOUT_MS });
    for (let i = 0; i < CENSUS_CALLS; i++) await fresh(GROUP_ID);
  });
  // Profiled from the source, so the table names source files (sdk-under-test.ts).
  const fromSource = await createBenchClient(baseUrl, BENCH_CREDENTIALS, undefined, { build: 'src' });
  for (let i = 0; i < OPTIONS.warmup; i++) await fromSource.getBatchGroup({ batch_group_id: GROUP_ID });
  const sdkProfile = await profile(async () => {
    for (let i = 0; i < PROFILED_CALLS; i++) await fromSource.getBatchGroup({ batch_group_id: GROUP_ID });
  });
  const floorProfile = await profile(async () => {
    for (let i = 0; i < PROFILED_CALLS; i++) await floor(GROUP_ID);
  });
  const parts = await decomposition(baseUrl, headers);
  const memory = await inMemoryPerCall(BENCH_CREDENTIALS, DEFAULT_TIMEOUT_MS);
  const versusRaw = parts.find((part) => part.name === SDK_PART) as Part;
  const perCall = (n: number) => (n / CENSUS_CALLS).toFixed(1);
  return {
    title: 'Per-call overhead (getBatchGroup vs its floor)',
    method: perCallMethod,
    rows: [
      {
        benchmark: 'Per-call: `getBatchGroup` vs its floor (openapi-fetch, light request object, per-call timer)',
        measured: `${ratio(r)} (SDK ${us(sdk)} vs floor ${us(base)} median, ${signedUs(sdk - base)} per call; CPU time ratio ${ratio(samples.loopA.cpuMs / samples.loopB.cpuMs)})`,
        goal: `≤ ${ratio(GOAL)}`,
        verdict: verdictOf(r <= GOAL),
      },
      {
        benchmark: "The SDK's own work per call: CPU with a `fetch` answering from memory, SDK vs floor",
        measured: `${memory.sdkUs >= memory.floorUs ? '+' : '−'}${Math.abs(memory.sdkUs - memory.floorUs).toFixed(1)} µs per call (SDK ${memory.sdkUs.toFixed(1)} µs, floor ${memory.floorUs.toFixed(1)} µs of CPU)`,
        goal: 'report (no goal set)',
        verdict: 'info',
      },
      {
        benchmark: 'Per-call, each against raw `fetch`: the SDK and the parts of its design',
        measured: parts.map((part) => `${part.name} ${ratio(part.ratio)}`).join('; '),
        goal: 'report (no goal set)',
        verdict: 'info',
      },
    ],
    details: [
      ...table(
        ['', 'SDK `getBatchGroup`', 'floor', 'ratio'],
        [
          ['median', us(sdk), us(base), ratio(r)],
          ['mean', us(mean(samples.a)), us(mean(samples.b)), ratio(mean(samples.a) / mean(samples.b))],
          [
            'p10',
            us(quantile(samples.a, 0.1)),
            us(quantile(samples.b, 0.1)),
            ratio(quantile(samples.a, 0.1) / quantile(samples.b, 0.1)),
          ],
          [
            'p90',
            us(quantile(samples.a, 0.9)),
            us(quantile(samples.b, 0.9)),
            ratio(quantile(samples.a, 0.9) / quantile(samples.b, 0.9)),
          ],
          ['calls measured', count(samples.a.length), count(samples.b.length), ''],
          [
            'event loop active per call (JS on the client thread)',
            us(samples.loopA.activeMs / samples.a.length),
            us(samples.loopB.activeMs / samples.b.length),
            ratio(samples.loopA.activeMs / samples.loopB.activeMs),
          ],
          [
            'process CPU time per call (user + system, all threads)',
            us(samples.loopA.cpuMs / samples.a.length),
            us(samples.loopB.cpuMs / samples.b.length),
            ratio(samples.loopA.cpuMs / samples.loopB.cpuMs),
          ],
          [
            'event loop idle per call (waiting for the server)',
            us(samples.loopA.idleMs / samples.a.length),
            us(samples.loopB.idleMs / samples.b.length),
            '',
          ],
        ],
      ),
      '',
      `Per-round ratio of medians: min ${ratio(min(samples.roundRatios))}, median ${ratio(median(samples.roundRatios))}, max ${ratio(max(samples.roundRatios))} over ${samples.roundRatios.length} rounds.`,
      '',
      `Headers both sides sent: ${Object.keys(headers)
        .map((h) => `\`${h}\``)
        .join(', ')}.`,
      '',
      "**Where the difference goes.** Fetch-API objects constructed per call (through the globals; undici's `fetch` " +
        'also makes one internal Request per call on both sides, not counted here, and the AbortController its ' +
        'Request makes is counted):',
      '',
      ...table(
        ['object', 'SDK per call', 'floor per call'],
        (['Request', 'Response', 'Headers', 'AbortController'] as const).map((k) => [
          `\`${k}\``,
          perCall(sdkCensus[k]),
          perCall(floorCensus[k]),
        ]),
      ),
      '',
      'What parts of the design cost by themselves (each interleaved with raw `fetch` on its own):',
      '',
      ...table(
        ['side', 'median', 'raw `fetch` median', 'ratio', '+ per call', 'CPU time ratio'],
        parts.map((part) => [
          part.name,
          us(part.median),
          us(part.rawMedian),
          ratio(part.ratio),
          us(part.median - part.rawMedian),
          ratio(part.cpuRatio),
        ]),
      ),
      '',
      `The SDK against raw \`fetch\` in the same run: ${ratio(versusRaw.ratio)} (${signedUs(versusRaw.median - versusRaw.rawMedian)} per call).`,
      '',
      `CPU profile, ${count(PROFILED_CALLS)} calls of each side (SDK vs floor):`,
      '',
      ...profileComparison(sdkProfile, floorProfile, PROFILED_CALLS, 'call', (v) => us(v)),
      '',
      ...topSdkFunctions(sdkProfile, PROFILED_CALLS, 'call', (v) => us(v, 2)),
    ],
  };
}

type Part = { name: string; median: number; rawMedian: number; ratio: number; cpuRatio: number };
const SDK_PART = 'SDK `getBatchGroup`';

/** Each part of the design against raw fetch, in its own interleaved comparison. */
async function decomposition(baseUrl: string, headers: Record<string, string>): Promise<Part[]> {
  const raw = () => rawGetBatchGroup(baseUrl, GROUP_ID, headers);
  const openapiFetch = openapiFetchGetBatchGroup(baseUrl, headers);
  const openapiFetchLight = openapiFetchGetBatchGroup(baseUrl, headers, { light: true });
  const floor = openapiFetchGetBatchGroup(baseUrl, headers, { light: true, timeoutMs: DEFAULT_TIMEOUT_MS });
  const untimed = await createBenchClient(baseUrl, BENCH_CREDENTIALS, undefined, {
    timeoutMs: Number.POSITIVE_INFINITY,
  });
  const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  const sides: [string, () => Promise<unknown>][] = [
    ['raw `fetch` + time limit', () => rawGetBatchGroupWithTimeLimit(baseUrl, GROUP_ID, headers, DEFAULT_TIMEOUT_MS)],
    ['openapi-fetch alone', () => openapiFetch(GROUP_ID)],
    ['openapi-fetch alone, light request object', () => openapiFetchLight(GROUP_ID)],
    ['the floor (light request object + time limit)', () => floor(GROUP_ID)],
    ['SDK, `timeoutMs: Infinity`', () => untimed.getBatchGroup({ batch_group_id: GROUP_ID })],
    [SDK_PART, () => batch.getBatchGroup({ batch_group_id: GROUP_ID })],
  ];
  const parts: Part[] = [];
  for (const [name, side] of sides) {
    const samples = await interleaved(side, raw, PART_OPTIONS);
    const m = median(samples.a);
    const rawMedian = median(samples.b);
    parts.push({
      name,
      median: m,
      rawMedian,
      ratio: m / rawMedian,
      cpuRatio: samples.loopA.cpuMs / samples.loopB.cpuMs,
    });
  }
  return parts;
}
