/** Number formatting shared by the console output and RESULTS.md, so both show the same figures. */
export const ms = (value: number, digits = 1): string => `${value.toFixed(digits)} ms`;

export const us = (valueMs: number, digits = 1): string => `${(valueMs * 1000).toFixed(digits)} µs`;

/** A difference with its sign, `+5.8 µs` or `-25.3 µs` (never `+-`). */
export const signedUs = (valueMs: number, digits = 1): string => `${valueMs >= 0 ? '+' : ''}${us(valueMs, digits)}`;

export const ratio = (value: number): string => `${value.toFixed(3)}×`;

/** Megabytes of 1,048,576 bytes (what `process.memoryUsage()` users usually mean by MB). */
export const mb = (bytes: number, digits = 1): string => `${(bytes / 1_048_576).toFixed(digits)} MB`;

/** Kilobytes of 1,000 bytes, as size budgets (size-limit, bundlephobia) count them; bytes beside. */
export const kb = (bytes: number): string => `${(bytes / 1000).toFixed(2)} kB (${bytes.toLocaleString('en-US')} B)`;

export const count = (n: number): string => n.toLocaleString('en-US');
