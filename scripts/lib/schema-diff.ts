/**
 * Compares two versions of one schema (a parameter's, a request body's, a response's), following
 * `$ref`s; a change inside a component schema is located by its name (`BatchJobResponse.status`) and
 * reported once, with every operation that reaches it. Severities depend on the direction: a new
 * required property breaks requests but not responses; a removed enum value breaks both.
 */
import { type Change, type Ctx, code, type Direction, DOC_KEYS } from './changes.js';
import { deref, isRecord, type Json, localRef, sameJson } from './openapi.js';

/** Validation keywords: they do not change a generated type, but the API may refuse what it accepted. */
const CONSTRAINTS = new Set([
  'maxLength',
  'minLength',
  'pattern',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
]);
const SCHEMA_KEYS_HANDLED = new Set([
  '$ref',
  'type',
  'nullable',
  'enum',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
  'format',
  'deprecated',
]);

/** The name of the component a `$ref` names, for locations (`BatchJobResponse.status`). */
function refName(node: unknown): string | undefined {
  return isRecord(node) ? localRef(node.$ref)?.[1] : undefined;
}

export function compareSchema(
  ctx: Ctx,
  a: unknown,
  b: unknown,
  location: string,
  dir: Direction,
  op: string,
  stack: Set<string>,
): void {
  const { out } = ctx;
  const add = (change: Omit<Change, 'operations'>) => out.add(change, op);
  const nameA = refName(a);
  const nameB = refName(b);
  let loc = location;
  if (nameA || nameB) {
    const guard = `${nameA}|${nameB}|${dir}`;
    if (stack.has(guard)) return;
    stack = new Set(stack).add(guard);
    if (nameA !== nameB && nameA && nameB) {
      add({
        severity: 'review',
        kind: 'schema-changed',
        subject: location,
        message: `schema ${code(nameA)} replaced by ${code(nameB)}`,
        action: `code naming \`components['schemas']['${nameA}']\` for this value should name \`${nameB}\`.`,
      });
    }
    if (nameB) loc = nameB;
  }
  const sa = deref(ctx.before, a);
  const sb = deref(ctx.after, b);
  if (sa === undefined && sb === undefined) return;
  if (!isRecord(sa) || !isRecord(sb)) {
    if (!sameJson(sa, sb)) {
      add({
        severity: 'review',
        kind: 'schema-changed',
        subject: loc,
        message: `schema changed`,
        action: 'read the new schema; the report does not classify this change.',
      });
    }
    return;
  }

  const verb = dir === 'request' ? 'send' : 'read';
  if (sa.type !== sb.type) {
    add({
      severity: 'breaking',
      kind: 'type-changed',
      subject: loc,
      message: `type ${sa.type ?? '(none)'} → ${sb.type ?? '(none)'}`,
      action: `code that ${dir === 'request' ? 'sends' : 'reads'} this value must treat it as ${sb.type ?? 'untyped'}.`,
    });
    return;
  }

  if (sa.nullable !== sb.nullable) {
    const nowNullable = sb.nullable === true;
    const breaking = dir === 'response' ? nowNullable : !nowNullable;
    add({
      severity: breaking ? 'breaking' : 'compatible',
      kind: 'schema-changed',
      subject: loc,
      message: `${nowNullable ? 'may now be null' : 'may no longer be null'}`,
      ...(breaking
        ? {
            action:
              dir === 'response' ? 'handle `null` where you read this value.' : 'stop sending `null` for this value.',
          }
        : {}),
    });
  }

  compareEnum(ctx, sa, sb, loc, dir, op);
  compareProperties(ctx, sa, sb, loc, dir, op, stack);

  if (sa.items !== undefined || sb.items !== undefined)
    compareSchema(ctx, sa.items, sb.items, `${loc}[]`, dir, op, stack);

  if (!sameJson(sa.additionalProperties, sb.additionalProperties)) {
    if (isRecord(sa.additionalProperties) && isRecord(sb.additionalProperties)) {
      compareSchema(ctx, sa.additionalProperties, sb.additionalProperties, `${loc}{*}`, dir, op, stack);
    } else {
      add({
        severity: 'review',
        kind: 'schema-changed',
        subject: loc,
        message: `additionalProperties ${JSON.stringify(sa.additionalProperties ?? null)} → ${JSON.stringify(sb.additionalProperties ?? null)}`,
        action: `check the keys your code may ${verb} beyond the declared properties.`,
      });
    }
  }

  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const la = sa[k];
    const lb = sb[k];
    if (la === undefined && lb === undefined) continue;
    if (Array.isArray(la) && Array.isArray(lb) && la.length === lb.length) {
      for (const [i, item] of la.entries()) compareSchema(ctx, item, lb[i], `${loc}<${k}[${i}]>`, dir, op, stack);
    } else if (!sameJson(la, lb)) {
      add({
        severity: 'breaking',
        kind: 'schema-changed',
        subject: loc,
        message: `${k} changed`,
        action: `the generated type of this value changed: check what your code may ${verb} here.`,
      });
    }
  }

  if (sa.format !== sb.format) {
    add({
      severity: 'review',
      kind: 'schema-changed',
      subject: loc,
      message: `format ${sa.format ?? '(none)'} → ${sb.format ?? '(none)'}`,
      action: `the generated type is the same; check the values your code may ${verb}.`,
    });
  }
  if (sa.deprecated !== true && sb.deprecated === true) {
    add({
      severity: 'review',
      kind: 'schema-changed',
      subject: loc,
      message: `now deprecated`,
      action: `plan to stop ${dir === 'request' ? 'sending' : 'reading'} it.`,
    });
  }

  for (const k of new Set([...Object.keys(sa), ...Object.keys(sb)])) {
    if (SCHEMA_KEYS_HANDLED.has(k) || sameJson(sa[k], sb[k])) continue;
    if (DOC_KEYS.has(k) || (k.startsWith('x-') && k !== 'x-soracom-cli-pagination')) {
      out.docs(`${loc}.${k}`);
    } else if (CONSTRAINTS.has(k)) {
      add({
        severity: dir === 'request' ? 'review' : 'compatible',
        kind: 'schema-changed',
        subject: loc,
        message: `${k} ${JSON.stringify(sa[k] ?? null)} → ${JSON.stringify(sb[k] ?? null)}`,
        ...(dir === 'request'
          ? {
              action:
                'the API may refuse values it accepted before: check the task builders and CLI checks (src/tasks).',
            }
          : {}),
      });
    } else {
      add({
        severity: 'review',
        kind: 'schema-changed',
        subject: loc,
        message: `${code(k)} ${JSON.stringify(sa[k] ?? null)} → ${JSON.stringify(sb[k] ?? null)}`,
        action: 'read the new schema; the report does not classify this keyword.',
      });
    }
  }
}

function compareEnum(ctx: Ctx, sa: Json, sb: Json, loc: string, dir: Direction, op: string): void {
  const add = (change: Omit<Change, 'operations'>) => ctx.out.add(change, op);
  const ea = Array.isArray(sa.enum) ? sa.enum.map(String) : undefined;
  const eb = Array.isArray(sb.enum) ? sb.enum.map(String) : undefined;
  if (!ea && !eb) return;
  if (!ea || !eb) {
    // A new enum restricts what requests may send; a dropped one widens what responses may hold.
    const restricted = !ea;
    if (restricted) {
      add({
        severity: dir === 'request' ? 'breaking' : 'compatible',
        kind: 'schema-changed',
        subject: loc,
        message: `now restricted to ${eb?.map(code).join(', ')}`,
        ...(dir === 'request' ? { action: `send only one of ${eb?.map(code).join(', ')}.` } : {}),
      });
    } else {
      add({
        severity: dir === 'request' ? 'compatible' : 'review',
        kind: 'schema-changed',
        subject: loc,
        message: `no longer an enum`,
        ...(dir === 'response'
          ? {
              action:
                'the generated type widens to any value of its type: code relying on the old union must handle others.',
            }
          : {}),
      });
    }
    return;
  }
  for (const value of eb.filter((v) => !ea.includes(v))) {
    add(
      dir === 'request'
        ? {
            severity: 'compatible',
            kind: 'enum-value-added',
            subject: loc,
            message: `enum value ${code(value)} added`,
          }
        : {
            severity: 'review',
            kind: 'enum-value-added',
            subject: loc,
            message: `enum value ${code(value)} added`,
            action:
              `code that handles every value (a switch, a lookup table, a waiter's terminal states) must decide ` +
              `what ${code(value)} means.`,
          },
    );
  }
  for (const value of ea.filter((v) => !eb.includes(v))) {
    add({
      severity: 'breaking',
      kind: 'enum-value-removed',
      subject: loc,
      message: `enum value ${code(value)} removed`,
      action:
        dir === 'request'
          ? `stop sending ${code(value)}: it no longer type-checks.`
          : `comparisons with ${code(value)} no longer type-check ("no overlap"): remove those branches.`,
    });
  }
}

function compareProperties(
  ctx: Ctx,
  sa: Json,
  sb: Json,
  loc: string,
  dir: Direction,
  op: string,
  stack: Set<string>,
): void {
  const add = (change: Omit<Change, 'operations'>) => ctx.out.add(change, op);
  const pa = isRecord(sa.properties) ? sa.properties : {};
  const pb = isRecord(sb.properties) ? sb.properties : {};
  const ra = new Set(Array.isArray(sa.required) ? sa.required.map(String) : []);
  const rb = new Set(Array.isArray(sb.required) ? sb.required.map(String) : []);
  const removed = Object.keys(pa).filter((k) => !(k in pb));
  const added = Object.keys(pb).filter((k) => !(k in pa));

  // One property removed and one added in the same object is reported as one rename, breaking.
  if (removed.length === 1 && added.length === 1) {
    const [from, to] = [removed[0] as string, added[0] as string];
    removed.length = 0;
    added.length = 0;
    const required = rb.has(to) ? 'required ' : '';
    add({
      severity: 'breaking',
      kind: 'property-renamed',
      subject: loc,
      message: `${required}property ${code(from)} renamed to ${code(to)} (= ${code(from)} removed + ${code(to)} added)`,
      action: dir === 'request' ? `send \`${to}\` instead of \`${from}\`.` : `read \`.${to}\` instead of \`.${from}\`.`,
    });
    compareSchema(ctx, pa[from], pb[to], `${loc}.${to}`, dir, op, stack);
  }
  for (const name of added) {
    const required = rb.has(name);
    if (dir === 'request' && required) {
      add({
        severity: 'breaking',
        kind: 'required-added',
        subject: loc,
        message: `required property ${code(name)} added`,
        action: `always send \`${name}\`: the body type now requires it.`,
      });
    } else {
      add({
        severity: 'compatible',
        kind: 'property-added',
        subject: loc,
        message: `${required ? 'required' : 'optional'} property ${code(name)} added`,
      });
    }
  }
  for (const name of removed) {
    add({
      severity: 'breaking',
      kind: 'property-removed',
      subject: loc,
      message: `property ${code(name)} removed`,
      action:
        dir === 'request'
          ? `stop sending \`${name}\`: an object literal with it no longer type-checks.`
          : `code reading \`.${name}\` no longer type-checks.`,
    });
  }
  for (const name of Object.keys(pa).filter((k) => k in pb)) {
    if (!ra.has(name) && rb.has(name)) {
      add(
        dir === 'request'
          ? {
              severity: 'breaking',
              kind: 'required-added',
              subject: loc,
              message: `property ${code(name)} is now required`,
              action: `always send \`${name}\`: the body type now requires it.`,
            }
          : {
              severity: 'compatible',
              kind: 'required-added',
              subject: loc,
              message: `property ${code(name)} is now always present (required)`,
            },
      );
    } else if (ra.has(name) && !rb.has(name)) {
      add(
        dir === 'request'
          ? {
              severity: 'compatible',
              kind: 'required-removed',
              subject: loc,
              message: `property ${code(name)} is now optional`,
            }
          : {
              severity: 'breaking',
              kind: 'required-removed',
              subject: loc,
              message: `property ${code(name)} is no longer required (may be absent)`,
              action: `handle \`undefined\` where you read \`.${name}\`.`,
            },
      );
    }
    compareSchema(ctx, pa[name], pb[name], `${loc}.${name}`, dir, op, stack);
  }
  // `required` entries that name no declared property still constrain requests.
  for (const name of [...rb].filter((n) => !(n in pb) && !ra.has(n))) {
    add({
      severity: dir === 'request' ? 'breaking' : 'compatible',
      kind: 'required-added',
      subject: loc,
      message: `${code(name)} is now required (not a declared property)`,
      ...(dir === 'request' ? { action: `always send \`${name}\`.` } : {}),
    });
  }
  for (const name of [...ra].filter((n) => !(n in pa) && !rb.has(n))) {
    add({
      severity: 'compatible',
      kind: 'required-removed',
      subject: loc,
      message: `${code(name)} is no longer required (not a declared property)`,
    });
  }
}
