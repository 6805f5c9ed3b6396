/**
 * What `spec:update` reads about a published description before comparing anything: whether it is a
 * description it can read at all (OpenAPI 3, not Swagger 2.0), which language edition it is, and
 * whether its `info.version` is older than the Batch spec's.
 *
 * Soracom publishes the same description in two editions, `soracom-api.en.yaml` and
 * `soracom-api.ja.yaml` (soracom-cli's generators/assets/): same operations and schemas, descriptions
 * and summaries in English or in Japanese. The generated doc comments and the CLI's help are written
 * from those descriptions, so taking the other edition switches their language.
 */
import { parse } from 'yaml';
import type { OpenApiDoc } from './extract-tagged.js';
import { isRecord } from './openapi.js';

/** The input cannot be read as a description spec:update takes; the message names what it is. */
export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

/**
 * Parses a published description (JSON when it starts with `{`, much faster on the 1 MB official
 * file, else YAML) and refuses, naming it, what is not an OpenAPI 3 document.
 */
export function parseRelease(text: string): OpenApiDoc {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new ReleaseError(`the input is neither JSON nor YAML: ${(error as Error).message}`);
  }
  if (!isRecord(doc)) throw new ReleaseError('the input is not an OpenAPI document (not a JSON or YAML object)');
  if (doc.swagger !== undefined) {
    throw new ReleaseError(
      `the input is a Swagger ${String(doc.swagger)} description (\`swagger: "${String(doc.swagger)}"\`), not ` +
        'OpenAPI 3: spec:update reads OpenAPI 3.0. Soracom publishes its description as OpenAPI 3.0 since ' +
        'June 2022 (soracom-cli, generators/assets/soracom-api.en.yaml); take a release from then on.',
    );
  }
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
    throw new ReleaseError(
      `the input is not an OpenAPI 3 document (\`openapi\` is ${JSON.stringify(doc.openapi ?? null)}, not 3.x)`,
    );
  }
  if (!isRecord(doc.paths)) throw new ReleaseError('the input is not an OpenAPI document (no `paths`)');
  return doc as OpenApiDoc;
}

export type Edition = 'English' | 'Japanese';

/** Hiragana, katakana and CJK ideographs: text of the Japanese edition. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Every `description` and `summary` string under `node`. */
function proseOf(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) proseOf(item, into);
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'description' || key === 'summary') && typeof value === 'string') into.push(value);
      else proseOf(value, into);
    }
  }
  return into;
}

/**
 * The edition a (Batch) description is written in: Japanese when most of its descriptions and
 * summaries are. A share, not any one string: the English edition itself carries a few Japanese
 * descriptions (`BatchTaskApiResponse.description` in the 20250903 release).
 */
export function editionOf(doc: OpenApiDoc): Edition {
  const prose = proseOf({ paths: doc.paths, components: doc.components });
  const japanese = prose.filter((text) => JAPANESE.test(text)).length;
  return prose.length > 0 && japanese * 2 > prose.length ? 'Japanese' : 'English';
}

/** Soracom's `info.version` is a UTC time stamp, `YYYYMMDD-HHMMSS`: ordered as text. */
const RELEASE_VERSION = /^\d{8}-\d{6}$/;

/** Whether release `after` is older than `before`; undefined when either is not a time stamp. */
export function isOlderRelease(before: string, after: string): boolean | undefined {
  if (!RELEASE_VERSION.test(before) || !RELEASE_VERSION.test(after)) return undefined;
  return after < before;
}
