/**
 * Peak memory of a child process, two ways.
 *
 * From outside (`ProcSampler`): the bench reads `/proc/<pid>/status` every 20 ms while the child runs
 * and keeps the highest `VmRSS`. It needs nothing from the child, but a peak shorter than 20 ms can fall
 * between two samples, and after the child exits its /proc entry is gone, so the kernel's own high-water
 * mark (`VmHWM`) can only be read while it lives: the last one read can miss the final moments.
 *
 * From inside (the probe): a few lines of plain JavaScript the child loads with `node --import` before its
 * own code. On `process.on('exit')`, after the program's last byte of work and synchronously before the
 * process ends, it reads `VmHWM` from `/proc/self/status`: the exact peak resident set of the whole life
 * of the process, as the kernel counts it. Every 20 ms it also reads `process.memoryUsage()`: at the
 * highest rss it sees, what V8 held then (each heap space, used and committed; ArrayBuffers; other
 * external memory), so the peak can be split by owner; and the highest figures of every 250 ms, so the
 * peaks can be split by phase of the run. After every full collection it notes the heap then in use:
 * a peak made of garbage awaiting collection looks the same in rss as one made of kept data, and only
 * this tells them apart. It writes one JSON file at exit. Its own cost is one interval timer, one GC
 * observer and a few hundred small arrays (well under 1 MB); the program under test is unchanged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What V8 and Node held at one moment, in bytes. */
export type MemorySplit = {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  /** Memory outside V8's heap that V8 is told about: ArrayBuffers (typed arrays, Buffers) and the rest. */
  external: number;
  arrayBuffers: number;
  spaces: Array<{ name: string; used: number; committed: number }>;
  /** When (ms since epoch), to place the peak in the run's phases. */
  at: number;
};

/** The highest figures of one 250 ms stretch: `[at (epoch ms), rss, heapTotal, heapUsed, arrayBuffers]`. */
export type TimelinePoint = [number, number, number, number, number];

export type ProbeResult = {
  /** `VmHWM` read at exit: the process's peak resident set (bytes). */
  vmHWM: number;
  /** The sample with the highest rss, split by owner. */
  atPeak: MemorySplit;
  /** The highest value of each figure over the run (not necessarily at the same moment). */
  maxima: { heapUsed: number; heapTotal: number; arrayBuffers: number; external: number };
  /** The run in 250 ms stretches, each with its highest figures, to split the peaks by phase. */
  timeline: TimelinePoint[];
  /**
   * `[at, heapUsed]` when Node reported a full (mark-compact) collection, read as soon as the report
   * arrives: the live heap plus what was allocated since, so an upper bound of what the program kept.
   */
  afterFullGc: Array<[number, number]>;
  samples: number;
  /** CPU time of the process (user + system, all threads), ms. */
  cpuMs: number;
};

/** Kept as source text: it runs in the child under plain `node`, without tsx (which would add its own memory). */
const PROBE_SOURCE = `
import { readFileSync, writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
const out = process.env.SCALE_MEMORY_PROBE_OUT;
const maxima = { heapUsed: 0, heapTotal: 0, arrayBuffers: 0, external: 0 };
const timeline = [];
const afterFullGc = [];
let atPeak = { rss: 0 };
let samples = 0;
function sample() {
  const m = process.memoryUsage();
  const at = Date.now();
  samples++;
  for (const key of Object.keys(maxima)) if (m[key] > maxima[key]) maxima[key] = m[key];
  const last = timeline.at(-1);
  if (!last || at - last[0] >= 250) timeline.push([at, m.rss, m.heapTotal, m.heapUsed, m.arrayBuffers]);
  else for (const [k, v] of [[1, m.rss], [2, m.heapTotal], [3, m.heapUsed], [4, m.arrayBuffers]]) last[k] = Math.max(last[k], v);
  if (m.rss > atPeak.rss) {
    const spaces = getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size, committed: s.space_size }));
    atPeak = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, spaces, at };
  }
}
setInterval(sample, 20).unref();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) afterFullGc.push([Date.now(), process.memoryUsage().heapUsed]);
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  sample();
  const status = readFileSync('/proc/self/status', 'utf8');
  const vmHWM = Number(/^VmHWM:\\s+(\\d+) kB/m.exec(status)?.[1]) * 1024;
  const cpu = process.cpuUsage();
  const result = { vmHWM, atPeak, maxima, timeline, afterFullGc, samples, cpuMs: (cpu.user + cpu.system) / 1000 };
  if (out) writeFileSync(out, JSON.stringify(result));
});
`;

/** Writes the probe into `dir`; returns the node flags that load it and the env var naming its output file. */
export function installProbe(dir: string): { nodeFlags: string[]; env: Record<string, string>; outFile: string } {
  const file = join(dir, 'memory-probe.mjs');
  writeFileSync(file, PROBE_SOURCE);
  const outFile = join(dir, 'memory-probe.json');
  return {
    nodeFlags: ['--import', pathToFileURL(file).href],
    env: { SCALE_MEMORY_PROBE_OUT: outFile },
    outFile,
  };
}

export function readProbe(outFile: string): ProbeResult | undefined {
  try {
    return JSON.parse(readFileSync(outFile, 'utf8')) as ProbeResult;
  } catch {
    return undefined;
  }
}

/** Samples `/proc/<pid>/status` of a running child every `intervalMs`. */
export class ProcSampler {
  peakRss = 0;
  /** The last `VmHWM` read while the child was alive. */
  lastHwm = 0;
  samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 20,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  private sample(): void {
    let status: string;
    try {
      status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // gone: it exited between two samples
    }
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    const rss = kb('VmRSS');
    // A zombie (exited, not yet reaped) has no memory lines: not a sample.
    if (rss === 0) return;
    this.samples++;
    if (rss > this.peakRss) this.peakRss = rss;
    this.lastHwm = Math.max(this.lastHwm, kb('VmHWM'));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
