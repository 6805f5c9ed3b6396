/**
 * What changed between two versions of the Batch spec, classified by what it does to this SDK's
 * users: their calls are methods named by operationId that take the parameters by name plus `body`
 * (src/client/operation-types.ts), they read responses typed from the spec, and they may name
 * `components['schemas'][...]` and call `batch.raw` with path literals. So a renamed path parameter,
 * harmless on the wire, is breaking here: every call passing it by its old name stops compiling.
 * Severities are explained in changes.ts.
 */
import { type Change, Collector, type Ctx, code, DOC_KEYS, stripDocs } from './changes.js';
import type { OpenApiDoc } from './extract-tagged.js';
import {
  deref,
  isRecord,
  type Json,
  jsonSchemaOf,
  type OperationRef,
  operationsById,
  parametersOf,
  pathShape,
  requestBodyOf,
  sameJson,
} from './openapi.js';
import { compareSchema } from './schema-diff.js';

export type { Change, ChangeKind, Severity } from './changes.js';

export type SpecDiff = {
  versions: { before: string; after: string };
  operations: { added: string[]; removed: string[]; changed: string[] };
  changes: Change[];
  /** Locations whose descriptions, summaries or examples changed (no effect on code). */
  documentation: string[];
};

const OPERATION_KEYS_HANDLED = new Set([
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'security',
  'tags',
  'deprecated',
  'x-soracom-cli-pagination',
]);

const isSuccess = (status: string) => /^2\d\d$/.test(status);

export function diffSpecs(before: OpenApiDoc, after: OpenApiDoc): SpecDiff {
  const out = new Collector();
  const ctx: Ctx = { before, after, out };
  const oldOps = operationsById(before);
  const newOps = operationsById(after);
  const added = [...newOps.keys()].filter((id) => !oldOps.has(id));
  const removed = [...oldOps.keys()].filter((id) => !newOps.has(id));

  // An operationId that vanished while a new one appeared at the same method and path is a rename.
  const renamedTo = new Map<string, string>();
  for (const oldId of removed) {
    const old = oldOps.get(oldId) as OperationRef;
    const match = added.find(
      (id) =>
        !renamedTo.has(id) &&
        newOps.get(id)?.method === old.method &&
        pathShape(newOps.get(id)?.path ?? '') === pathShape(old.path),
    );
    if (match) renamedTo.set(match, oldId);
  }
  const renamedFrom = new Map([...renamedTo].map(([to, from]) => [from, to]));

  for (const id of added) {
    const op = newOps.get(id) as OperationRef;
    const from = renamedTo.get(id);
    if (from) {
      out.add(
        {
          severity: 'breaking',
          kind: 'operation-renamed',
          subject: from,
          message: `renamed to ${code(id)} (${op.method.toUpperCase()} ${op.path})`,
          action: `call \`batch.${id}(...)\` instead of \`batch.${from}(...)\`.`,
        },
        id,
      );
      compareOperation(ctx, oldOps.get(from) as OperationRef, op);
      continue;
    }
    const paged = op.operation['x-soracom-cli-pagination'] !== undefined ? ', paginated: returns a PagedCall' : '';
    out.add(
      {
        severity: 'compatible',
        kind: 'operation-added',
        subject: id,
        message: `added: ${op.method.toUpperCase()} ${op.path}${paged}`,
      },
      id,
    );
  }
  for (const id of removed) {
    if (renamedFrom.has(id)) continue;
    const op = oldOps.get(id) as OperationRef;
    out.add(
      {
        severity: 'breaking',
        kind: 'operation-removed',
        subject: id,
        message: `removed (${op.method.toUpperCase()} ${op.path})`,
        action:
          `remove calls to \`batch.${id}(...)\` and \`batch.raw.${op.method.toUpperCase()}('${op.path}')\`: ` +
          'the method and the path no longer exist.',
      },
      id,
    );
  }
  for (const [id, old] of oldOps) {
    const now = newOps.get(id);
    if (now) compareOperation(ctx, old, now);
  }
  compareDocument(ctx);

  const changes = [...out.changes.values()];
  const touched = new Set(changes.flatMap((c) => c.operations));
  return {
    versions: { before: String(before.info?.version ?? '?'), after: String(after.info?.version ?? '?') },
    operations: {
      added,
      removed,
      changed: [...newOps.keys()].filter((id) => oldOps.has(id) && touched.has(id)),
    },
    changes,
    documentation: [...out.documentation].sort(),
  };
}

/** `https://api.soracom.io/v1 ("Japan coverage production API endpoint"), ...`, or `none`. */
function describeServers(servers: unknown[] | undefined): string {
  const described = (servers ?? []).map((server) => {
    const { url, description } = isRecord(server) ? server : {};
    return description === undefined ? String(url) : `${String(url)} (${JSON.stringify(description)})`;
  });
  return described.length > 0 ? described.join(', ') : 'none';
}

function compareDocument(ctx: Ctx): void {
  const { before, after, out } = ctx;
  if (before.openapi !== after.openapi) {
    out.add({
      severity: 'review',
      kind: 'document-changed',
      subject: 'openapi',
      message: `OpenAPI version ${before.openapi} → ${after.openapi}`,
      action: 'check that openapi-typescript, Redocly and Prism still read it (npm run generate, npm test).',
    });
  }
  if (!sameJson(before.servers, after.servers)) {
    out.add({
      severity: 'review',
      kind: 'document-changed',
      subject: 'servers',
      message: `servers changed from ${describeServers(before.servers)} to ${describeServers(after.servers)}`,
      action:
        'the client maps coverage types to these servers (generated `batchServers`, from the servers described as ' +
        'Japan and global coverage): check the new URLs and descriptions.',
    });
  }
  const schemesBefore = before.components?.securitySchemes;
  const schemesAfter = after.components?.securitySchemes;
  if (!sameJson(stripDocs(schemesBefore), stripDocs(schemesAfter)) || !sameJson(before.security, after.security)) {
    out.add({
      severity: 'review',
      kind: 'document-changed',
      subject: 'security',
      message: 'security schemes or the document-wide security requirement changed',
      action: 'the SDK sends X-Soracom-API-Key and X-Soracom-Token itself (src/transport): check it still should.',
    });
  } else if (!sameJson(schemesBefore, schemesAfter)) {
    out.docs('components.securitySchemes');
  }
  const namesBefore = Object.keys(before.components?.schemas ?? {});
  const namesAfter = Object.keys(after.components?.schemas ?? {});
  for (const name of namesAfter.filter((n) => !namesBefore.includes(n))) {
    out.add({
      severity: 'compatible',
      kind: 'schema-added',
      subject: name,
      message: `schema added (type \`components['schemas']['${name}']\`)`,
    });
  }
  for (const name of namesBefore.filter((n) => !namesAfter.includes(n))) {
    out.add({
      severity: 'breaking',
      kind: 'schema-removed',
      subject: name,
      message: 'schema removed',
      action:
        `the type \`components['schemas']['${name}']\` no longer exists: code naming it (yours, and the aliases ` +
        'src/index.ts exports over it) must change.',
    });
  }
  if (!sameJson(before.tags, after.tags)) out.docs('tags');
}

function compareOperation(ctx: Ctx, old: OperationRef, now: OperationRef): void {
  const { out } = ctx;
  const id = now.operationId;
  const M = now.method.toUpperCase();
  const add = (change: Omit<Change, 'operations' | 'subject'>) => out.add({ subject: id, ...change }, id);

  const renames = compareParameters(ctx, old, now);
  if (old.method !== now.method || pathShape(old.path) !== pathShape(now.path)) {
    add({
      severity: 'breaking',
      kind: 'operation-moved',
      message: `moved from ${old.method.toUpperCase()} ${old.path} to ${M} ${now.path}`,
      action:
        `\`batch.${id}(...)\` keeps working (the SDK reads method and path from the generated table); ` +
        `\`batch.raw.${old.method.toUpperCase()}('${old.path}')\` must become \`batch.raw.${M}('${now.path}')\`.`,
    });
  } else if (old.path !== now.path && renames === 0) {
    add({
      severity: 'breaking',
      kind: 'operation-moved',
      message: `path template ${old.path} → ${now.path}`,
      action: `\`batch.raw.${M}('${old.path}')\` must become \`batch.raw.${M}('${now.path}')\`.`,
    });
  }

  compareRequestBody(ctx, old, now);
  compareResponses(ctx, old, now);
  comparePagination(ctx, old, now);

  const a = old.operation;
  const b = now.operation;
  if (!sameJson(a.security, b.security)) {
    add({
      severity: 'review',
      kind: 'document-changed',
      message: `security requirement ${JSON.stringify(a.security ?? null)} → ${JSON.stringify(b.security ?? null)}`,
      action: 'the table field `secured` follows it: check the SDK still sends (or not) the API key and token.',
    });
  }
  if (a.deprecated !== true && b.deprecated === true) {
    add({
      severity: 'review',
      kind: 'document-changed',
      message: 'is now deprecated',
      action: `plan to stop calling \`batch.${id}(...)\`; say so in the README.`,
    });
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (OPERATION_KEYS_HANDLED.has(key) || sameJson(a[key], b[key])) continue;
    if (DOC_KEYS.has(key)) out.docs(`${id}.${key}`);
    else {
      add({
        severity: 'review',
        kind: 'document-changed',
        message: `operation key ${code(key)} changed`,
        action: 'read the new spec for this key; the report does not classify it.',
      });
    }
  }
}

/** Compares parameters and returns how many renames it reported. */
function compareParameters(ctx: Ctx, old: OperationRef, now: OperationRef): number {
  const { out } = ctx;
  const id = now.operationId;
  const before = parametersOf(ctx.before, old);
  const after = parametersOf(ctx.after, now);
  const key = (p: { in: string; name: string }) => `${p.in}:${p.name}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const removed = before.filter((p) => !afterKeys.has(key(p)));
  const added = after.filter((p) => !beforeKeys.has(key(p)));
  let renames = 0;

  // One removed and one added in the same place (`in`) is reported as one rename, breaking.
  for (const where of new Set([...removed, ...added].map((p) => p.in))) {
    const gone = removed.filter((p) => p.in === where);
    const came = added.filter((p) => p.in === where);
    if (gone.length !== 1 || came.length !== 1) continue;
    const [from, to] = [gone[0], came[0]] as [(typeof gone)[0], (typeof came)[0]];
    removed.splice(removed.indexOf(from), 1);
    added.splice(added.indexOf(to), 1);
    renames++;
    const pathNote =
      where === 'path' && old.path !== now.path
        ? `; \`batch.raw\` calls use the path \`${now.path}\` (was \`${old.path}\`)`
        : '';
    out.add(
      {
        severity: 'breaking',
        kind: 'parameter-renamed',
        subject: id,
        message:
          `${where} parameter ${code(from.name)} renamed to ${code(to.name)} ` +
          `(= ${code(from.name)} removed + ${code(to.name)} added)`,
        action:
          `pass \`${to.name}\` instead of \`${from.name}\` in calls to \`batch.${id}({ ... })\`: the old name no ` +
          `longer type-checks and is refused at run time${pathNote}.`,
      },
      id,
    );
    compareParameter(ctx, id, from, to);
  }
  for (const p of added) {
    out.add(
      p.required
        ? {
            severity: 'breaking',
            kind: 'parameter-added',
            subject: id,
            message: `required ${p.in} parameter ${code(p.name)} added`,
            action: `pass \`${p.name}\` in every call to \`batch.${id}({ ... })\`.`,
          }
        : {
            severity: 'compatible',
            kind: 'parameter-added',
            subject: id,
            message: `optional ${p.in} parameter ${code(p.name)} added`,
          },
      id,
    );
  }
  for (const p of removed) {
    out.add(
      {
        severity: 'breaking',
        kind: 'parameter-removed',
        subject: id,
        message: `${p.in} parameter ${code(p.name)} removed`,
        action: `stop passing \`${p.name}\` to \`batch.${id}({ ... })\`: it no longer type-checks and is refused at run time.`,
      },
      id,
    );
  }
  for (const p of before) {
    const q = after.find((x) => key(x) === key(p));
    if (q) compareParameter(ctx, id, p, q);
  }
  return renames;
}

function compareParameter(
  ctx: Ctx,
  id: string,
  p: ReturnType<typeof parametersOf>[number],
  q: ReturnType<typeof parametersOf>[number],
): void {
  const { out } = ctx;
  const where = `${id} ${q.in} parameter ${code(q.name)}`;
  if (!p.required && q.required) {
    out.add(
      {
        severity: 'breaking',
        kind: 'parameter-required',
        subject: id,
        message: `${q.in} parameter ${code(q.name)} is now required`,
        action: `pass \`${q.name}\` in every call to \`batch.${id}({ ... })\`.`,
      },
      id,
    );
  } else if (p.required && !q.required) {
    out.add(
      {
        severity: 'compatible',
        kind: 'parameter-required',
        subject: id,
        message: `${q.in} parameter ${code(q.name)} is now optional`,
      },
      id,
    );
  }
  for (const k of new Set([...Object.keys(p.node), ...Object.keys(q.node)])) {
    if (['name', 'in', 'required', 'schema'].includes(k) || sameJson(p.node[k], q.node[k])) continue;
    if (DOC_KEYS.has(k)) out.docs(`${where}.${k}`);
    else {
      out.add(
        {
          severity: 'review',
          kind: 'schema-changed',
          subject: id,
          message: `${q.in} parameter ${code(q.name)}: ${code(k)} changed`,
          action: 'read the new spec for this key; the report does not classify it.',
        },
        id,
      );
    }
  }
  compareSchema(ctx, p.schema, q.schema, where, 'request', id, new Set());
}

function compareRequestBody(ctx: Ctx, old: OperationRef, now: OperationRef): void {
  const { out } = ctx;
  const id = now.operationId;
  const a = requestBodyOf(ctx.before, old);
  const b = requestBodyOf(ctx.after, now);
  const add = (change: Omit<Change, 'operations' | 'subject'>) => out.add({ subject: id, ...change }, id);
  if (!a && !b) return;
  if (!a && b) {
    add(
      b.required === true
        ? {
            severity: 'breaking',
            kind: 'body-added',
            message: 'now takes a required request body',
            action: `pass \`body\` in every call to \`batch.${id}({ ... })\`.`,
          }
        : { severity: 'compatible', kind: 'body-added', message: 'now takes an optional request body' },
    );
    return;
  }
  if (a && !b) {
    add({
      severity: 'breaking',
      kind: 'body-removed',
      message: 'no longer takes a request body',
      action: `stop passing \`body\` to \`batch.${id}({ ... })\`.`,
    });
    return;
  }
  if (!a || !b) return;
  if (a.required !== true && b.required === true) {
    add({
      severity: 'breaking',
      kind: 'body-required',
      message: 'the request body is now required',
      action: `pass \`body\` in every call to \`batch.${id}({ ... })\`.`,
    });
  } else if (a.required === true && b.required !== true) {
    add({ severity: 'compatible', kind: 'body-required', message: 'the request body is now optional' });
  }
  if (!sameJson(Object.keys(contentOf(a)).sort(), Object.keys(contentOf(b)).sort())) {
    add({
      severity: jsonSchemaOf(b) === undefined ? 'breaking' : 'review',
      kind: 'schema-changed',
      message: `request content types ${Object.keys(contentOf(a)).join(', ')} → ${Object.keys(contentOf(b)).join(', ')}`,
      action: 'the SDK sends JSON only: check the body can still be sent as application/json.',
    });
  }
  if (a.description !== b.description) out.docs(`${id} request body.description`);
  compareSchema(ctx, jsonSchemaOf(a), jsonSchemaOf(b), `${id} request body`, 'request', id, new Set());
}

function contentOf(node: Json): Json {
  return isRecord(node.content) ? node.content : {};
}

function compareResponses(ctx: Ctx, old: OperationRef, now: OperationRef): void {
  const { out } = ctx;
  const id = now.operationId;
  const a = isRecord(old.operation.responses) ? old.operation.responses : {};
  const b = isRecord(now.operation.responses) ? now.operation.responses : {};
  const successAfter = Object.keys(b).filter(isSuccess);
  const add = (change: Omit<Change, 'operations' | 'subject'>) => out.add({ subject: id, ...change }, id);
  for (const status of Object.keys(b).filter((s) => !(s in a))) {
    add(
      isSuccess(status)
        ? {
            severity: 'review',
            kind: 'response-added',
            message: `new success answer ${status}`,
            action: `\`batch.${id}(...)\` may now resolve with the ${status} answer's body: check its type where you use the result.`,
          }
        : { severity: 'compatible', kind: 'response-added', message: `may now answer ${status}` },
    );
  }
  for (const status of Object.keys(a).filter((s) => !(s in b))) {
    if (!isSuccess(status)) {
      add({ severity: 'compatible', kind: 'response-removed', message: `no longer declares the ${status} answer` });
    } else {
      add({
        severity: successAfter.length === 0 ? 'breaking' : 'review',
        kind: 'response-removed',
        message: `no longer answers ${status}`,
        action: `the result type of \`batch.${id}(...)\` follows the remaining success answers (${successAfter.join(', ') || 'none'}).`,
      });
    }
  }
  for (const status of Object.keys(a).filter((s) => s in b)) {
    const ra = deref(ctx.before, a[status]);
    const rb = deref(ctx.after, b[status]);
    if (!isRecord(ra) || !isRecord(rb)) continue;
    const sa = jsonSchemaOf(ra);
    const sb = jsonSchemaOf(rb);
    if (isSuccess(status) && (sa === undefined) !== (sb === undefined)) {
      add({
        severity: 'breaking',
        kind: 'schema-changed',
        message:
          sb === undefined
            ? `the ${status} answer no longer has a JSON body`
            : `the ${status} answer now has a JSON body`,
        action:
          sb === undefined
            ? `\`batch.${id}(...)\` now resolves to \`undefined\`: stop reading its result.`
            : `\`batch.${id}(...)\` now resolves to the body instead of \`undefined\`.`,
      });
    }
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      if (k === 'content' || sameJson(ra[k], rb[k])) continue;
      if (DOC_KEYS.has(k)) out.docs(`${id} ${status} response.${k}`);
      else {
        add({
          severity: 'review',
          kind: 'schema-changed',
          message: `the ${status} answer's ${code(k)} changed`,
          action: 'read the new spec for this key (e.g. response headers); the report does not classify it.',
        });
      }
    }
    if (sa !== undefined && sb !== undefined) {
      compareSchema(ctx, sa, sb, `${id} ${status} response`, 'response', id, new Set());
    }
  }
}

function comparePagination(ctx: Ctx, old: OperationRef, now: OperationRef): void {
  const id = now.operationId;
  const a = old.operation['x-soracom-cli-pagination'];
  const b = now.operation['x-soracom-cli-pagination'];
  if (sameJson(a, b)) return;
  const change: Omit<Change, 'operations'> =
    a === undefined
      ? {
          severity: 'review',
          kind: 'pagination-changed',
          subject: id,
          message: 'is now paginated (x-soracom-cli-pagination)',
          action:
            `\`batch.${id}(...)\` now returns a PagedCall: \`await\` still gives the first page's items and ` +
            '`for await` walks every page, but `.catch()`/`.finally()` on the call itself no longer exist.',
        }
      : b === undefined
        ? {
            severity: 'breaking',
            kind: 'pagination-changed',
            subject: id,
            message: 'is no longer paginated (x-soracom-cli-pagination removed)',
            action: `\`batch.${id}(...)\` now returns a Promise: \`for await\`, \`.pages()\` and \`.toArray()\` on it no longer exist.`,
          }
        : {
            severity: 'review',
            kind: 'pagination-changed',
            subject: id,
            message: `pagination cursor changed: ${JSON.stringify(b)}`,
            action:
              'the SDK reads the cursor parameter and header from the generated table; check the emulator follows.',
          };
  ctx.out.add(change, id);
}
