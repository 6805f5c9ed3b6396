/**
 * Gzipped size budget (bytes; kB here means 1,000 bytes, as size-limit and bundlephobia count) of the
 * core, checked by `npm run size` and test/package/: everything reachable from the entry, bundled for
 * a browser, minified and gzipped, openapi-fetch included. The core loads everything eagerly (no
 * `import()`), so this is what an app ships. The budget is won by removing code, never by deferring it.
 */
export const SIZE_BUDGETS = {
  'soracom-batch (every export)': 22_000,
} as const;
