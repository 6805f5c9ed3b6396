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
  /**
   * The JSON request body's property names, so that the SDK refuses an unknown field from a caller
   * without types (a typo would otherwise be sent and ignored); null when there is no body, or when its
   * schema is open (`additionalProperties`, `oneOf`/`anyOf`, no properties).
   */
  bodyFields: string[] | null;
  /** The name of the body's schema (`CreateBatchGroupRequest`), for those messages; null when inline. */
  bodySchema: string | null;
  secured: boolean;
  /** From `x-soracom-cli-pagination`, or null when the operation is not paginated. */
  pagination: { requestParam: string; responseHeader: string } | null;
};

/**
 * The part of a JSON schema the CLI reads: the type, and for objects and arrays what they hold. `any`
 * stands for a schema without one type (`oneOf`, or none at all). Request bodies keep the text people
 * need to fill a flag (description, enum, maxLength, required); responses keep the shape only.
 */
export type SchemaShape = {
  type: string;
  description?: string;
  enum?: string[];
  maxLength?: number;
  required?: string[];
  properties?: Record<string, SchemaShape>;
  items?: SchemaShape;
};

/**
 * What the CLI shows of an operation and the SDK never needs, so it is rendered apart from the table
 * (`<name>OperationDocs`) and stays out of the SDK's bundle: soracom-cli's command names
 * (`x-soracom-cli`), the summary and description, each parameter's description, the request body's
 * properties (flags such as `--batch-group-name`) and the 2xx response's shape (output columns).
 */
export type OperationDocs = {
  commands: string[];
  summary: string;
  description: string;
  parameters: Record<string, string>;
  body: SchemaShape | null;
  response: SchemaShape | null;
};

/** A row of the table as `buildOperationTable` returns it: the SDK's entry and, apart, the CLI's docs. */
export type OperationRow = OperationEntry & { docs: OperationDocs };

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

/** Deep enough for any schema of these specs; a `$ref` cycle ends there as `any` instead of looping. */
const MAX_SHAPE_DEPTH = 6;

function shapeOf(doc: OpenApiDoc, node: unknown, withText: boolean, depth = 0): SchemaShape {
  if (node === null || typeof node !== 'object' || depth > MAX_SHAPE_DEPTH) return { type: 'any' };
  const schema = deref<Json>(doc, node as Json);
  const allOf = Array.isArray(schema.allOf) ? (schema.allOf as Json[]).map((s) => deref<Json>(doc, s)) : [];
  const properties = Object.assign({}, ...allOf.map((s) => s.properties ?? {}), schema.properties ?? {}) as Json;
  const type =
    typeof schema.type === 'string'
      ? schema.type
      : Object.keys(properties).length > 0
        ? 'object'
        : ((allOf.find((s) => typeof s.type === 'string')?.type as string | undefined) ?? 'any');
  const shape: SchemaShape = { type };
  if (withText && typeof schema.description === 'string') shape.description = schema.description.trim();
  if (Array.isArray(schema.enum)) shape.enum = schema.enum.map(String);
  if (withText && typeof schema.maxLength === 'number') shape.maxLength = schema.maxLength;
  const required = [
    ...allOf.flatMap((s) => (s.required as string[] | undefined) ?? []),
    ...((schema.required as string[] | undefined) ?? []),
  ];
  if (withText && required.length > 0) shape.required = required;
  if (type === 'object' && Object.keys(properties).length > 0) {
    shape.properties = Object.fromEntries(
      Object.entries(properties).map(([name, child]) => [name, shapeOf(doc, child, withText, depth + 1)]),
    );
  }
  if (type === 'array') shape.items = shapeOf(doc, schema.items, withText, depth + 1);
  return shape;
}

/** The JSON schema of the first 2xx response that has one. */
function responseSchema(doc: OpenApiDoc, op: Json): unknown {
  const responses = (op.responses ?? {}) as Json;
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const content = (deref<Json>(doc, response as Json).content ?? {}) as Json;
    const json = content['application/json'] as Json | undefined;
    if (json?.schema) return json.schema;
  }
  return undefined;
}

/** The closed set of a JSON body's property names (see `OperationEntry.bodyFields`), and its schema's name. */
function bodyFieldsOf(doc: OpenApiDoc, body: Json | undefined): Pick<OperationEntry, 'bodyFields' | 'bodySchema'> {
  const node = ((body?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as
    | Json
    | undefined;
  if (!node) return { bodyFields: null, bodySchema: null };
  const ref = typeof node.$ref === 'string' ? node.$ref : undefined;
  const bodySchema = ref ? (ref.split('/').pop() ?? null) : null;
  const schema = deref<Json>(doc, node);
  const parts = [
    schema,
    ...(Array.isArray(schema.allOf) ? (schema.allOf as Json[]).map((s) => deref<Json>(doc, s)) : []),
  ];
  const open = parts.some(
    (s) => s.oneOf !== undefined || s.anyOf !== undefined || (s.additionalProperties ?? false) !== false,
  );
  const fields = [...new Set(parts.flatMap((s) => Object.keys((s.properties as Json | undefined) ?? {})))];
  return { bodyFields: open || fields.length === 0 ? null : fields, bodySchema };
}

function docsOf(doc: OpenApiDoc, op: Json, params: Json[], body: Json | undefined): OperationDocs {
  const commands = op['x-soracom-cli'];
  const bodySchema = ((body?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
  const response = responseSchema(doc, op);
  return {
    commands: Array.isArray(commands) ? commands.map(String) : [],
    summary: typeof op.summary === 'string' ? op.summary.trim() : '',
    description: typeof op.description === 'string' ? op.description.trim() : '',
    parameters: Object.fromEntries(
      params.map((p) => [String(p.name), typeof p.description === 'string' ? p.description.trim() : '']),
    ),
    body: bodySchema ? shapeOf(doc, bodySchema, true) : null,
    response: response ? shapeOf(doc, response, false) : null,
  };
}

export function buildOperationTable(doc: OpenApiDoc): OperationRow[] {
  const entries: OperationRow[] = [];
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
        ...bodyFieldsOf(doc, body),
        secured: Array.isArray(op.security) ? op.security.length > 0 : Array.isArray(doc.security),
        pagination:
          requestParam && responseHeader ? { requestParam, responseHeader: responseHeader.toLowerCase() } : null,
        docs: docsOf(doc, op, params, body),
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

/** `  key: {\n    field: value,\n  },` for each entry, values as JSON. */
function renderObject(entries: Array<[key: string, fields: object]>): string {
  return entries
    .map(([key, value]) => {
      const fields = Object.entries(value).map(([name, field]) => `    ${name}: ${JSON.stringify(field)},`);
      return `  ${key}: {\n${fields.join('\n')}\n  },`;
    })
    .join('\n');
}

/**
 * TypeScript source for the table (a readonly object keyed by operationId) and, apart, the CLI's docs.
 * `bodyFields` and `bodySchema` are written only for a spec the client is built from (`client` in
 * scripts/lib/specs.ts): the other tables ship in the core too, and nothing reads them there.
 */
export function renderOperationTable(
  specName: string,
  rows: OperationRow[],
  servers: Record<string, string>,
  header: string,
  options: { bodyFields?: boolean } = {},
): string {
  const constName = `${specName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Operations`;
  const body = renderObject(
    rows.map(({ docs: _, bodyFields, bodySchema, ...entry }) => [
      entry.operationId,
      options.bodyFields ? { ...entry, bodyFields, bodySchema } : entry,
    ]),
  );
  const docs = renderObject(rows.map((row) => [row.operationId, row.docs]));
  return `${header}
/** Every operation of the ${specName} spec, read from the spec by scripts/lib/operation-table.ts. */
export const ${constName} = {
${body}
} as const;

/**
 * What the CLI shows of each operation (soracom-cli's command names, help, body properties, response
 * shape), read from the spec by scripts/lib/operation-table.ts. Apart from the table, so that code
 * that does not import it (the SDK) does not ship it.
 */
export const ${constName.slice(0, -'Operations'.length)}OperationDocs = {
${docs}
};

export type ${constName[0]?.toUpperCase()}${constName.slice(1, -'Operations'.length)}OperationId = keyof typeof ${constName};

/** The spec's servers by coverage type (\`jp\`: Japan, \`g\`: global). */
export const ${constName.slice(0, -'Operations'.length)}Servers = ${JSON.stringify(servers)} as const;
`;
}
