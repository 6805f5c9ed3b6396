/**
 * Tags as people write them: `--tag area=tokyo` (repeatable) and a `tags` cell `area=tokyo;floor=3`.
 * The name ends at the first `=`, so a value may contain `=`; a value cannot contain `;` in a `tags`
 * cell (use a `tag:<name>` column for that).
 */
import { UsageError } from '../cli-errors.js';

export type TagPair = [name: string, value: string];

function splitTag(text: string): TagPair | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  const name = text.slice(0, at).trim();
  return name === '' ? undefined : [name, text.slice(at + 1).trim()];
}

/** `--tag name=value` flags; a bad one is a usage error. */
export function parseTagFlags(values: readonly string[] | undefined): TagPair[] {
  return (values ?? []).map((value) => {
    const pair = splitTag(value);
    if (!pair) throw new UsageError(`--tag ${JSON.stringify(value)} must be name=value, e.g. --tag area=tokyo`);
    return pair;
  });
}

/** A `tags` cell; returns the reason when a part is not `name=value`. */
export function parseTagCell(text: string): TagPair[] | { error: string } {
  const pairs: TagPair[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const pair = splitTag(part);
    if (!pair)
      return {
        error: `tags part ${JSON.stringify(part.trim())} must be name=value (tags look like "area=tokyo;floor=3")`,
      };
    pairs.push(pair);
  }
  return pairs;
}
