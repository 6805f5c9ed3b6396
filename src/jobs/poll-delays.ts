/**
 * Delays between polls of a job, after AWS SDK waiters (sdk-bar.md): the first poll is immediate, then
 * the n-th delay is uniform in [min, min(min·2ⁿ, max)], so many waiters spread out while a long job is
 * polled ever less often. The last poll lands just before the deadline.
 */
export type PollDelayOptions = { minDelayMs: number; maxDelayMs: number };

export function pollDelayMs(poll: number, options: PollDelayOptions, random: () => number = Math.random): number {
  const { minDelayMs, maxDelayMs } = options;
  const ceiling = Math.min(minDelayMs * 2 ** Math.min(poll, 30), maxDelayMs);
  return Math.round(minDelayMs + (Math.max(ceiling, minDelayMs) - minDelayMs) * random());
}
