/**
 * Which format the input is in, when `--format` does not say:
 *   - starts with `[` → JSON (an array of rows);
 *   - starts with `{` → JSON when the whole text is one JSON value, else JSONL (one object per line);
 *   - starts with `"` → JSONL (one JSON string or object per line);
 *   - a first line with a comma or a tab, or that is a known column name → CSV with a header;
 *   - anything else → a plain list of IDs, one per line.
 */

import { isKnownColumn } from './column-names.js';
import type { InputFormat } from './input-row.js';

export function detectFormat(text: string): InputFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[')) return 'json';
  if (body.startsWith('{')) {
    try {
      JSON.parse(body);
      return 'json';
    } catch {
      return 'jsonl';
    }
  }
  if (body.startsWith('"')) return 'jsonl';
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  if (firstLine.includes(',') || firstLine.includes('\t') || isKnownColumn(firstLine)) return 'csv';
  return 'ids';
}
