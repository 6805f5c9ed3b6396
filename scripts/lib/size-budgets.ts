/**
 * Gzipped size budgets (bytes; kB here means 1,000 bytes, as size-limit and bundlephobia count) of the
 * eager core, checked by `npm run size` and test/package/.
 *
 * The goal in the issue is 12 kB for the core including openapi-fetch (2.5 kB of it). We measure
 * 15.2 kB for `createBatchClient` after moving login, job helpers and request guards into chunks
 * loaded on first use, dropping descriptions from the runtime operation tables and marking the
 * package side-effect free. About half of what remains is message text: every option, parameter and
 * credential check names the argument and the fix, which the project's standards require. These
 * budgets hold today's size with a small margin so any growth fails CI; the 12 kB goal is not met.
 */
export const SIZE_GOAL = 12_000;

export const SIZE_BUDGETS = {
  'createBatchClient (core client)': 15_800,
  'soracom-batch (every export)': 17_600,
} as const;
