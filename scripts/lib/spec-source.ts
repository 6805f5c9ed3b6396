/**
 * `openapi/batch.source.json`: which published description `openapi/batch.yaml` was last taken from,
 * written by `spec:update` together with the spec. The tests read it to know which official spec the
 * Batch spec must equal (test/spec/batch-spec.test.ts), and its content hash shows whether
 * `openapi/batch.yaml` was edited by hand since (it never is: corrections go to scripts/spec-fixes.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDoc } from './extract-tagged.js';
import { canonicalJson } from './openapi.js';

export const SOURCE_RECORD = 'openapi/batch.source.json';

export type SourceRecord = {
  note: string;
  /** The file name (never a path) of the description `spec:update` was given, or the seed's. */
  source: string;
  /** sha256 of that file's bytes. */
  sha256: string;
  /** Its `info.version`. */
  infoVersion: string;
  /** The tag whose operations were kept. */
  tag: string;
  /** sha256 of `openapi/batch.yaml` without `info`, as canonical JSON (keys sorted): see batchContentHash. */
  batchSha256: string;
};

export const RECORD_NOTE =
  'Written by npm run spec:update with openapi/batch.yaml: the published description it was taken from. ' +
  'Do not edit; see docs/regenerating.md.';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash of a Batch spec's meaning: its document without `info`, whatever the YAML layout. */
export function batchContentHash(doc: OpenApiDoc): string {
  const { info: _info, ...rest } = doc;
  return sha256(canonicalJson(rest));
}

export function readSourceRecord(root: string): SourceRecord | undefined {
  const file = join(root, SOURCE_RECORD);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SourceRecord) : undefined;
}

export function renderSourceRecord(record: SourceRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
