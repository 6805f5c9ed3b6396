/** A plain list of IDs, one per line; blank lines and lines starting with `#` are skipped. */
import type { ParsedInput } from './input-row.js';

export function parseIdList(text: string): ParsedInput {
  const result: ParsedInput = { format: 'ids', rows: [], problems: [], fields: new Set(['simId']), unknownColumns: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  lines.forEach((raw, i) => {
    const value = raw.trim();
    if (value === '' || value.startsWith('#')) return;
    result.rows.push({ where: `line ${i + 1}`, position: i + 1, fields: { simId: value } });
  });
  return result;
}
