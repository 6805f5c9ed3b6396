/**
 * Fills a path's `{name}` placeholders as openapi-fetch's default path serializer does for the Batch
 * API's parameters (style simple, a string or integer value: `encodeURIComponent`), from a split of
 * the path made once instead of a regular-expression scan on every call (bench/RESULTS.md, per-call
 * overhead). A placeholder without a value stays as it is, as in the default.
 *
 * openapi-fetch passes the base URL and the spec path joined, which is the same string on every call
 * of one operation method: one filler per method keeps its split.
 */
export type PathFiller = (pathname: string, params: Record<string, unknown> | undefined) => string;

const PLACEHOLDER = /\{([^{}]+)\}/;

export function createPathFiller(): PathFiller {
  let source: string | undefined;
  // Literal text at even indices, placeholder names at odd ones.
  let parts: string[] = [];
  return (pathname, params) => {
    if (pathname !== source) {
      source = pathname;
      parts = pathname.split(new RegExp(PLACEHOLDER, 'g'));
    }
    let filled = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] as string;
      const value = params?.[name];
      filled += value === undefined || value === null ? `{${name}}` : encodeURIComponent(String(value));
      filled += parts[i + 1] as string;
    }
    return filled;
  };
}
