/**
 * Small readers over a parsed OpenAPI 3.0 document, shared by the diff of two Batch specs
 * (spec-diff.ts) and the comparison of openapi/actions.yaml with the official spec (actions-diff.ts).
 */
import type { OpenApiDoc } from './extract-tagged.js';

export type Json = Record<string, unknown>;

/** The HTTP methods an OpenAPI 3.0 path item may hold, in the order reports list them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `#/components/schemas/Foo` → `['schemas', 'Foo']`, or undefined for anything else. */
export function localRef(ref: unknown): [section: string, name: string] | undefined {
  if (typeof ref !== 'string') return undefined;
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  return [match[1] as string, decodeURIComponent((match[2] as string).replace(/~1/g, '/').replace(/~0/g, '~'))];
}

/** Follows `$ref`s (a chain of them too) to the node they name; a dangling one throws. */
export function deref(doc: OpenApiDoc, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isRecord(current) && typeof current.$ref === 'string'; hops++) {
    const target = localRef(current.$ref);
    const resolved = target ? doc.components?.[target[0]]?.[target[1]] : undefined;
    if (resolved === undefined || hops > 20) throw new Error(`dangling $ref ${current.$ref}`);
    current = resolved;
  }
  return current;
}

export type OperationRef = { operationId: string; method: string; path: string; operation: Json; pathItem: Json };

/** Every operation of the document with an operationId, keyed by it. */
export function operationsById(doc: OpenApiDoc): Map<string, OperationRef> {
  const out = new Map<string, OperationRef>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isRecord(operation) || typeof operation.operationId !== 'string') continue;
      out.set(operation.operationId, { operationId: operation.operationId, method, path, operation, pathItem: item });
    }
  }
  return out;
}

export type ParameterRef = { name: string; in: string; required: boolean; schema: unknown; node: Json };

/** The operation's parameters, path-level ones included (an operation-level one overrides its namesake). */
export function parametersOf(doc: OpenApiDoc, op: OperationRef): ParameterRef[] {
  const byKey = new Map<string, ParameterRef>();
  const add = (list: unknown) => {
    for (const raw of Array.isArray(list) ? list : []) {
      const p = deref(doc, raw);
      if (!isRecord(p)) continue;
      const entry = {
        name: String(p.name),
        in: String(p.in),
        required: p.required === true,
        schema: p.schema,
        node: p,
      };
      byKey.set(`${entry.in}:${entry.name}`, entry);
    }
  };
  add(op.pathItem.parameters);
  add(op.operation.parameters);
  return [...byKey.values()];
}

/** The request body (resolved), or undefined when the operation takes none. */
export function requestBodyOf(doc: OpenApiDoc, op: OperationRef): Json | undefined {
  if (op.operation.requestBody === undefined) return undefined;
  const body = deref(doc, op.operation.requestBody);
  return isRecord(body) ? body : undefined;
}

/** The JSON schema of a request body or a response, when it has an `application/json` content. */
export function jsonSchemaOf(node: Json | undefined): unknown {
  const content = node?.content;
  if (!isRecord(content)) return undefined;
  const json = content['application/json'];
  return isRecord(json) ? json.schema : undefined;
}

/** `/a/{x}/b/{y}` → `/a/{}/b/{}`: two paths that differ only in their parameter names match. */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** Deterministic JSON: object keys sorted, so two documents that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
