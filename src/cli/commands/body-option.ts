/**
 * `--body`, as soracom-cli takes it: inline JSON, `@file` for a file, or `-` for stdin. Flags given
 * beside it (`--batch-group-name`, `--job-name`, ...) override its fields.
 */
import { UsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { readTextSource } from '../input/read-text-source.js';

export async function readBodyOption(value: string | undefined, io: CliIo): Promise<Record<string, unknown>> {
  if (value === undefined) return {};
  const source =
    value === '-' || value.startsWith('@')
      ? await readTextSource(value === '-' ? '-' : value.slice(1), io, '--body file')
      : undefined;
  const text = source?.text ?? value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `--body${source ? ` (${source.label})` : ''} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--body must be a JSON object');
  return parsed as Record<string, unknown>;
}
