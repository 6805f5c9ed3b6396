/**
 * Extracts the operations carrying one tag (e.g. `Batch`) from a full Soracom API
 * description, with every component they reference, directly or transitively.
 *
 * Used by `npm run spec:update` so that a new Soracom release can be folded into
 * `openapi/batch.yaml` without hand-copying YAML.
 */

export type OpenApiDoc = {
  openapi: string;
  info: Record<string, unknown>;
  servers?: unknown[];
  paths: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; description?: string }>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every `$ref` string found anywhere inside `node`. */
function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
}

/** `#/components/schemas/Foo` → `['schemas', 'Foo']`; external refs are refused. */
function parseLocalRef(ref: string): [section: string, name: string] {
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${JSON.stringify(ref)}: only #/components/<section>/<name> is handled`);
  return [match[1] as string, decodeURIComponent((match[2] as string).replace(/~1/g, '/').replace(/~0/g, '~'))];
}

export function extractTagged(full: OpenApiDoc, tag: string): OpenApiDoc {
  const paths: OpenApiDoc['paths'] = {};
  const usedSecuritySchemes = new Set<string>();
  for (const [path, item] of Object.entries(full.paths ?? {})) {
    const kept: Record<string, unknown> = {};
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const op = operation as { tags?: string[]; security?: Array<Record<string, unknown>> };
      if (!op.tags?.includes(tag)) continue;
      kept[method] = operation;
      for (const requirement of op.security ?? (full.security as Array<Record<string, unknown>> | undefined) ?? []) {
        for (const name of Object.keys(requirement as object)) usedSecuritySchemes.add(name);
      }
    }
    if (Object.keys(kept).length > 0) {
      // Path-level keys (shared parameters, summary) travel with the operations.
      for (const [key, value] of Object.entries(item)) if (!HTTP_METHODS.has(key)) kept[key] = value;
      paths[path] = kept;
    }
  }
  if (Object.keys(paths).length === 0) throw new Error(`no operation is tagged ${JSON.stringify(tag)}`);

  // Follow references to a fixed point: a schema may reference further schemas.
  const components: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  let pending = new Set<string>();
  collectRefs(paths, pending);
  while (pending.size > 0) {
    const next = new Set<string>();
    for (const ref of pending) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const [section, name] = parseLocalRef(ref);
      const target = full.components?.[section]?.[name];
      if (target === undefined) throw new Error(`dangling $ref ${ref}`);
      components[section] ??= {};
      (components[section] as Record<string, unknown>)[name] = target;
      collectRefs(target, next);
    }
    pending = next;
  }
  for (const section of Object.keys(components)) {
    components[section] = Object.fromEntries(
      Object.entries(components[section] as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  const schemes = full.components?.securitySchemes ?? {};
  if (usedSecuritySchemes.size > 0) {
    components.securitySchemes = Object.fromEntries(
      [...usedSecuritySchemes].sort().map((name) => {
        if (!(name in schemes)) throw new Error(`security scheme ${name} is used but not defined`);
        return [name, schemes[name]];
      }),
    );
  }

  const doc: OpenApiDoc = { openapi: full.openapi, info: full.info, servers: full.servers, paths };
  const tags = (full.tags ?? []).filter((t) => t.name === tag);
  if (tags.length > 0) doc.tags = tags;
  doc.components = components;
  return doc;
}
