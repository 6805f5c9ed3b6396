/**
 * A/B comparison in interleaved rounds. Both sides are warmed up first (JIT, connection pool), then
 * measured in blocks that alternate A B, B A, A B, ... so that drift over the run (CPU frequency,
 * a noisy neighbour, heap growth) falls on both sides equally instead of on whichever ran second.
 * Every call is timed on its own; the verdict uses medians. The event loop's own accounting
 * (`performance.eventLoopUtilization`) splits each side's time into active (JS on this thread: the
 * client's CPU) and idle (blocked waiting for the server), without a profiler's distortion.
 */
import { performance } from 'node:perf_hooks';
import { now } from './clock.js';
import { median } from './stats.js';

export type AbOptions = {
  /** Calls of each side before measuring (not recorded). */
  warmup: number;
  rounds: number;
  /** Calls of each side per round. */
  perRound: number;
};

/**
 * Time of one side over all its measured calls: event loop active (JS on this thread) and idle
 * (waiting), both wall-clock; and the process's CPU time (user + system, all threads), which unlike
 * the wall-clock figures does not grow when other work on the machine takes the CPU away.
 */
export type LoopTime = { activeMs: number; idleMs: number; cpuMs: number };

export type AbSamples = {
  /** Milliseconds per call of side A, every measured call. */
  a: number[];
  b: number[];
  loopA: LoopTime;
  loopB: LoopTime;
  /** median(A) / median(B) within each round: their spread shows how stable the ratio is. */
  roundRatios: number[];
};

async function block(call: () => Promise<unknown>, n: number, into: number[], loop: LoopTime): Promise<number[]> {
  const local: number[] = [];
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const start = now();
    await call();
    local.push(now() - start);
  }
  const spent = performance.eventLoopUtilization(elu);
  const cpuSpent = process.cpuUsage(cpu);
  loop.cpuMs += (cpuSpent.user + cpuSpent.system) / 1000;
  loop.activeMs += spent.active;
  loop.idleMs += spent.idle;
  into.push(...local);
  return local;
}

export async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: AbOptions,
): Promise<AbSamples> {
  for (let i = 0; i < options.warmup; i++) {
    await a();
    await b();
  }
  const out: AbSamples = {
    a: [],
    b: [],
    loopA: { activeMs: 0, idleMs: 0, cpuMs: 0 },
    loopB: { activeMs: 0, idleMs: 0, cpuMs: 0 },
    roundRatios: [],
  };
  for (let round = 0; round < options.rounds; round++) {
    let timesA: number[];
    let timesB: number[];
    if (round % 2 === 0) {
      timesA = await block(a, options.perRound, out.a, out.loopA);
      timesB = await block(b, options.perRound, out.b, out.loopB);
    } else {
      timesB = await block(b, options.perRound, out.b, out.loopB);
      timesA = await block(a, options.perRound, out.a, out.loopA);
    }
    out.roundRatios.push(median(timesA) / median(timesB));
  }
  return out;
}

/**
 * Several sides in interleaved rounds, each round in a rotated order (A B C, B C A, C A B, ...), so
 * drift falls on every side alike. Returns every measured call's time per side.
 */
export async function interleavedSides(
  sides: ReadonlyArray<() => Promise<unknown>>,
  options: AbOptions,
): Promise<number[][]> {
  for (let i = 0; i < options.warmup; i++) for (const side of sides) await side();
  const out: number[][] = sides.map(() => []);
  const loop: LoopTime = { activeMs: 0, idleMs: 0, cpuMs: 0 };
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (round + k) % sides.length;
      await block(sides[index] as () => Promise<unknown>, options.perRound, out[index] as number[], loop);
    }
  }
  return out;
}
