/**
 * Builds the operation table (`generated/<name>-operations.ts`) from a corrected spec, so the
 * client, the paginator and the CLI read every fact about an operation from the spec rather
 * than from hand-written lists.
 */
import type { OpenApiDoc } from './extract-tagged.js';

export type ParameterEntry = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The parameter schema's `type` (string, integer, ...), used for run-time checks of untyped callers. */
  type: string;
  enum?: string[];
};

/**
 * What the SDK needs at run time about an operation, and nothing more: the table ships in the core
 * bundle, so descriptions and status lists stay in the spec (and in the generated types).
 */
export type OperationEntry = {
  operationId: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
  path: string;
  parameters: ParameterEntry[];
  pathParams: string[];
  hasBody: boolean;
  bodyRequired: boolean;
  secured: boolean;
  /** From `x-soracom-cli-pagination`, or null when the operation is not paginated. */
  pagination: { requestParam: string; responseHeader: string } | null;
};

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function deref<T>(doc: OpenApiDoc, node: T | { $ref: string }): T {
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string') return node as T;
  const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
  const target = section && name ? doc.components?.[section]?.[name] : undefined;
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  return target as T;
}

export function buildOperationTable(doc: OpenApiDoc): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      if (typeof op.operationId !== 'string') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const params = [...shared, ...((op.parameters as Json[] | undefined) ?? [])].map((p) => deref<Json>(doc, p));
      const names = (where: string) => params.filter((p) => p.in === where).map((p) => String(p.name));
      const body = op.requestBody ? deref<Json>(doc, op.requestBody as Json) : undefined;
      const pagination = op['x-soracom-cli-pagination'] as
        | { request?: { param?: string }; response?: { header?: string } }
        | undefined;
      const requestParam = pagination?.request?.param;
      const responseHeader = pagination?.response?.header;
      if (pagination && (!requestParam || !responseHeader)) {
        throw new Error(`${op.operationId}: x-soracom-cli-pagination needs request.param and response.header`);
      }
      entries.push({
        operationId: op.operationId,
        method: method.toUpperCase() as OperationEntry['method'],
        path,
        parameters: params.map((p) => {
          const schema = deref<Json>(doc, (p.schema as Json | undefined) ?? {});
          const entry: ParameterEntry = {
            name: String(p.name),
            in: p.in as ParameterEntry['in'],
            required: p.required === true,
            type: String(schema.type ?? 'string'),
          };
          if (Array.isArray(schema.enum)) entry.enum = schema.enum.map(String);
          return entry;
        }),
        pathParams: names('path'),
        hasBody: body !== undefined,
        bodyRequired: body?.required === true,
        secured: Array.isArray(op.security) ? op.security.length > 0 : Array.isArray(doc.security),
        pagination:
          requestParam && responseHeader ? { requestParam, responseHeader: responseHeader.toLowerCase() } : null,
      });
    }
  }
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.operationId)) throw new Error(`duplicate operationId ${e.operationId}`);
    ids.add(e.operationId);
  }
  return entries;
}

/**
 * The spec's servers keyed by Soracom coverage type: `jp` is the server described as Japan coverage,
 * `g` the one described as global coverage. Empty when the spec declares no servers.
 */
export function coverageServers(doc: OpenApiDoc): Record<string, string> {
  const servers = (doc.servers ?? []) as Array<{ url: string; description?: string }>;
  if (servers.length === 0) return {};
  const find = (pattern: RegExp, coverage: string) => {
    const server = servers.find((s) => pattern.test(s.description ?? ''));
    if (!server) throw new Error(`no server whose description matches ${pattern} (coverage ${coverage})`);
    return server.url;
  };
  return { jp: find(/japan/i, 'jp'), g: find(/global/i, 'g') };
}

/** TypeScript source for the table: a readonly object keyed by operationId. */
export function renderOperationTable(
  specName: string,
  entries: OperationEntry[],
  servers: Record<string, string>,
  header: string,
): string {
  const constName = `${specName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Operations`;
  const body = entries
    .map((e) => {
      const fields = Object.entries(e).map(([key, value]) => `    ${key}: ${JSON.stringify(value)},`);
      return `  ${e.operationId}: {\n${fields.join('\n')}\n  },`;
    })
    .join('\n');
  return `${header}
/** Every operation of the ${specName} spec, read from the spec by scripts/lib/operation-table.ts. */
export const ${constName} = {
${body}
} as const;

export type ${constName[0]?.toUpperCase()}${constName.slice(1, -'Operations'.length)}OperationId = keyof typeof ${constName};

/** The spec's servers by coverage type (\`jp\`: Japan, \`g\`: global). */
export const ${constName.slice(0, -'Operations'.length)}Servers = ${JSON.stringify(servers)} as const;
`;
}
