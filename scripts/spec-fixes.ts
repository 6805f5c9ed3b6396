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

/**
 * A response property the API always returns, and what in the published spec shows it. `evidence` maps a
 * place in openapi/batch.yaml to what is found there: structure only (an example, an enum, a `required`
 * list, a parameter's place), never prose, so the citation holds in either language edition. A place is
 * a JSON pointer (`/components/schemas/BatchJobResponse/properties/jobId/example`), or one inside an
 * operation named by its operationId (`getBatchJob#/parameters/1/required`), which a renamed path leaves
 * valid. A cited list must still hold every cited value (an enum may grow); anything else must be equal.
 * `spec:update` checks every citation against each release before applying it (`brokenCitations`) and
 * fails, naming the citation, when one no longer holds: the reason for the fix must then be reread.
 */
export type AlwaysReturned = {
  /** Why the API cannot answer without it, in words. */
  because: string;
  /** A place in openapi/batch.yaml → the value found there. */
  evidence: Record<string, string | number | boolean | readonly string[]>;
};

/** The task statuses, as BatchTaskResponse.status enumerates them (cited below). */
const TASK_STATUSES = ['pending', 'success', 'error'];

/**
 * THE list of response properties the API always returns, per response schema: the spec marks no
 * response property as required, so openapi-typescript makes every one of them optional (`jobId?:
 * string`) and users write `!` after every ID. Each entry is justified by the spec's own examples and
 * descriptions, cited by JSON pointer.
 *
 * Deliberately left optional, because the spec shows or implies answers without them:
 * - `BatchGroupResponse.description`, `BatchJobResponse.jobName`, `.description`, `.abortOnFailure`: the
 *   requests that set them do not require them (`CreateBatchGroupRequest`, `CreateBatchJobRequest`), and
 *   the response schemas give no example of them;
 * - `BatchJobResponse.finishedTime`, `.errorMessage`: only a finished (`Finished time.`) or failed job
 *   ("Detailed information about the failed batch job.") has them;
 * - `BatchJobResponse.summary`: its counts are "periodically updated during the batch job execution"
 *   (`BatchJobSummary.description`), and the spec gives no example of a job with it, so a job that has not
 *   been counted yet may come without it; the runner counts the tasks itself then, and the emulator's
 *   `hideJobSummary` plays that answer. When it is there, its three counts are (below);
 * - `BatchTaskResponse.response`, `.startedTime`, `.finishedTime`: a `pending` task ("Task is waiting for
 *   execution.") has not run, so it has no answer and no times.
 */
export const alwaysReturned: Record<string, Record<string, AlwaysReturned>> = {
  BatchGroupResponse: {
    batchGroupId: {
      because:
        "the group's identity, and the only place a new group's ID comes from: every other group and job " +
        'operation takes it as the required path parameter batch_group_id',
      evidence: {
        '/components/schemas/BatchGroupResponse/properties/batchGroupId/example': 'aaaa1111',
        'getBatchGroup#/parameters/0/in': 'path',
        'getBatchGroup#/parameters/0/required': true,
      },
    },
    batchGroupName: {
      because: 'a group cannot be created without a name (createBatchGroup requires it), and the example shows one',
      evidence: {
        '/components/schemas/CreateBatchGroupRequest/required': ['batchGroupName'],
        '/components/schemas/BatchGroupResponse/properties/batchGroupName/example': 'Monthly SIM Tag Update',
      },
    },
    createdTime: {
      because: 'every group was created at some time; the example shows it (Unix seconds)',
      evidence: { '/components/schemas/BatchGroupResponse/properties/createdTime/example': 1704067200 },
    },
    updatedTime: {
      because: 'the example shows it beside createdTime (Unix seconds, set at creation and at every update)',
      evidence: { '/components/schemas/BatchGroupResponse/properties/updatedTime/example': 1704153600 },
    },
  },
  BatchJobResponse: {
    jobId: {
      because:
        "the job's identity, and the only place a new job's ID comes from: getBatchJob and listTasksOfBatchJob " +
        'take it as the required path parameter job_id',
      evidence: {
        '/components/schemas/BatchJobResponse/properties/jobId/example': 'bbbb2222',
        'getBatchJob#/parameters/1/in': 'path',
        'getBatchJob#/parameters/1/required': true,
      },
    },
    batchGroupId: {
      because: 'a job exists only in a group: createBatchJob takes the group as a required path parameter',
      evidence: {
        '/components/schemas/BatchJobResponse/properties/batchGroupId/example': 'aaaa1111',
        'createBatchJob#/parameters/0/in': 'path',
        'createBatchJob#/parameters/0/required': true,
      },
    },
    status: {
      because:
        'the enum names the states a job is in from creation (`pending`, which its description calls "preparing to ' +
        'execute") to its end (`completed`, `failed`, `aborted`): a job is always in one of them',
      evidence: {
        '/components/schemas/BatchJobResponse/properties/status/enum': [
          'pending',
          'running',
          'completed',
          'aborted',
          'failed',
        ],
      },
    },
    createdTime: {
      because: 'every job was created at some time; the example shows it (Unix seconds)',
      evidence: { '/components/schemas/BatchJobResponse/properties/createdTime/example': 1704067200 },
    },
    updatedTime: {
      because: 'the example shows it beside createdTime (Unix seconds, set at creation and as the job runs)',
      evidence: { '/components/schemas/BatchJobResponse/properties/updatedTime/example': 1704153600 },
    },
  },
  BatchJobSummary: {
    pending: {
      because: 'the summary counts the tasks of each task status (one count per value of the enum), pending among them',
      evidence: {
        '/components/schemas/BatchTaskResponse/properties/status/enum': TASK_STATUSES,
        '/components/schemas/BatchJobSummary/properties/pending/example': 5,
      },
    },
    success: {
      because: 'the summary counts the tasks of each task status (one count per value of the enum), success among them',
      evidence: {
        '/components/schemas/BatchTaskResponse/properties/status/enum': TASK_STATUSES,
        '/components/schemas/BatchJobSummary/properties/success/example': 95,
      },
    },
    error: {
      because: 'the summary counts the tasks of each task status; the example shows a count of 0 sent, not left out',
      evidence: {
        '/components/schemas/BatchTaskResponse/properties/status/enum': TASK_STATUSES,
        '/components/schemas/BatchJobSummary/properties/error/example': 0,
      },
    },
  },
  BatchTaskResponse: {
    taskId: {
      because: "the task's identity within its job; the example shows it",
      evidence: { '/components/schemas/BatchTaskResponse/properties/taskId/example': 1 },
    },
    status: {
      because:
        'the enum names the states a task is in from creation (`pending`, "waiting for execution") to its end ' +
        '(`success`, `error`): a task is always in one of them',
      evidence: { '/components/schemas/BatchTaskResponse/properties/status/enum': TASK_STATUSES },
    },
    request: {
      because:
        'a task is the API request it was created from (the listTasksOfBatchJob description: "Each task ' +
        'represents an individual API operation"), the same schema, and createBatchJob requires that request ' +
        'of every task',
      evidence: {
        '/components/schemas/BatchTaskResponse/properties/request/$ref': '#/components/schemas/BatchTaskApiRequest',
        '/components/schemas/BatchTaskRequest/properties/request/$ref': '#/components/schemas/BatchTaskApiRequest',
        '/components/schemas/BatchTaskRequest/required': ['request'],
      },
    },
  },
  BatchTaskApiResponse: {
    statusCode: {
      because: "a task's answer is an HTTP answer, which always has a status code; the example shows it",
      evidence: { '/components/schemas/BatchTaskApiResponse/properties/statusCode/example': 200 },
    },
  },
};

/** A citation of `alwaysReturned` that the spec no longer bears out. */
export type BrokenCitation = { schema: string; property: string; pointer: string; cited: unknown; found: unknown };

/** The value at a JSON pointer (`/components/schemas/X`, `~1` for `/`) from `node`, or undefined. */
function atPointer(node: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Json)[key] : undefined), node);
}

/** The value at a place of `alwaysReturned`'s evidence: a JSON pointer, or `<operationId>#<pointer>`. */
export function valueAt(doc: OpenApiDoc, place: string): unknown {
  const [operationId, pointer] = place.startsWith('/') ? [undefined, place] : place.split('#');
  if (operationId === undefined) return atPointer(doc, pointer as string);
  let operation: Json | undefined;
  forEachOperation(doc, (op) => {
    if (op.operationId === operationId) operation = op;
  });
  return operation === undefined ? undefined : atPointer(operation, pointer ?? '');
}

/** Whether `found` bears out `cited`: a cited list is contained in the list found; anything else is equal. */
function bearsOut(found: unknown, cited: unknown): boolean {
  if (Array.isArray(cited)) return Array.isArray(found) && cited.every((value) => found.includes(value));
  return found === cited;
}

/** Every citation of `alwaysReturned` that `doc` (a published Batch spec) no longer bears out. */
export function brokenCitations(doc: OpenApiDoc): BrokenCitation[] {
  return Object.entries(alwaysReturned).flatMap(([schema, properties]) =>
    Object.entries(properties).flatMap(([property, { evidence }]) =>
      Object.entries(evidence).flatMap(([pointer, cited]) => {
        const found = valueAt(doc, pointer);
        return bearsOut(found, cited) ? [] : [{ schema, property, pointer, cited, found }];
      }),
    ),
  );
}

/** `BatchJobResponse` → `batch-job-response`. */
const kebab = (name: string): string => name.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase();

/**
 * One fix per schema of `alwaysReturned`: it adds the listed properties to the schema's `required`. It
 * is stale (0) when any of them is no longer declared, or already required: the list must then change.
 */
function alwaysReturnedFix(schemaName: string, properties: Record<string, AlwaysReturned>): SpecFix {
  const names = Object.keys(properties);
  return {
    id: `always-returned-${kebab(schemaName)}`,
    why:
      `The API always returns ${names.join(', ')} of ${schemaName}, but the spec marks no response property ` +
      'as required, so the generated types make each `| undefined`. ' +
      names.map((name) => `${name}: ${properties[name]?.because}.`).join(' ') +
      ' (evidence: alwaysReturned in scripts/spec-fixes.ts)',
    looksFor: `components.schemas.${schemaName} declaring ${names.join(', ')}, none of them in its \`required\``,
    apply: (doc) => {
      const target = schema(doc, schemaName);
      const declared = (target?.properties ?? {}) as Json;
      const required = Array.isArray(target?.required) ? (target.required as string[]) : [];
      if (!target || names.some((name) => !(name in declared) || required.includes(name))) return 0;
      target.required = [...required, ...names];
      return names.length;
    },
  };
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
  ...Object.entries(alwaysReturned).map(([name, properties]) => alwaysReturnedFix(name, properties)),
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
