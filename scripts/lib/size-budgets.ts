/**
 * Gzipped size budgets (bytes; kB here means 1,000 bytes, as size-limit and bundlephobia count) of the
 * eager core, checked by `npm run size` and test/package/.
 *
 * The goal in the issue is 12 kB for the core including openapi-fetch (2.6 kB of it). An app that
 * creates a client loads 11.0 kB (10,953 B) before its first call, so the client's budget is the goal
 * itself. Loaded on first use through `import()`: login and the auth requests, the job helpers, the
 * request guards, the parameter checks of the operation methods, the page walk, everything after a
 * failed attempt (retry policy, backoff, transport errors) and reading a non-2xx answer into its error.
 * Top-level calls are marked `@__PURE__` so bundles drop the task builders and guards they never use.
 *
 * Every export of the entry at once is 14.4 kB (14,412 B): the task builders and their checks (about
 * 2 kB), which are synchronous and so cannot load later, and every error class. That budget holds
 * today's size with a margin of about 3% so any growth fails CI; the 12 kB goal is not met for it.
 */
export const SIZE_GOAL = 12_000;

export const SIZE_BUDGETS = {
  'createBatchClient (core client)': SIZE_GOAL,
  'soracom-batch (every export)': 14_850,
} as const;
