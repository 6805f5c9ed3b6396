/**
 * THE one place where defects of Soracom's published API descriptions are corrected.
 *
 * `openapi/*.yaml` stay exactly as published (the Batch spec is the Batch part of Soracom's description,
 * taken by `npm run spec:update`); the generator
 * (`scripts/generate.ts`) loads each of them, applies the fixes listed here, writes the corrected
 * document to `generated/openapi/<name>.yaml` (which Prism mocks and Redocly lints) and generates
 * types from it. Each fix must still find its defect: when Soracom corrects the spec, the fix reports
 * that it no longer applies and generation fails, so stale fixes are removed instead of piling up.
 */
import type { OpenApiDoc } from './lib/extract-tagged.js';

export type SpecFix = {
  /** Kebab-case name, shown in logs and in the generated spec header. */
  id: string;
  /** Why the published spec is wrong, citing the evidence. */
  why: string;
  /** What the fix looks for in the spec, named in the message when it finds nothing. */
  looksFor: string;
  /** Mutates `doc`; returns how many places it changed (0 means the defect is gone). */
  apply: (doc: OpenApiDoc) => number;
};

type Json = Record<string, unknown>;

function schema(doc: OpenApiDoc, name: string): Json | undefined {
  return doc.components?.schemas?.[name] as Json | undefined;
}

/** A JSON value of any shape the API accepts as a request or response body. */
function anyJsonBody(description: unknown, example: unknown): Json {
  const body: Json = {
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ],
  };
  if (description !== undefined) body.description = description;
  if (example !== undefined) body.example = example;
  return body;
}

/** Replaces a property-less `type: object` body with "an object or an array". */
function widenBody(doc: OpenApiDoc, schemaName: string): number {
  const properties = schema(doc, schemaName)?.properties as Json | undefined;
  const body = properties?.body as Json | undefined;
  if (body?.type !== 'object' || body.properties !== undefined || body.additionalProperties !== undefined) {
    return 0;
  }
  (properties as Json).body = anyJsonBody(body.description, body.example);
  return 1;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

function forEachOperation(doc: OpenApiDoc, visit: (operation: Json) => void): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (operation) visit(operation);
    }
  }
}

export const batchFixes: SpecFix[] = [
  {
    id: 'task-request-body-any-json',
    why:
      'BatchTaskApiRequest.body is declared `type: object` without properties, but Sim:putSimTags (one of the ' +
      'eight supported actions) takes a JSON array body. openapi-typescript also turns a property-less object ' +
      'into Record<string, never>, which accepts no key at all, and Prism would reject array bodies.',
    looksFor: 'components.schemas.BatchTaskApiRequest.properties.body declared `type: object` without properties',
    apply: (doc) => widenBody(doc, 'BatchTaskApiRequest'),
  },
  {
    id: 'task-response-body-any-json',
    why:
      'BatchTaskApiResponse.body carries whatever the target API answered (a SIM object, a VPG map entry, an ' +
      'error object), but is declared as a property-less object, which openapi-typescript makes unusable.',
    looksFor: 'components.schemas.BatchTaskApiResponse.properties.body declared `type: object` without properties',
    apply: (doc) => widenBody(doc, 'BatchTaskApiResponse'),
  },
  {
    id: 'drop-ref-siblings',
    why:
      'OpenAPI 3.0 ignores keys beside `$ref` (Redocly: spec-ref-siblings). The published siblings are ' +
      'placeholders ("Not shown because $ref is used at the same level in base/batch.yaml").',
    looksFor: 'a key beside a `$ref` anywhere under paths or components',
    apply: (doc) => {
      let changed = 0;
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) {
          node.forEach(visit);
          return;
        }
        if (node === null || typeof node !== 'object') return;
        const record = node as Json;
        if (typeof record.$ref === 'string') {
          for (const key of Object.keys(record)) {
            if (key !== '$ref') {
              delete record[key];
              changed++;
            }
          }
          return;
        }
        Object.values(record).forEach(visit);
      };
      visit(doc.paths);
      visit(doc.components);
      return changed;
    },
  },
  {
    id: 'declare-401-on-authenticated-operations',
    why:
      "Every Batch operation requires X-Soracom-API-Key and X-Soracom-Token (the spec's own securitySchemes: " +
      '"Required in combination with an API token for all authenticated requests"; ' +
      'https://developers.soracom.io/en/docs/tools/api-reference/) and answers 401 without them, but no ' +
      'operation declares 401 and some declare no 4xx response at all (Redocly: operation-4xx-response).',
    looksFor: 'an operation with a security requirement and no 401 response',
    apply: (doc) => {
      let changed = 0;
      forEachOperation(doc, (operation) => {
        const responses = operation.responses as Json;
        const secured = Array.isArray(operation.security) && operation.security.length > 0;
        if (secured && !('401' in responses)) {
          responses['401'] = { description: 'The API key or token is missing, invalid or expired.' };
          changed++;
        }
      });
      return changed;
    },
  },
  {
    id: 'declare-429-on-all-operations',
    why:
      'Soracom rate-limits every API path per operator per minute and answers 429 when the limit is ' +
      'exceeded (https://users.soracom.io/ja-jp/tools/api/limitations/), but only createBatchJob declares a 429 answer.',
    looksFor: 'an operation with no 429 response',
    apply: (doc) => {
      let changed = 0;
      forEachOperation(doc, (operation) => {
        const responses = operation.responses as Json;
        if (!('429' in responses)) {
          responses['429'] = {
            description: 'Too many requests: the rate limit for this API was exceeded; wait and try again.',
          };
          changed++;
        }
      });
      return changed;
    },
  },
];

/** Fixes per spec name (the `name` in `scripts/lib/specs.ts`). */
export const specFixes: Record<string, SpecFix[]> = {
  batch: batchFixes,
};

/** A fix found nothing to correct: the published spec changed under it. */
export class StaleSpecFixError extends Error {
  constructor(
    readonly specName: string,
    readonly fix: SpecFix,
  ) {
    super(
      `spec fix "${fix.id}" (scripts/spec-fixes.ts) found nothing to correct in the ${specName} spec: it looks for ` +
        `${fix.looksFor}, and the spec has none. Either Soracom corrected the defect, or the schema or operation ` +
        'it lived in is gone (see the removed operations and properties in the report). Remove or update the fix ' +
        'in scripts/spec-fixes.ts, then run again.',
    );
    this.name = 'StaleSpecFixError';
  }
}

/** Applies every fix for `specName`, throwing a StaleSpecFixError when one no longer finds its defect. */
export function applySpecFixes(specName: string, doc: OpenApiDoc): SpecFix[] {
  const fixes = specFixes[specName] ?? [];
  for (const fix of fixes) {
    if (fix.apply(doc) === 0) throw new StaleSpecFixError(specName, fix);
  }
  return fixes;
}

/** The fixes for `specName` that find nothing to correct in `doc` (left unchanged: fixes run on a copy). */
export function staleSpecFixes(specName: string, doc: OpenApiDoc): SpecFix[] {
  const copy = structuredClone(doc);
  return (specFixes[specName] ?? []).filter((fix) => fix.apply(copy) === 0);
}
