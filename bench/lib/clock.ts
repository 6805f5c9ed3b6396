/** A monotonic clock in milliseconds with sub-microsecond resolution. */
export const now = (): number => performance.now();

/** Runs `fn` and returns how long it took, in milliseconds. */
export function timeSync(fn: () => unknown): number {
  const start = now();
  fn();
  return now() - start;
}

/** Awaits `fn` and returns how long it took, in milliseconds. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}
