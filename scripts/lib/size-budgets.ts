/**
 * Gzipped size budgets (bytes; kB here means 1,000 bytes, as size-limit and bundlephobia count), checked
 * by `npm run size` and test/package/: everything reachable from the entry, bundled for a browser,
 * minified and gzipped, openapi-fetch included. Nothing is loaded with `import()`, so this is what an
 * app ships. Budgets are won by removing code, never by deferring it.
 *
 * - Every export of the core (`soracom-batch`): 22 kB.
 * - The job runner (`soracom-batch/jobs`) with the core it is built on: 31.2 kB. The runner is an entry of
 *   its own, so an app that only calls the Batch operations does not ship it. Raised from 26 kB for the
 *   waiter that reads a job's pace (wait-for-job.ts, about 0.2 kB gzipped): a measured win
 *   (bench/RESULTS.md, job pace) that nothing smaller replaces; then from 27 kB for the batch group as
 *   the ledger (about 3.6 kB gzipped: reading and reconciling the group's jobs, a chunk's life with the
 *   tasks an aborted job never ran, task listings checked against summaries, retries as runs; see the
 *   README's "Never twice, never dropped"), which is the exactly-once guarantee itself; then to 31.2 kB for
 *   errors that name the argument as the caller wrote it (`runPlan.stages[1][0].chunkSize`,
 *   `retryFailed.settleWindowMs`, not `runTasks.…` for all three; about 0.1 kB gzipped).
 */
export const SIZE_BUDGETS = {
  'soracom-batch (every export)': 22_000,
  'soracom-batch/jobs with the core': 31_200,
} as const;
