/**
 * The phases of a CLI run, placed by the emulator's request log (arrival times on the same machine
 * clock as the bench's): the CLI sends nothing until it has checked its whole input (which also makes
 * the runner's survey of every stream: its tasks counted and fingerprinted), then logs in and finds its
 * batch group, then the runner reads the first chunk of each stream again before its first
 * `createBatchJob`, and from there runs the jobs, each stream reading its next chunk while a job runs.
 */
import type { RequestTimes } from './audit.js';
import type { CliRun } from './cli-run.js';
import type { ProbeResult } from './memory-probe.js';

export const PHASES = ['input', 'toFirstJob', 'jobs', 'exit'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABEL: Record<Phase, string> = {
  input: 'start-up and input check (spawn → first request)',
  toFirstJob: 'login, batch group, the first chunk read again (→ first createBatchJob)',
  jobs: 'the jobs: submitted, polled, each next chunk read meanwhile (→ last request)',
  exit: 'report and exit (→ exit)',
};

/** Epoch ms at which each phase ends. */
type Bounds = Record<Phase, number>;

function boundsOf(run: CliRun, requests: RequestTimes | undefined): Bounds | undefined {
  if (!requests?.first || !requests.firstCreate || !requests.last) return undefined;
  return { input: requests.first, toFirstJob: requests.firstCreate, jobs: requests.last, exit: run.exitedAt };
}

/** How long each phase took (ms), or undefined when the run made no job. */
export function phaseDurations(run: CliRun, requests: RequestTimes | undefined): Record<Phase, number> | undefined {
  const b = boundsOf(run, requests);
  if (!b) return undefined;
  return {
    input: b.input - run.spawnedAt,
    toFirstJob: b.toFirstJob - b.input,
    jobs: b.jobs - b.toFirstJob,
    exit: b.exit - b.jobs,
  };
}

export function phaseAt(run: CliRun, requests: RequestTimes | undefined, at: number): Phase | undefined {
  const b = boundsOf(run, requests);
  return b && PHASES.find((p) => at <= b[p]);
}

export type PhaseMemory = { rss: number; heapTotal: number; arrayBuffers: number; afterFullGc: number | undefined };

/** The highest memory figures of each phase, from the probe's timeline and its full-collection notes. */
export function memoryByPhase(
  run: CliRun,
  requests: RequestTimes | undefined,
  probe: ProbeResult,
): Partial<Record<Phase, PhaseMemory>> {
  const result: Partial<Record<Phase, PhaseMemory>> = {};
  const of = (at: number) => {
    const phase = phaseAt(run, requests, at);
    if (phase === undefined) return undefined;
    result[phase] ??= { rss: 0, heapTotal: 0, arrayBuffers: 0, afterFullGc: undefined };
    return result[phase];
  };
  for (const [at, rss, heapTotal, , arrayBuffers] of probe.timeline) {
    const m = of(at);
    if (!m) continue;
    m.rss = Math.max(m.rss, rss);
    m.heapTotal = Math.max(m.heapTotal, heapTotal);
    m.arrayBuffers = Math.max(m.arrayBuffers, arrayBuffers);
  }
  for (const [at, heapUsed] of probe.afterFullGc) {
    const m = of(at);
    if (m) m.afterFullGc = Math.max(m.afterFullGc ?? 0, heapUsed);
  }
  return result;
}
