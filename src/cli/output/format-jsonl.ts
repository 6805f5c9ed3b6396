/** `--output jsonl`: one compact JSON value per line; a list prints one line per item (for `jq -c`, `grep`, `wc -l`). */
export function formatJsonl(value: unknown): string {
  if (value === undefined) return '';
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => `${JSON.stringify(item)}\n`).join('');
}
