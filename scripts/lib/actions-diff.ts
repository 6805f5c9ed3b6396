/**
 * Compares openapi/actions.yaml (written by hand: the eight operations a Batch task may call, as the
 * task builders target them) with the operations of the same operationId in Soracom's full API
 * description, so that a change Soracom makes to, say, setSimGroup's body is seen at the next
 * `spec:update` instead of in a failed task.
 *
 * Compared, for each operation: the method and path; the path and query parameters (name, required);
 * whether there is a request body and whether it is required; the body's fields at every depth
 * (names, required ones, types, enum values). For the success answer, only the fields actions.yaml
 * declares are checked (that they exist in the official schema, with the same type and no enum value
 * the official one lacks): actions.yaml describes a subset of the SIM and VPG objects on purpose.
 *
 * Differences made on purpose are listed, with their reason, in scripts/actions-differences.ts; a
 * listed difference that is no longer found is reported as stale, like a stale spec fix.
 */
import type { DeliberateDifference } from '../actions-differences.js';
import type { OpenApiDoc } from './extract-tagged.js';
import {
  deref,
  isRecord,
  type Json,
  jsonSchemaOf,
  type OperationRef,
  operationsById,
  parametersOf,
  requestBodyOf,
} from './openapi.js';

export type ActionDifference = {
  operationId: string;
  /** Stable identity, e.g. `setSimGroup|body.groupId|required`; what deliberate entries name. */
  key: string;
  /** One sentence for the report. */
  message: string;
  /** The reason, when scripts/actions-differences.ts lists this difference as deliberate. */
  deliberate?: string;
};

export type ActionsComparison = {
  compared: string[];
  differences: ActionDifference[];
  /** Deliberate entries that match no difference any more. */
  stale: DeliberateDifference[];
};

const ours = 'openapi/actions.yaml';
const theirs = 'the official spec';
const code = (s: string) => `\`${s}\``;

export function compareActions(
  actions: OpenApiDoc,
  official: OpenApiDoc,
  deliberate: readonly DeliberateDifference[],
): ActionsComparison {
  const officialOps = operationsById(official);
  const differences: ActionDifference[] = [];
  const compared: string[] = [];
  for (const [id, mine] of operationsById(actions)) {
    compared.push(id);
    const diff = (key: string, message: string) => differences.push({ operationId: id, key: `${id}|${key}`, message });
    const theirsOp = officialOps.get(id);
    if (!theirsOp) {
      diff('operation', `${code(id)} is in ${ours} but no operation of the official spec has this operationId`);
      continue;
    }
    if (mine.method !== theirsOp.method) {
      diff(
        'method',
        `${id}: method ${mine.method.toUpperCase()} in ${ours}, ${theirsOp.method.toUpperCase()} in ${theirs}`,
      );
    }
    if (mine.path !== theirsOp.path) diff('path', `${id}: path ${mine.path} in ${ours}, ${theirsOp.path} in ${theirs}`);
    compareParameters(actions, official, mine, theirsOp, diff);
    compareBodies(actions, official, mine, theirsOp, diff);
    compareSuccess(actions, official, mine, theirsOp, diff);
  }
  const keys = new Set(differences.map((d) => d.key));
  for (const d of differences) {
    const entry = deliberate.find((e) => e.key === d.key);
    if (entry) d.deliberate = entry.why;
  }
  return { compared, differences, stale: deliberate.filter((e) => !keys.has(e.key)) };
}

type Diff = (key: string, message: string) => void;

function compareParameters(a: OpenApiDoc, b: OpenApiDoc, mine: OperationRef, other: OperationRef, diff: Diff): void {
  const id = mine.operationId;
  const relevant = (p: { in: string }) => p.in === 'path' || p.in === 'query';
  const pa = parametersOf(a, mine).filter(relevant);
  const pb = parametersOf(b, other).filter(relevant);
  for (const p of pa) {
    const q = pb.find((x) => x.in === p.in && x.name === p.name);
    if (!q) diff(`parameter.${p.in}.${p.name}`, `${id}: ${p.in} parameter ${code(p.name)} is in ${ours} only`);
    else if (p.required !== q.required) {
      diff(
        `parameter.${p.in}.${p.name}|required`,
        `${id}: ${p.in} parameter ${code(p.name)} is ${p.required ? 'required' : 'optional'} in ${ours}, ` +
          `${q.required ? 'required' : 'optional'} in ${theirs}`,
      );
    }
  }
  for (const q of pb.filter((x) => !pa.some((p) => p.in === x.in && p.name === x.name))) {
    diff(
      `parameter.${q.in}.${q.name}`,
      `${id}: ${q.required ? 'required' : 'optional'} ${q.in} parameter ${code(q.name)} is in ${theirs} only`,
    );
  }
}

function compareBodies(a: OpenApiDoc, b: OpenApiDoc, mine: OperationRef, other: OperationRef, diff: Diff): void {
  const id = mine.operationId;
  const ba = requestBodyOf(a, mine);
  const bb = requestBodyOf(b, other);
  const describe = (body: Json | undefined) =>
    body ? `${body.required === true ? 'a required' : 'an optional'} request body` : 'no request body';
  if (!ba || !bb) {
    if (ba || bb) diff('body', `${id}: ${describe(ba)} in ${ours}, ${describe(bb)} in ${theirs}`);
    return;
  }
  if ((ba.required === true) !== (bb.required === true)) {
    diff('body|required', `${id}: ${describe(ba)} in ${ours}, ${describe(bb)} in ${theirs}`);
  }
  compareFields(a, b, jsonSchemaOf(ba), jsonSchemaOf(bb), 'body', `${id} request body`, 'both', diff);
}

function compareSuccess(a: OpenApiDoc, b: OpenApiDoc, mine: OperationRef, other: OperationRef, diff: Diff): void {
  const ra = isRecord(mine.operation.responses) ? mine.operation.responses : {};
  const rb = isRecord(other.operation.responses) ? other.operation.responses : {};
  for (const status of Object.keys(ra).filter((s) => /^2\d\d$/.test(s))) {
    const where = `${mine.operationId} ${status} answer`;
    if (!(status in rb)) {
      diff(`response.${status}`, `${where}: declared in ${ours}, not in ${theirs}`);
      continue;
    }
    const sa = jsonSchemaOf(deref(a, ra[status]) as Json);
    const sb = jsonSchemaOf(deref(b, rb[status]) as Json);
    if (sa !== undefined) compareFields(a, b, sa, sb, `response.${status}`, where, 'ours-only', diff);
  }
}

/**
 * Compares two schemas field by field. `both` reports fields missing on either side (request bodies
 * must match); `ours-only` reports only what actions.yaml declares and the official schema lacks.
 */
function compareFields(
  a: OpenApiDoc,
  b: OpenApiDoc,
  schemaA: unknown,
  schemaB: unknown,
  key: string,
  where: string,
  mode: 'both' | 'ours-only',
  diff: Diff,
  depth = 0,
): void {
  const sa = deref(a, schemaA);
  const sb = deref(b, schemaB);
  if (!isRecord(sa) || !isRecord(sb)) {
    if (isRecord(sa) !== isRecord(sb) && (mode === 'both' || isRecord(sa))) {
      diff(`${key}|schema`, `${where}: a schema in ${isRecord(sa) ? ours : theirs} only`);
    }
    return;
  }
  if (depth > 10) return;
  if (sa.type !== sb.type) {
    diff(`${key}|type`, `${where}: type ${sa.type ?? '(none)'} in ${ours}, ${sb.type ?? '(none)'} in ${theirs}`);
    return;
  }
  const ea = Array.isArray(sa.enum) ? sa.enum.map(String) : undefined;
  const eb = Array.isArray(sb.enum) ? sb.enum.map(String) : undefined;
  if (ea || eb) {
    const onlyOurs = (ea ?? []).filter((v) => eb && !eb.includes(v));
    const onlyTheirs = mode === 'both' ? (eb ?? []).filter((v) => ea && !ea.includes(v)) : [];
    const restricted = mode === 'both' && !ea !== !eb;
    if (onlyOurs.length > 0 || onlyTheirs.length > 0 || restricted) {
      diff(
        `${key}|enum`,
        `${where}: values ${ea ? ea.map(code).join(', ') : '(any)'} in ${ours}, ` +
          `${eb ? eb.map(code).join(', ') : '(any)'} in ${theirs}`,
      );
    }
  }
  if (sa.items !== undefined || sb.items !== undefined) {
    compareFields(a, b, sa.items, sb.items, `${key}[]`, `${where} items`, mode, diff, depth + 1);
  }
  const pa = isRecord(sa.properties) ? sa.properties : {};
  const pb = isRecord(sb.properties) ? sb.properties : {};
  const reqA = Array.isArray(sa.required) ? sa.required.map(String) : [];
  const reqB = Array.isArray(sb.required) ? sb.required.map(String) : [];
  for (const name of Object.keys(pa)) {
    if (!(name in pb)) diff(`${key}.${name}`, `${where}: field ${code(name)} is in ${ours} only`);
  }
  if (mode === 'both') {
    for (const name of Object.keys(pb).filter((n) => !(n in pa))) {
      diff(
        `${key}.${name}`,
        `${where}: ${reqB.includes(name) ? 'required ' : ''}field ${code(name)} is in ${theirs} only`,
      );
    }
    for (const name of new Set([...reqA, ...reqB])) {
      if (reqA.includes(name) === reqB.includes(name) || !(name in pa) || !(name in pb)) continue;
      diff(
        `${key}.${name}|required`,
        `${where}: field ${code(name)} is ${reqA.includes(name) ? 'required' : 'optional'} in ${ours}, ` +
          `${reqB.includes(name) ? 'required' : 'optional'} in ${theirs}`,
      );
    }
  }
  for (const name of Object.keys(pa).filter((n) => n in pb)) {
    compareFields(a, b, pa[name], pb[name], `${key}.${name}`, `${where} field ${code(name)}`, mode, diff, depth + 1);
  }
}
