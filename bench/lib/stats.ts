/**
 * Small statistics over samples. Medians rather than means for the goals: a GC pause or a scheduler
 * hiccup on a shared machine lands in a few samples and must not decide the verdict (means are
 * reported beside them so that a systematically slow tail is not hidden either).
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new RangeError('quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (position - low);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('mean of no samples');
  let sum = 0;
  for (const s of samples) sum += s;
  return sum / samples.length;
}

export const max = (samples: readonly number[]): number =>
  samples.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);

export const min = (samples: readonly number[]): number =>
  samples.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
