/**
 * Goal 1: `run put-tags` over a million-row CSV in flat memory. For each size, a fresh emulator child
 * with that many SIMs and instant tasks, the built CLI as another child, its peak memory measured from
 * outside and inside (memory-probe.ts), and the emulator's audit of what it did.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, mb, ms, ratio } from '../lib/format.js';
import { type SummaryRow, table, verdictOf } from '../lib/report.js';
import { type Audit, auditPassed } from './audit.js';
import { type CliRun, runCli } from './cli-run.js';
import { EmulatorProcess, type EmulatorStats } from './emulator-process.js';
import { writeFleetCsv } from './fleet.js';
import type { MemorySplit, ProbeResult } from './memory-probe.js';
import { memoryByPhase, PHASE_LABEL, PHASES, type Phase, type PhaseMemory, phaseAt, phaseDurations } from './phases.js';
import type { Section } from './scale-file.js';

export const RSS_LIMIT_BYTES = 250 * 1_048_576;
export const RSS_RATIO_LIMIT = 1.3;

/** The command under test, as a user would type it (the input and files are in the run's own folder). */
export const PUT_TAGS_ARGS = [
  'run',
  'put-tags',
  '--input',
  'rows.csv',
  '--batch-group-name',
  'bench',
  '--state-file',
  's.json',
  '--failed-output',
  'f.csv',
  '-q',
  '--poll-interval-ms',
  '10',
  '--max-poll-interval-ms',
  '100',
] as const;

export type SizeResult = {
  rows: number;
  csvBytes: number;
  emulatorSeedMs: number;
  emulator: EmulatorStats;
  run: CliRun;
  audit: Audit | undefined;
  passed: boolean;
};

/**
 * The environment of the diagnostic runs: glibc's mmap threshold pinned at its initial 128 KiB, which
 * also turns off its dynamic adjustment (mallopt(3)), so every freed block of 128 KiB or more goes back
 * to the kernel at once. Comparing the peaks with and without it separates memory the CLI holds from
 * memory the C allocator kept after it was freed.
 */
export const PINNED_MALLOC: Record<string, string> = { MALLOC_MMAP_THRESHOLD_: '131072' };

export async function measureSize(
  rows: number,
  log: (line: string) => void,
  env: Record<string, string> = {},
): Promise<SizeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-scale-'));
  let emulator: EmulatorProcess | undefined;
  try {
    const csvBytes = await writeFleetCsv(join(dir, 'rows.csv'), rows, ['putSimTags']);
    emulator = await EmulatorProcess.start(rows, 0);
    log(`emulator with ${count(rows)} SIMs ready (${ms(emulator.ready.seedMs, 0)}); running the CLI`);
    const run = await runCli(
      PUT_TAGS_ARGS,
      dir,
      { origin: emulator.origin, authKeyId: emulator.ready.authKeyId, authKey: emulator.ready.authKey },
      env,
    );
    const audit = run.report ? await emulator.audit(run.report.batchGroupId, ['putSimTags']) : undefined;
    const stats = await emulator.stats();
    const passed = run.exitCode === 0 && audit !== undefined && auditPassed(audit, rows, ['putSimTags']);
    return { rows, csvBytes, emulatorSeedMs: emulator.ready.seedMs, emulator: stats, run, audit, passed };
  } finally {
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Whether the memory goals call for a profile: one missed, or either figure within a tenth of its limit,
 * where the run-to-run variation of V8's heap (some MB) is enough to decide the verdict.
 */
export function memoryNeedsProfile(results: readonly SizeResult[]): boolean {
  const largest = results.at(-1);
  const smallest = results[0];
  if (!largest || !smallest) return false;
  return peakOf(largest) >= 0.9 * RSS_LIMIT_BYTES || peakOf(largest) / peakOf(smallest) >= 0.9 * RSS_RATIO_LIMIT;
}

/** The peak the goal is judged on: the kernel's high-water mark read at exit, else the sampled peak. */
export const peakOf = (r: SizeResult): number => r.run.probe?.vmHWM ?? Math.max(r.run.sampledHwm, r.run.sampledPeakRss);

/**
 * Bytes of the CLI's duplicate index (`TargetIndex` in src/cli/input-check.ts) after `targets` distinct
 * targets, and at its last growth, when the old and the new table are both alive: 16 bytes a slot, a
 * power-of-two slot count from 1,024, doubled when the next key would fill it past three quarters. It is
 * the one structure of a run that grows with the input, by design: it is how a SIM listed twice is
 * found in a file that is never held whole.
 */
export function targetIndexBytes(targets: number): { final: number; atLastGrowth: number } {
  let capacity = 1024;
  while (targets * 4 > capacity * 3) capacity *= 2;
  const final = capacity * 16;
  return { final, atLastGrowth: capacity > 1024 ? final + final / 2 : final };
}

export const millionRowsMethod = `For each size, the bench writes a CSV with the header \`sim_id,tag:area\` and one row per SIM
(\`simIdAt(i)\`, \`area-<i mod 50>\`), starts the emulator in a child process (\`startBatchEmulator({ sims: N,
taskDurationMs: 0 })\`, bench/scale/emulator-main.ts), and runs the built CLI in another child process, from the
folder holding the CSV, with the endpoint and an AuthKey in \`SORACOM_ENDPOINT\`, \`SORACOM_AUTH_KEY_ID\` and
\`SORACOM_AUTH_KEY\` (so it logs in as users do):

\`\`\`sh
node dist/cli/bin.js ${PUT_TAGS_ARGS.join(' ')}
\`\`\`

Each size gets a fresh emulator, so neither run sees the other's jobs. **Wall time** runs from the spawn of the CLI
to its exit, Node's start-up included. **Peak RSS** is measured two ways (bench/scale/memory-probe.ts):

- from inside, the goal's figure: the CLI is started with \`node --import <probe> dist/cli/bin.js ...\`, a few lines
  of plain JavaScript loaded before the CLI that, on \`process.on('exit')\`, after the CLI's last piece of work and
  synchronously before the process ends, read \`VmHWM\` from \`/proc/self/status\`: the kernel's high-water mark of
  the process's resident set over its whole life, exact, not sampled. The probe also reads
  \`process.memoryUsage()\` every 20 ms and, at the highest rss it sees, what V8 held (each heap space, used and
  committed), the ArrayBuffers and other external memory, so the peak can be split by owner. It costs one
  interval timer and a few small objects; the CLI's code is unchanged.
- from outside, a cross-check that needs nothing from the child: the bench reads \`/proc/<pid>/status\` every
  20 ms while the CLI runs and keeps the highest \`VmRSS\` (a peak shorter than 20 ms can fall between reads, and
  the kernel's \`VmHWM\` cannot be read after the exit, when \`/proc/<pid>\` is gone: that is why the goal's
  figure comes from inside).

MB here is 1,048,576 bytes. **Verification**: after the run, the emulator process audits its own state for the
run's batch group (bench/scale/audit.ts): every job and every task, how many tasks targeted each SIM (a byte per
SIM), and every SIM's final \`area\` tag. The run is right when each of the N SIMs was the target of exactly one
successful putSimTags task, ends with its own tag value, the jobs number N / 10,000 and all completed. **Phases**
come from the emulator's request log (arrival times, same machine clock): from the spawn to the first request
(Node start-up, reading the CSV twice: its columns, then every row checked through the task builders,
duplicates looked for, and the tasks counted and fingerprinted for the SDK's runner), from there to the first
\`createBatchJob\` (login, the batch group, and the first chunk read again, the CSV's third and last pass
starting), from there to the last request (the jobs: submitted and polled, each next chunk read while the job
before it runs), and the exit.

**When a memory goal is missed or within a tenth of its limit** (where the run-to-run variation of V8's heap,
some MB, is enough to decide the verdict), the bench profiles it: the probe's figures by phase and at the peak (below),
the heap in use after every full collection (a leak lifts its lowest value from the first half of the jobs to
the second), and the same two runs once more with \`MALLOC_MMAP_THRESHOLD_=131072\` in the CLI's environment,
which pins glibc's mmap threshold and so makes the C allocator return every freed block of 128 KiB or more at
once: the difference between the two peaks is memory the CLI had freed and the allocator kept.`;

function splitRows(split: MemorySplit): string[][] {
  const otherExternal = split.external - split.arrayBuffers;
  const outside = split.rss - split.heapTotal - split.external;
  const rows = [
    ['rss', mb(split.rss)],
    ['V8 heap committed (heapTotal)', mb(split.heapTotal)],
    ['… of which used (heapUsed)', mb(split.heapUsed)],
    ...split.spaces
      .filter((s) => s.committed >= 1_048_576)
      .map((s) => [`… ${s.name}: used / committed`, `${mb(s.used)} / ${mb(s.committed)}`]),
    ['ArrayBuffers (typed arrays, Buffers)', mb(split.arrayBuffers)],
    ['other external memory', mb(otherExternal)],
    ['the rest (code, stacks, native allocations, freed but not returned)', mb(outside)],
  ];
  return rows;
}

export function millionRowsDetails(results: readonly SizeResult[]): string[] {
  const header = ['', ...results.map((r) => `${count(r.rows)} rows`)];
  const cell = (f: (r: SizeResult) => string) => results.map(f);
  const a = (r: SizeResult) => r.audit?.actions.find((x) => x.action === 'putSimTags');
  const lines = [
    ...table(header, [
      ['CSV size', ...cell((r) => mb(r.csvBytes))],
      ['exit code', ...cell((r) => String(r.run.exitCode ?? r.run.signal))],
      ['wall time', ...cell((r) => ms(r.run.wallMs, 0))],
      ['**peak RSS (`VmHWM` at exit)**', ...cell((r) => (r.run.probe ? `**${mb(r.run.probe.vmHWM)}**` : 'not read'))],
      [
        'peak `VmRSS` sampled from outside (reads)',
        ...cell((r) => `${mb(r.run.sampledPeakRss)} (${count(r.run.samples)})`),
      ],
      ['CPU time of the CLI (user + system)', ...cell((r) => (r.run.probe ? ms(r.run.probe.cpuMs, 0) : '?'))],
      ['jobs (CLI report / emulator)', ...cell((r) => `${r.run.report?.jobs.length ?? '?'} / ${r.audit?.jobs ?? '?'}`)],
      ['tasks (emulator) / succeeded', ...cell((r) => `${count(a(r)?.tasks ?? 0)} / ${count(a(r)?.succeeded ?? 0)}`)],
      [
        'SIMs targeted once / never / more than once',
        ...cell(
          (r) =>
            `${count(a(r)?.simsOnce ?? 0)} / ${count(a(r)?.simsNever ?? 0)} / ${count(a(r)?.simsMoreThanOnce ?? 0)}`,
        ),
      ],
      ['SIMs without their tag value', ...cell((r) => count(a(r)?.wrongState ?? 0))],
      ['verified', ...cell((r) => (r.passed ? 'yes' : '**no**'))],
      [
        'HTTP requests (createBatchJob / getBatchJob)',
        ...cell((r) =>
          r.audit ? `${count(r.audit.requests.count)} (${r.audit.requests.creates} / ${r.audit.requests.polls})` : '?',
        ),
      ],
      ['emulator: seeding the SIMs', ...cell((r) => ms(r.emulatorSeedMs, 0))],
      ['emulator: peak RSS (`VmHWM`) / CPU time', ...cell((r) => `${mb(r.emulator.hwm)} / ${ms(r.emulator.cpuMs, 0)}`)],
      ['emulator: audit time', ...cell((r) => (r.audit ? ms(r.audit.auditMs, 0) : '?'))],
    ]),
    '',
    'Where the wall time went (phases from the emulator\u2019s request log):',
    '',
    ...table(
      header,
      PHASES.map((phase) => [
        PHASE_LABEL[phase],
        ...cell((r) => {
          const d = phaseDurations(r.run, r.audit?.requests);
          return d ? ms(d[phase], 0) : '?';
        }),
      ]),
    ),
    '',
    'The CLI\u2019s memory by phase (probe): the highest rss, V8 heap committed and ArrayBuffers of each phase, and',
    'the highest heap in use right after a full collection, an upper bound of what the CLI kept (the rest of the',
    'heap is garbage awaiting collection):',
    '',
  ];
  const withProbe = results.filter((r) => r.run.probe);
  const byPhase = withProbe.map((r) => memoryByPhase(r.run, r.audit?.requests, r.run.probe as ProbeResult));
  const phaseCell = (k: number, phase: Phase) => {
    const m = byPhase[k]?.[phase];
    if (!m) return '–';
    const live = m.afterFullGc === undefined ? 'no full GC' : mb(m.afterFullGc);
    return `${mb(m.rss)} / ${mb(m.heapTotal)} / ${mb(m.arrayBuffers)} / ${live}`;
  };
  lines.push(
    ...table(
      [
        'phase: rss / heap committed / ArrayBuffers / heap after full GC',
        ...withProbe.map((r) => `${count(r.rows)} rows`),
      ],
      PHASES.filter((p) => p !== 'exit').map((phase) => [
        PHASE_LABEL[phase].replace(/ \(.*\)$/, ''),
        ...withProbe.map((_, k) => phaseCell(k, phase)),
      ]),
    ),
    '',
    'At the highest rss the probe saw, split by owner:',
    '',
  );
  if (withProbe.length > 0) {
    const splits = withProbe.map((r) => splitRows((r.run.probe as ProbeResult).atPeak));
    // A space below 1 MB is left out of a split: align the rows by label.
    const labels = [...new Set(splits.flatMap((rows) => rows.map((row) => row[0] as string)))];
    lines.push(
      ...table(
        ['at the peak', ...withProbe.map((r) => `${count(r.rows)} rows`)],
        [
          ...labels.map((label) => [
            label,
            ...splits.map((rows) => rows.find((row) => row[0] === label)?.[1] ?? '< 1 MB'),
          ]),
          [
            'phase of the peak',
            ...withProbe.map((r) => {
              const phase = phaseAt(r.run, r.audit?.requests, r.run.probe?.atPeak.at ?? 0);
              return phase ? PHASE_LABEL[phase].replace(/ \(.*\)$/, '') : '?';
            }),
          ],
          [
            'duplicate index (computed): final / at its last growth',
            ...withProbe.map((r) => {
              const index = targetIndexBytes(r.rows);
              return `${mb(index.final)} / ${mb(index.atLastGrowth)}`;
            }),
          ],
        ],
      ),
    );
  }
  return lines;
}

/** The section of SCALE.md: the two goals, the figures, and what the peak is made of. */
export function millionRowsSection(results: readonly SizeResult[], pinned: readonly SizeResult[] = []): Section {
  const largest = results.at(-1) as SizeResult;
  const smallest = results[0] as SizeResult;
  const rows: SummaryRow[] = [
    {
      benchmark: `peak RSS of \`run put-tags\`, ${count(largest.rows)} rows`,
      measured: `${mb(peakOf(largest))} (wall ${ms(largest.run.wallMs, 0)}, exit ${largest.run.exitCode}, ${largest.passed ? 'verified' : '**not verified**'})`,
      goal: `< ${mb(RSS_LIMIT_BYTES, 0)}`,
      verdict: verdictOf(peakOf(largest) < RSS_LIMIT_BYTES),
    },
  ];
  if (results.length > 1) {
    const growth = peakOf(largest) / peakOf(smallest);
    const ps = pinned.find((r) => r.rows === smallest.rows);
    const pl = pinned.find((r) => r.rows === largest.rows);
    const floor =
      ps && pl
        ? `; with glibc's mmap threshold pinned: ${ratio(peakOf(pl) / peakOf(ps))} (${mb(peakOf(pl))} / ${mb(peakOf(ps))}), see 1`
        : '';
    rows.push({
      benchmark: `peak RSS ${count(largest.rows)} ÷ ${count(smallest.rows)} rows`,
      measured: `${ratio(growth)} (${mb(peakOf(largest))} / ${mb(peakOf(smallest))}; ${count(smallest.rows)} rows: wall ${ms(smallest.run.wallMs, 0)}, ${smallest.passed ? 'verified' : '**not verified**'})${floor}`,
      goal: `≤ ${RSS_RATIO_LIMIT}×`,
      verdict: verdictOf(growth <= RSS_RATIO_LIMIT),
    });
  }
  return {
    title: 'A million-row CSV in flat memory (`run put-tags`)',
    method: millionRowsMethod,
    details: [...millionRowsDetails(results), '', ...floorAnalysis(results, pinned)],
    rows,
  };
}

/** What the peak of a run is made of, by owner, and whether the live heap climbs during the jobs. */
type PeakParts = {
  peak: number;
  phase: Phase | undefined;
  heapCommitted: number;
  external: number;
  /** rss beyond V8's heap and the external memory V8 knows of: code, stacks, the C allocator's heap. */
  outside: number;
  /** The highest heap in use right after a full collection, over the whole run. */
  liveWholeRun: number;
  /**
   * The lowest and highest heap after a full collection in the first and the second half of the jobs
   * phase. The lowest is the tightest bound of the live heap: a leak lifts it from one half to the other.
   */
  liveJobsHalves: [[number, number], [number, number]] | undefined;
  fullGcs: number;
  byPhase: Partial<Record<Phase, PhaseMemory>>;
};

function peakParts(r: SizeResult): PeakParts | undefined {
  const probe = r.run.probe;
  const q = r.audit?.requests;
  if (!probe || probe.afterFullGc.length === 0) return undefined;
  let liveJobsHalves: PeakParts['liveJobsHalves'];
  if (q?.firstCreate && q.last) {
    const middle = (q.firstCreate + q.last) / 2;
    const half = (from: number, to: number): [number, number] => {
      const used = probe.afterFullGc.filter(([at]) => at >= from && at < to).map(([, u]) => u);
      return used.length > 0 ? [Math.min(...used), Math.max(...used)] : [Number.NaN, Number.NaN];
    };
    liveJobsHalves = [half(q.firstCreate, middle), half(middle, q.last + 1)];
  }
  const { atPeak } = probe;
  return {
    peak: peakOf(r),
    phase: phaseAt(r.run, q, atPeak.at),
    heapCommitted: atPeak.heapTotal,
    external: atPeak.external,
    outside: atPeak.rss - atPeak.heapTotal - atPeak.external,
    liveWholeRun: Math.max(...probe.afterFullGc.map(([, used]) => used)),
    liveJobsHalves,
    fullGcs: probe.afterFullGc.length,
    byPhase: memoryByPhase(r.run, q, probe),
  };
}

/**
 * Why the peak is what it is, from the figures above and, when a memory goal was missed, the same runs
 * with glibc's threshold pinned: whether the data the CLI keeps grows, which owner the growth of the
 * peak belongs to, the one structure that grows with the input, and the floor.
 */
function floorAnalysis(results: readonly SizeResult[], pinned: readonly SizeResult[]): string[] {
  if (results.length < 2) return [];
  const small = results[0] as SizeResult;
  const large = results.at(-1) as SizeResult;
  const s = peakParts(small);
  const l = peakParts(large);
  if (!s || !l) return [];
  const index = targetIndexBytes(large.rows);
  const n = (r: SizeResult) => `${count(r.rows)} rows`;
  const at = (p: PeakParts) => (p.phase ? PHASE_LABEL[p.phase].replace(/ \(.*\)$/, '') : 'an unknown phase');
  const halves = l.liveJobsHalves;
  const range = ([low, high]: [number, number]) =>
    Number.isNaN(low) ? 'no full collection' : `${mb(low)} to ${mb(high)}`;
  // What each job left behind would lift the lowest live heap of the second half above the first's.
  const climbs = halves !== undefined && halves[1][0] > halves[0][0] + 5 * 1_048_576;
  const trend = halves
    ? `during the ${n(large)} run's jobs it ranges from ${range(halves[0])} in their first half and ${range(halves[1])} in their second: ${climbs ? '**its lowest value climbs: look for a leak (heap snapshots by constructor early and late in a run)**' : 'its lowest value does not climb, so nothing accumulates from job to job'}`
    : 'the jobs phase could not be placed';
  const input = l.byPhase.input;
  const jobs = l.byPhase.jobs;
  const lines = [
    '**What the peak is made of, and the floor.**',
    '',
    `- **The data the CLI keeps.** The heap in use right after a full collection (an upper bound of the live heap) reaches at most ${mb(s.liveWholeRun)} over the ${n(small)} run and ${mb(l.liveWholeRun)} over the ${n(large)} run (${l.fullGcs} full collections); ${trend}.`,
    `- **The peaks by owner.** ${n(small)}: ${mb(s.peak)} during ${at(s)}, of which V8's heap committed ${mb(s.heapCommitted)}, external ${mb(s.external)}, outside both ${mb(s.outside)}. ${n(large)}: ${mb(l.peak)} during ${at(l)}: ${mb(l.heapCommitted)}, ${mb(l.external)}, ${mb(l.outside)}. The heap committed beyond the live heap is garbage V8 had not collected yet (it sizes its heap by the allocation it has seen, so it varies from run to run); "outside both" is Node's code and stacks plus the C allocator's heap, including memory freed but not yet returned to the kernel.`,
    `- **The one structure that grows with the input, by design,** is the CLI's duplicate index (\`TargetIndex\` in src/cli/input-check.ts), which finds a SIM listed twice without holding the file: 16 bytes a slot, ${mb(index.final)} for ${n(large)}, ${mb(index.atLastGrowth)} while it grows (the old table of ${mb(index.atLastGrowth - index.final)} and the new one both alive). ArrayBuffers peaked at ${mb(input?.arrayBuffers ?? 0)} during the input check (rss then ${mb(input?.rss ?? 0)}) and at ${mb(jobs?.arrayBuffers ?? 0)} during the jobs: the index is freed once the input is checked.`,
  ];
  const ps = pinned.find((r) => r.rows === small.rows);
  const pl = pinned.find((r) => r.rows === large.rows);
  if (ps && pl) {
    const kept = peakOf(large) - peakOf(pl);
    const lp = peakParts(pl);
    const setting = Object.entries(PINNED_MALLOC)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const freedSmall = targetIndexBytes(small.rows).atLastGrowth - targetIndexBytes(small.rows).final;
    lines.push(
      `- **The C allocator.** The same two runs with \`${setting}\` in the CLI's environment (glibc's mmap threshold pinned at its initial 128 KiB, which also turns off its dynamic adjustment: every freed block of 128 KiB or more goes back to the kernel at once) peak at ${mb(peakOf(ps))} (${n(small)}) and ${mb(peakOf(pl))} (${n(large)}), a ratio of **${ratio(peakOf(pl) / peakOf(ps))}** (${ps.passed && pl.passed ? 'both verified' : '**not verified**'}; wall ${ms(ps.run.wallMs, 0)} and ${ms(pl.run.wallMs, 0)}). ` +
        (lp
          ? `The pinned ${n(large)} peak came during ${at(lp)}: V8's heap committed ${mb(lp.heapCommitted)}, external ${mb(lp.external)}, outside both ${mb(lp.outside)} (default run: ${mb(l.heapCommitted)}, ${mb(l.external)}, ${mb(l.outside)}). `
          : '') +
        (kept >= 5 * 1_048_576
          ? `So about ${mb(kept)} of the default ${n(large)} peak is memory the CLI had freed and glibc kept rather than returned (V8's garbage, which varies from run to run, accounts for part of any difference in heap committed). That fits glibc's documented default (mallopt(3)): freeing an mmap'd block raises the mmap threshold to that block's size (up to 32 MiB) and the trim threshold to twice it, after which smaller blocks come from the process's own heap, and up to the trim threshold of it stays with the process once free. The largest blocks the CLI frees are the duplicate index's outgrown tables: ${mb(index.atLastGrowth - index.final)} at ${n(large)}, ${mb(freedSmall)} at ${n(small)} (where the setting changes the peak by ${mb(peakOf(small) - peakOf(ps))}).`
          : `The setting changes the ${n(large)} peak by ${mb(kept)}: the C allocator's retention is not what grows.`),
      `- **Floor.** With nothing kept by the allocator the peaks are ${mb(peakOf(ps))} and ${mb(peakOf(pl))}, ${ratio(peakOf(pl) / peakOf(ps))}: the growth of this design from ${n(small)} to ${n(large)} on this machine, give or take V8's garbage between collections (some MB from run to run). ` +
        (lp?.phase === 'input'
          ? `At ${n(large)} that floor is the input check, where the duplicate index (${mb(index.atLastGrowth)} while it grows) lives: the part that stays as long as duplicates are found in memory.`
          : `The duplicate index (${mb(index.atLastGrowth)} while it grows) is the part of it that stays as long as duplicates are found in memory; the default run's input check reached ${mb(input?.rss ?? 0)} with it.`),
    );
  }
  return lines;
}
