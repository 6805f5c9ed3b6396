/** Parses input text in the given format, or the detected one (`detect-format.ts`). */
import { detectFormat } from './detect-format.js';
import type { InputFormat, ParsedInput } from './input-row.js';
import { parseCsv } from './parse-csv.js';
import { parseIdList } from './parse-id-list.js';
import { parseJson, parseJsonl } from './parse-json-rows.js';

export const INPUT_FORMATS = ['auto', 'csv', 'ids', 'json', 'jsonl'] as const;
export type InputFormatFlag = (typeof INPUT_FORMATS)[number];

export function parseInput(text: string, label: string, format: InputFormatFlag = 'auto'): ParsedInput {
  const chosen: InputFormat = format === 'auto' ? detectFormat(text) : format;
  switch (chosen) {
    case 'csv':
      return parseCsv(text, label);
    case 'json':
      return parseJson(text, label);
    case 'jsonl':
      return parseJsonl(text);
    case 'ids':
      return parseIdList(text);
  }
}
