/**
 * Smoke test of the benchmark helpers (bench/): they produce finite numbers and the walks they time
 * see every task once. Small sizes, in-process: the benchmarks themselves run with `npm run bench`,
 * never as tests (timings are not asserted).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSdkHeaders, createBenchClient } from '../../bench/lib/bench-client.js';
import { interleaved } from '../../bench/lib/interleave.js';
import { analyseRun } from '../../bench/lib/job-timeline.js';
import { changedFiles, machineInfo, type RunContext } from '../../bench/lib/machine.js';
import { openapiFetchListBatchGroups } from '../../bench/lib/openapi-fetch-baseline.js';
import { rawListBatchGroups, rawWalkTasks } from '../../bench/lib/raw-requests.js';
import { renderResults } from '../../bench/lib/results-file.js';
import { sdkWalkTasks } from '../../bench/lib/sdk-walk.js';
import { median, quantile } from '../../bench/lib/stats.js';
import { censusOf } from '../../bench/lib/web-object-census.js';
import { renderScale } from '../../bench/scale/scale-file.js';
import { BENCH_CREDENTIALS, createBenchHandler, GROUP_ID, JOB_ID } from '../../bench/servers/loopback-api.js';

// The smoke test runs without a build: every bench client loads the source (bench/lib/sdk-under-test.ts).
process.env.BENCH_SDK = 'src';

const TASKS = 1_000;
const IDS = { groupId: GROUP_ID, jobId: JOB_ID };
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(createBenchHandler(TASKS));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('bench helpers', () => {
  it('read a job timeline: detection, submission, gaps and efficiency, scaled and at real speed', () => {
    // Two jobs of 100 ms at ×1/100 (10 s each at real speed); the second is created 2 ms after the first's end is seen.
    const life = (jobId: string, createdAt: number, polls: number[]) => ({
      jobId,
      action: 'putSimTags',
      tasks: 10,
      createdAt,
      startedAt: createdAt + 1,
      finishedAt: createdAt + 101,
      polls,
    });
    const run = analyseRun([life('a', 0, [1, 50, 104]), life('b', 106, [107, 210])], 220, 1 / 100);
    expect(run.jobs.map((j) => [j.runMs, j.polls, j.detectMs, j.submitMs])).toEqual([
      [100, 3, 3, 2],
      [100, 2, 3, undefined],
    ]);
    expect(run.idealMs).toBe(200);
    expect(run.efficiency).toBeCloseTo(200 / 220);
    // At real speed: 20,000 ms of jobs; wall 220 - 206 scaled + 20,600.
    expect(run.realEfficiency).toBeCloseTo(20_000 / (220 - 206 + 20_600));
    expect(run.medianGapShare).toBeCloseTo(0.05);
    expect(run.medianRealGapShare).toBeCloseTo((300 + 2) / 10_000);
    expect(run.pollsPerJob).toBe(2.5);
  });

  it('compute medians and quantiles by interpolation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.9)).toBeCloseTo(9);
  });

  it('walk every task once, through the SDK paginator and the raw loop alike', async () => {
    const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
    expect(headers['x-soracom-api-key']).toBe(BENCH_CREDENTIALS.apiKey);
    const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
    const sdkIds: number[] = [];
    const rawIds: number[] = [];
    let sdkPages = 0;
    await sdkWalkTasks(
      batch,
      IDS,
      (t) => sdkIds.push(t.taskId ?? -1),
      () => sdkPages++,
    );
    await rawWalkTasks(baseUrl, IDS, headers, (t) => rawIds.push(t.taskId ?? -1));
    const expected = Array.from({ length: TASKS }, (_, i) => i + 1);
    expect(sdkIds).toEqual(expected);
    expect(rawIds).toEqual(expected);
    expect(sdkPages).toBe(TASKS / 100);
  });

  it('list a first page of groups with its next key, the same through the SDK, the floor and raw `fetch`', async () => {
    const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
    const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
    const sdk = await batch.listBatchGroups({ limit: 10 }).firstPage();
    const floor = await openapiFetchListBatchGroups(baseUrl, headers, { light: true, timeoutMs: 60_000 })(10);
    const raw = await rawListBatchGroups(baseUrl, 10, headers);
    expect(sdk.items).toHaveLength(10);
    expect(sdk.items[0]?.batchGroupId).toBe(GROUP_ID);
    expect(floor.items).toEqual(sdk.items);
    expect(raw.items).toEqual(sdk.items);
    expect([floor.nextKey, raw.nextKey]).toEqual([sdk.nextKey, sdk.nextKey]);
    expect(sdk.nextKey).toBeTruthy();
  });

  it('time two sides in interleaved rounds and report finite figures', async () => {
    const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
    const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
    const samples = await interleaved(
      () => batch.getBatchGroup({ batch_group_id: GROUP_ID }),
      () => fetch(`${baseUrl}/batch_groups/${GROUP_ID}`, { headers }).then((r) => r.json()),
      { warmup: 5, rounds: 2, perRound: 10 },
    );
    expect(samples.a).toHaveLength(20);
    expect(samples.b).toHaveLength(20);
    expect(samples.roundRatios.every((r) => Number.isFinite(r) && r > 0)).toBe(true);
    expect(samples.loopA.activeMs).toBeGreaterThan(0);
  });

  it('count the fetch-API objects a call constructs, and restore the globals', async () => {
    const OriginalRequest = globalThis.Request;
    const census = await censusOf(async () => {
      const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
      await batch.getBatchGroup({ batch_group_id: GROUP_ID });
    });
    // openapi-fetch merges the headers into a new Headers on every call.
    expect(census.Headers).toBeGreaterThan(0);
    expect(globalThis.Request).toBe(OriginalRequest);
  });

  it('head RESULTS.md and SCALE.md with the commit, the state of the tree and the machine, then the summary', () => {
    const machine = machineInfo();
    const commit = '0123456789abcdef0123456789abcdef01234567';
    const run: RunContext = { code: { commit, changed: [] }, command: 'npm run bench', machine };
    const rows = [{ benchmark: 'B', measured: '1.000×', goal: '≤ 1.100×', verdict: 'pass' as const }];
    const results = renderResults(run, [{ title: 'T', method: 'M', details: ['D'], rows }], {
      totalSeconds: 1,
      loadAtEnd: '0.50 / 0.40 / 0.30',
    });
    const dirty = { ...run, code: { commit, changed: ['src/index.ts'] }, command: 'npm run bench:scale' };
    const scale = renderScale(dirty, [{ title: 'S', method: 'M', details: [], rows }], {
      totalSeconds: 1,
      loadAtEnd: '0.50 / 0.40 / 0.30',
    });
    for (const text of [results, scale]) {
      // The header comes before anything measured.
      const header = text.slice(0, text.indexOf('## Summary'));
      expect(header).toContain(`| Commit | \`${commit}\` |`);
      expect(header).toContain(`| Node | ${process.version} (V8 ${process.versions.v8}) |`);
      expect(header).toContain(`| CPU model | ${machine.cpuModel} |`);
      expect(header).toContain(`| CPU cores | ${machine.cpuCount} |`);
      expect(header).toMatch(/\| Memory \| \d+\.\d GiB total, \d+\.\d GiB free at start \|/);
      expect(header).toContain(
        `| Load average (1 / 5 / 15 min) at start → end | ${machine.loadAverage} → 0.50 / 0.40 / 0.30 |`,
      );
    }
    expect(results).toContain('| Working tree | clean (no uncommitted change besides the results files) |');
    expect(results).toContain('| Command | `npm run bench` |');
    expect(results).toContain('| B | 1.000× | ≤ 1.100× | ✅ pass |');
    expect(scale).toContain('| Working tree | dirty: 1 file changed (`src/index.ts`) |');
    expect(scale).toContain('| Command | `npm run bench:scale` |');
    expect(scale).toContain('| B | 1.000× | ≤ 1.100× | ✅ met |');
  });

  it('read the changed files from `git status --porcelain`, leaving out the results files the bench writes', () => {
    const porcelain = [
      ' M src/index.ts',
      '?? bench/new.ts',
      'R  a.ts -> b.ts',
      ' M bench/RESULTS.md',
      ' M bench/SCALE.md',
      '',
    ];
    expect(changedFiles(porcelain.join('\n'))).toEqual(['src/index.ts', 'bench/new.ts', 'b.ts']);
    expect(changedFiles(' M bench/RESULTS.md\n')).toEqual([]);
  });
});
