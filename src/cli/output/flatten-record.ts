/**
 * Turns an API object into one flat row for CSV and table output: nested objects become dotted
 * columns (`summary.success`, `request.path`), arrays become their JSON (a putSimTags body), so every
 * cell is a single value.
 */
export type Cell = string | number | boolean | null;

export function flattenRecord(value: unknown, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  if (value === undefined) return out;
  if (value === null || typeof value !== 'object') {
    out[prefix || 'value'] = value as Cell;
    return out;
  }
  if (Array.isArray(value)) {
    out[prefix || 'value'] = JSON.stringify(value);
    return out;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    flattenRecord(child, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** The preferred columns first (those present), then every other column in order of appearance. */
export function columnsOf(rows: readonly Record<string, Cell>[], preferred: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const first = preferred.filter((c) => seen.has(c) || rows.length === 0);
  return [...first, ...[...seen].filter((c) => !first.includes(c))];
}
