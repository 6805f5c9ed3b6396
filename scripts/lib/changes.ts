/**
 * The vocabulary of a spec update report: what a change is, how severe, and where it is collected.
 * spec-diff.ts compares operations and the document, schema-diff.ts compares schemas.
 *
 * Severities:
 * - `breaking`: code that compiled against the old types fails to compile or to run against the new
 *   API; `spec:update` refuses to write without `--accept-breaking`.
 * - `review`: nothing stops compiling, but code (the SDK's or a user's) may need a decision, e.g. a
 *   new response enum value that a waiter must classify as terminal or not.
 * - `compatible`: additions nothing depends on yet.
 * Descriptions, summaries and examples are listed apart as documentation changes.
 */
import type { OpenApiDoc } from './extract-tagged.js';
import { isRecord } from './openapi.js';

export type Severity = 'breaking' | 'review' | 'compatible';

export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'operation-renamed'
  | 'operation-moved'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-renamed'
  | 'parameter-required'
  | 'body-added'
  | 'body-removed'
  | 'body-required'
  | 'response-added'
  | 'response-removed'
  | 'property-added'
  | 'property-removed'
  | 'property-renamed'
  | 'required-added'
  | 'required-removed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'type-changed'
  | 'schema-changed'
  | 'schema-added'
  | 'schema-removed'
  | 'pagination-changed'
  | 'document-changed'
  | 'task-action-added'
  | 'task-action-removed'
  | 'task-limit-changed';

export type Change = {
  severity: Severity;
  kind: ChangeKind;
  /** An operationId, a schema location such as `BatchJobResponse.status`, or a document part. */
  subject: string;
  /** The operations it touches (several when a shared schema changed). */
  operations: string[];
  /** What changed, one sentence. */
  message: string;
  /** What a user's code (or src/) has to do; set on every breaking and review change. */
  action?: string;
};

/** Whether a schema is sent (a parameter, a request body) or read (a response): it decides severities. */
export type Direction = 'request' | 'response';

/** Keys that only document: a change to them never changes a type or a request. */
export const DOC_KEYS = new Set([
  'description',
  'summary',
  'example',
  'examples',
  'title',
  'externalDocs',
  'x-soracom-cli',
]);
export const code = (s: string): string => `\`${s}\``;

/** Collects changes once each (same severity, kind, subject and message), with every operation that reaches it. */
export class Collector {
  readonly changes = new Map<string, Change>();
  readonly documentation = new Set<string>();

  add(change: Omit<Change, 'operations'>, operation?: string): void {
    const key = `${change.severity}|${change.kind}|${change.subject}|${change.message}`;
    const existing = this.changes.get(key);
    if (existing) {
      if (operation && !existing.operations.includes(operation)) existing.operations.push(operation);
      return;
    }
    this.changes.set(key, { ...change, operations: operation ? [operation] : [] });
  }

  docs(location: string): void {
    this.documentation.add(location);
  }
}

export type Ctx = { before: OpenApiDoc; after: OpenApiDoc; out: Collector };

/** The node without its documentation keys, to compare what it means. */
export function stripDocs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!isRecord(node)) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => !DOC_KEYS.has(k))
      .map(([k, v]) => [k, stripDocs(v)]),
  );
}
