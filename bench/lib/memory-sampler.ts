/**
 * Peak memory above a clean baseline. The baseline is taken after two forced collections (the child
 * runs with `--expose-gc`), so it holds only what is live; samples are taken at the points the
 * caller chooses (after every page) and on a short timer (between awaits), and the peak of each
 * measure is kept. heapUsed is the JS heap (what the SDK allocates); rss is what the OS sees (heap +
 * code + buffers, and memory V8 has not returned yet), so it is the stricter of the two.
 */
import { getHeapSpaceStatistics } from 'node:v8';

/** heapTotal is what V8 has committed for its heap (used or not): most of what rss adds on top of heapUsed. */
export type MemoryFigures = { heapUsed: number; heapTotal: number; rss: number };

/** Bytes V8 has reserved for the young generation now (it grows with the allocation rate). */
export function newSpaceSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? Number.NaN;
}

/** Forces full collections when `--expose-gc` is on; twice, as the first may leave weak/finalised objects. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}

export class MemorySampler {
  readonly baseline: MemoryFigures;
  private peak: MemoryFigures;
  private timer: NodeJS.Timeout | undefined;
  samples = 0;

  constructor() {
    if (!collectGarbage()) throw new Error('MemorySampler needs node --expose-gc for a clean baseline');
    const { heapUsed, heapTotal, rss } = process.memoryUsage();
    this.baseline = { heapUsed, heapTotal, rss };
    this.peak = { ...this.baseline };
  }

  sample(): MemoryFigures {
    const { heapUsed, heapTotal, rss } = process.memoryUsage();
    this.samples++;
    if (heapUsed > this.peak.heapUsed) this.peak.heapUsed = heapUsed;
    if (heapTotal > this.peak.heapTotal) this.peak.heapTotal = heapTotal;
    if (rss > this.peak.rss) this.peak.rss = rss;
    return { heapUsed, heapTotal, rss };
  }

  /** Also samples every `intervalMs` while the event loop turns (unref'd: never keeps the process alive). */
  startTimer(intervalMs: number): void {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  /** The highest values seen (absolute). */
  peakFigures(): MemoryFigures {
    return { ...this.peak };
  }

  /** Peak minus baseline, per measure. */
  peakAboveBaseline(): MemoryFigures {
    return {
      heapUsed: this.peak.heapUsed - this.baseline.heapUsed,
      heapTotal: this.peak.heapTotal - this.baseline.heapTotal,
      rss: this.peak.rss - this.baseline.rss,
    };
  }

  /** The heap still live now (after a forced collection), minus the baseline: growth that is kept. */
  retainedAboveBaseline(): number {
    collectGarbage();
    return process.memoryUsage().heapUsed - this.baseline.heapUsed;
  }
}
