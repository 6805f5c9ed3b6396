/**
 * Writes `generated/<name>-methods.ts`: the documented interface of the client's operation methods, one
 * method signature per operation, its TSDoc read from the spec (summary, description, parameters, body,
 * result, errors) with an `@example` built from the spec's own examples.
 *
 * The client's signatures come from a mapped type over openapi-typescript's `operations`
 * (`BatchOperationMethods` in src/client/operation-types.ts), which TypeDoc can only list by name. This
 * interface restates them one by one so that each has its own documented entry; test/types/
 * batch-methods.test-d.ts asserts that the two are exactly equal, so they cannot drift.
 */
import { createApiError } from '../../src/errors/factories.js';
import type { OpenApiDoc } from './extract-tagged.js';
import type { OperationRow, SchemaShape } from './operation-table.js';

type Json = Record<string, unknown>;

/** Where the signature types come from (type-only: see ARCHITECTURE.md, generated/). */
const TYPES_MODULE = '../src/client/operation-types.js';

function deref(doc: OpenApiDoc, node: unknown): Json {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string') return (node ?? {}) as Json;
  const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
  return (section && name ? doc.components?.[section]?.[name] : undefined) as Json;
}

const refName = (node: unknown): string | undefined => {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
};

/**
 * Spec text made safe for a TSDoc block: no comment end, `@` and braces escaped, and the spec's links to
 * operations (`[Batch:createBatchJob](#/Batch/createBatchJob)`) turned into links to this interface's
 * methods, or to Soracom's public API reference for other APIs.
 */
function tsdocText(text: string, methods: ReadonlySet<string>, interfaceName: string): string {
  const escaped = (plain: string) => plain.replace(/\*\//g, '*\\/').replace(/[@{}]/g, (c) => `\\${c}`);
  const link = /\[([^\]]+)\]\(#\/([^/)]+)\/([^)]+)\)/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(link)) {
    const [whole, label, tag, op] = match as unknown as [string, string, string, string];
    out += escaped(text.slice(last, match.index));
    out += methods.has(op)
      ? `{@link ${interfaceName}.${op} | ${label}}`
      : `[${label}](https://developers.soracom.io/en/api/#!/${tag}/${op})`;
    last = match.index + whole.length;
  }
  return out + escaped(text.slice(last));
}

/** A one-line value for the example: the schema's example, else its first enum value, else a placeholder. */
function exampleValue(doc: OpenApiDoc, node: unknown, name: string, depth = 0): unknown {
  const schema = deref(doc, node);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.type === 'array' && depth < 3) return [exampleValue(doc, schema.items, name, depth + 1)];
  if (schema.type === 'object' || schema.properties) return exampleObject(doc, schema, depth + 1);
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return false;
  // A string without an example: its description, which names what goes there ("Batch group name.").
  return typeof schema.description === 'string' ? schema.description.trim().replace(/\.$/, '') : name;
}

/** An object of the required properties and those the spec gives an example of (any one if that is none). */
function exampleObject(doc: OpenApiDoc, schema: Json, depth: number): Json {
  const properties = (schema.properties ?? {}) as Json;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const names = Object.keys(properties);
  let chosen = names.filter((n) => required.has(n) || deref(doc, properties[n]).example !== undefined);
  if (chosen.length === 0) chosen = names.slice(0, 1);
  // Required first, in the spec's order.
  chosen.sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  return Object.fromEntries(chosen.map((n) => [n, exampleValue(doc, properties[n], n, depth)]));
}

/** A value as TypeScript source: single-quoted strings, unquoted keys where they are identifiers. */
function source(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(source).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${source(v)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** `BatchJobResponse` → `job`: the name of one item in the example. */
function variableFor(schemaName: string | undefined, fallback: string): string {
  const words = (schemaName ?? '').replace(/Response$/, '').match(/[A-Z][a-z0-9]*/g);
  const last = words?.at(-1);
  return last ? last.toLowerCase() : fallback;
}

type Response = { status: string; description: string; schema: unknown };

function responsesOf(doc: OpenApiDoc, op: Json): Response[] {
  return Object.entries((op.responses ?? {}) as Json).map(([status, response]) => {
    const r = deref(doc, response);
    const json = ((r.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
    return { status, description: String(r.description ?? '').trim(), schema: json };
  });
}

/** The SDK error class an answer with this status becomes (the one mapping: src/errors/factories.ts). */
function errorClassFor(status: number): string {
  return createApiError({ method: 'GET', url: 'https://api.invalid/', status, headers: new Headers(), body: undefined })
    .name;
}

/** The list of a shape's properties for `@param`: `name` (required, at most N characters): what it is. */
function bodyLines(shape: SchemaShape, text: (t: string) => string): string[] {
  const required = new Set(shape.required ?? []);
  return Object.entries(shape.properties ?? {}).map(([name, property]) => {
    const facts = [
      required.has(name) ? 'required' : 'optional',
      ...(property.maxLength !== undefined ? [`at most ${property.maxLength} characters`] : []),
      ...(property.enum ? [`one of ${property.enum.map((v) => `\`${v}\``).join(', ')}`] : []),
    ];
    const what = (property.description ?? '').split('\n')[0]?.trim() ?? '';
    return `  - \`${name}\` (${facts.join(', ')})${what ? `: ${text(what)}` : ''}`;
  });
}

function methodDoc(doc: OpenApiDoc, row: OperationRow, text: (t: string) => string): string[] {
  const item = doc.paths[row.path] as Json;
  const op = item[row.method.toLowerCase()] as Json;
  const lines: string[] = [text(row.docs.summary || row.operationId), ''];
  if (row.docs.description) lines.push(...text(row.docs.description).split('\n'), '');
  lines.push(
    `\`${row.method} ${row.path}\`${row.pagination ? `, paginated by \`${row.pagination.responseHeader}\`` : ''}.`,
    '',
  );

  const params = row.parameters.map((p) => {
    const facts = [
      p.in,
      p.required ? 'required' : 'optional',
      ...(p.enum ? [`one of ${p.enum.map((v) => `\`${v}\``).join(', ')}`] : []),
    ];
    const what = row.docs.parameters[p.name] ?? '';
    return `- \`${p.name}\` (${facts.join(', ')})${what ? `: ${text(what)}` : ''}`;
  });
  if (row.hasBody && row.docs.body) {
    const schemaName = row.bodySchema ? `, \`${row.bodySchema}\`` : '';
    params.push(`- \`body\` (${row.bodyRequired ? 'required' : 'optional'}${schemaName}):`);
    params.push(...bodyLines(row.docs.body, text));
  }
  lines.push(
    params.length > 0
      ? '@param params - The parameters, by their spec names:'
      : '@param params - None: the operation takes no parameters.',
  );
  lines.push(...params);
  lines.push(
    row.pagination
      ? '@param options - Call options ({@link CallOptions}), and `maxItems` (a cap on the items read across pages) and `prefetch`.'
      : '@param options - Call options ({@link CallOptions}): `signal`, `headers`, `timeoutMs`, `maxRetries`, `maxRetryDelayMs`.',
  );

  const responses = responsesOf(doc, op);
  const success = responses.find((r) => /^2\d\d$/.test(r.status));
  if (success) {
    const items = (deref(doc, success.schema).items as unknown) ?? undefined;
    const schemaName = refName(items) ?? refName(success.schema);
    const answer = `${success.status}: ${text(success.description)}`;
    lines.push(
      row.pagination
        ? `@returns A {@link PagedCall} of \`${schemaName}\` items (${answer}): \`await\` it for the first page, \`for await\` it for every item across pages.`
        : success.schema
          ? `@returns The \`${schemaName ?? 'JSON'}\` the API answered (${answer}); \`.withResponse()\` adds the response and its request ID.`
          : `@returns \`undefined\` (${answer}); \`.withResponse()\` adds the response and its request ID.`,
    );
  }
  for (const r of responses) {
    const status = Number(r.status);
    if (!(status >= 400)) continue;
    lines.push(
      `@throws {@link ${errorClassFor(status)}} ${r.status}: ${text(r.description.replace(/\n/g, ' ').trim())}`,
    );
  }
  lines.push(
    '@throws {@link BatchValidationError} before anything is sent, when a parameter or a body field breaks the spec; ' +
      '{@link ServerError}, {@link ConnectionError}, {@link TimeoutError} once retries are spent; ' +
      "{@link AbortError} when the call's signal ends it.",
  );
  lines.push('@example', '```ts', ...exampleOf(doc, row, op, success), '```');
  return lines;
}

/** A short, type-checked use of the method, built from the spec's examples (free names as in the README's). */
function exampleOf(doc: OpenApiDoc, row: OperationRow, op: Json, success: Response | undefined): string[] {
  const args: string[] = [];
  for (const p of row.parameters) {
    if (p.in === 'path') args.push(p.name);
    else if (p.required || p.name === 'limit') {
      const param = ((op.parameters as Json[] | undefined) ?? [])
        .map((x) => deref(doc, x))
        .find((x) => x.name === p.name);
      args.push(`${p.name}: ${source(param?.example ?? exampleValue(doc, param?.schema, p.name))}`);
    }
  }
  if (row.hasBody) {
    const body = deref(doc, (op.requestBody as Json | undefined) ?? {});
    const schema = ((body.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
    args.push(`body: ${source(exampleValue(doc, schema, 'body'))}`);
  }
  const call = `batch.${row.operationId}(${args.length > 0 ? `{ ${args.join(', ')} }` : ''})`;
  if (!success?.schema) return [`await ${call};`];
  const items = deref(doc, success.schema).items;
  const schema = deref(doc, items ?? success.schema);
  const name = variableFor(refName(items ?? success.schema), 'result');
  // What the example prints: the response's properties the API always sends.
  const always = (schema.required as string[] | undefined) ?? [];
  const shown = [...new Set([always[0], always.includes('status') ? 'status' : always[1]])]
    .filter((p) => p !== undefined)
    .map((p) => `${name}.${p}`);
  const print = `console.log(${shown.length > 0 ? shown.join(', ') : name});`;
  if (row.pagination) return [`for await (const ${name} of ${call}) {`, `  ${print}`, '}'];
  return [`const ${name} = await ${call};`, print];
}

/** The interface's name for a spec: `batch` → `BatchMethods`. */
export function methodInterfaceName(specName: string): string {
  return `${specName[0]?.toUpperCase()}${specName.slice(1).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Methods`;
}

/** TypeScript source of `generated/<name>-methods.ts`. */
export function renderMethodInterface(
  doc: OpenApiDoc,
  rows: OperationRow[],
  header: string,
  specName = 'batch',
): string {
  const name = methodInterfaceName(specName);
  const methods = new Set(rows.map((r) => r.operationId));
  const text = (t: string) => tsdocText(t, methods, name);
  const members = rows.map((row) => {
    const comment = methodDoc(doc, row, text).map((line) => (line === '' ? '   *' : `   * ${line}`));
    const optional = row.parameters.some((p) => p.required) || row.bodyRequired ? '' : '?';
    const id = `'${row.operationId}'`;
    const signature = row.pagination
      ? `${row.operationId}(params${optional}: OperationParams<${id}>, options?: PageCallOptions): PagedCall<OperationItem<${id}>>;`
      : `${row.operationId}(params${optional}: OperationParams<${id}>, options?: CallOptions): ApiCall<OperationData<${id}>>;`;
    return ['  /**', ...comment, '   */', `  ${signature}`].join('\n');
  });
  return `${header}
import type {
  ApiCall,
  CallOptions,
  OperationData,
  OperationItem,
  OperationParams,
  PageCallOptions,
  PagedCall,
} from '${TYPES_MODULE}';

/**
 * One method per operation of the ${specName} spec, named by its operationId, documented from the spec.
 *
 * Written by scripts/lib/method-interface.ts; the signatures equal the client's mapped type
 * (\`BatchOperationMethods\`), which test/types/batch-methods.test-d.ts checks.
 *
 * @example
 * \`\`\`ts
 * import type { ${name} } from 'soracom-batch';
 *
 * const methods: ${name} = batch;
 * const group = await methods.getBatchGroup({ batch_group_id });
 * \`\`\`
 * @category Operations
 */
export interface ${name} {
${members.join('\n\n')}
}
`;
}
