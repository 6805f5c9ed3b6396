/**
 * The full API descriptions the spec tests run spec:update and the comparisons on.
 *
 * - `officialShaped()`: a description shaped like the one Soracom publishes, assembled from this
 *   repository's own files, so the drills run in every clone: the Batch operations
 *   (openapi/batch.yaml, its servers, tags and security schemes), the operations a task may call
 *   (openapi/actions.yaml, as Soracom describes them: each difference scripts/actions-differences.ts lists
 *   as deliberate is undone) and some of the rest of the API (openapi/auth.yaml), in one document with
 *   shared components. Its Batch part is exactly openapi/batch.yaml.
 * - `realDescription()`: Soracom's own full description, when present outside the repository (never
 *   committed), with why its Batch part is not openapi/batch.yaml's: the checks against it are extras,
 *   and skip with that note when it is another release.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deliberateActionDifferences } from '../../scripts/actions-differences.js';
import { stripDocs } from '../../scripts/lib/changes.js';
import { extractTagged, type OpenApiDoc } from '../../scripts/lib/extract-tagged.js';
import { deref, jsonSchemaOf, operationsById, sameJson } from '../../scripts/lib/openapi.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { editionOf, parseRelease } from '../../scripts/lib/release.js';
import { diffSpecs } from '../../scripts/lib/spec-diff.js';
import { readSourceRecord, sha256 } from '../../scripts/lib/spec-source.js';
import { fullSpecPath } from '../support/reference-files.js';

type Json = Record<string, any>;
const load = (name: string) => parse(readFileSync(fromRoot('openapi', name), 'utf8')) as Json;

/**
 * Makes an operation of actions.yaml say what Soracom's description says where actions.yaml differs on
 * purpose. Only the kinds of entry scripts/actions-differences.ts has are known; a new kind must be
 * taught here, or the drills would see it as a difference to review.
 */
function undoDeliberate(actions: Json, key: string): void {
  const [id, where, what] = key.split('|') as [string, string, string | undefined];
  const op = operationsById(actions as OpenApiDoc).get(id)?.operation as Json | undefined;
  if (op && where === 'body' && what === undefined && op.requestBody) {
    delete op.requestBody; // Soracom's operation takes no body.
    return;
  }
  const field = /^body\.(\w+)$/.exec(where)?.[1];
  if (op && field && what === 'required') {
    const body = structuredClone(deref(actions as OpenApiDoc, op.requestBody)) as Json;
    const schema = structuredClone(deref(actions as OpenApiDoc, jsonSchemaOf(body))) as Json;
    const required = (schema.required ?? []) as string[];
    schema.required = required.includes(field) ? required.filter((n) => n !== field) : [...required, field];
    if (schema.required.length === 0) delete schema.required;
    body.content['application/json'].schema = schema;
    op.requestBody = body;
    return;
  }
  throw new Error(`official-description.ts cannot undo the deliberate difference ${key}: teach undoDeliberate`);
}

/** Adds `from`'s components to `into`; a name both have must mean the same (documentation apart). */
function mergeComponents(into: Json, from: Json | undefined): void {
  for (const [section, entries] of Object.entries(from ?? {})) {
    into[section] ??= {};
    for (const [name, value] of Object.entries(entries as Json)) {
      const existing = into[section][name];
      if (existing === undefined) into[section][name] = value;
      else if (!sameJson(stripDocs(existing), stripDocs(value))) {
        throw new Error(`components.${section}.${name} means two things in openapi/*.yaml: rename one`);
      }
    }
  }
}

/** A fresh official-shaped description, from openapi/batch.yaml, actions.yaml and auth.yaml. */
export function officialShaped(): Json {
  const batch = load('batch.yaml');
  const actions = load('actions.yaml');
  const auth = load('auth.yaml');
  for (const { key } of deliberateActionDifferences) undoDeliberate(actions, key);
  const paths: Json = {};
  for (const doc of [batch, actions, auth]) {
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      if (path in paths) throw new Error(`path ${path} is in two of openapi/*.yaml`);
      paths[path] = item;
    }
  }
  const components: Json = {};
  for (const doc of [batch, actions, auth]) mergeComponents(components, doc.components);
  return {
    openapi: batch.openapi,
    info: { title: 'Soracom API', description: 'Soracom API v1', version: batch.info.version },
    servers: batch.servers,
    paths,
    tags: [...batch.tags, ...actions.tags, ...auth.tags],
    components,
  };
}

export type RealDescription = {
  path: string;
  bytes: Buffer;
  doc: OpenApiDoc;
  /** Why its Batch part is not openapi/batch.yaml's (apart from info), or undefined when it is. */
  differs: string | undefined;
};

let real: RealDescription | undefined;

/** Soracom's full description when present (parsed once), or undefined. */
export function realDescription(): RealDescription | undefined {
  if (!fullSpecPath) return undefined;
  if (real) return real;
  const bytes = readFileSync(fullSpecPath);
  const doc = parseRelease(bytes.toString('utf8'));
  const batch = parse(readFileSync(fromRoot('openapi', 'batch.yaml'), 'utf8')) as OpenApiDoc;
  const part = extractTagged(doc, 'Batch');
  const { info: _a, ...mine } = batch;
  const { info: _b, ...theirs } = part;
  let differs: string | undefined;
  if (!sameJson(mine, theirs)) {
    const diff = diffSpecs(batch, part);
    const record = readSourceRecord(fromRoot());
    differs =
      `the Batch part of ${fullSpecPath} (info.version ${doc.info?.version}, ${editionOf(part)} edition, sha256 ` +
      `${sha256(bytes).slice(0, 12)}) is not openapi/batch.yaml's (taken from ${record?.source}, info.version ` +
      `${record?.infoVersion}, ${editionOf(batch)} edition): ${diff.changes.length} API change(s), documentation ` +
      `changed in ${diff.documentation.length} place(s). These checks compare with the release openapi/batch.yaml ` +
      `was taken from: see the differences with npm run spec:update -- ${fullSpecPath} --dry-run`;
  }
  real = { path: fullSpecPath, bytes, doc, differs };
  return real;
}
