/**
 * Mutation testing (`npm run test:mutation`, not part of `npm test`): StrykerJS changes the code below one small
 * edit at a time (a mutant) and runs the tests that cover the edit; a mutant no test fails under "survived".
 * test/mutation/SUMMARY.md holds the last run's scores, the commit it measured and why each surviving mutant of the
 * exactly-once code is left.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // The unit tier only: test/mutation/vitest.config.ts says why.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: true },
  // Each mutant runs only the tests that reached its code in the first, measured run.
  coverageAnalysis: 'perTest',
  // Two runners for two cores: more would turn the tests' real waits into timeouts.
  concurrency: 2,
  // Re-runs test only the mutants whose code or covering tests changed. The file is kept out of git (reports/ is
  // ignored): it holds this machine's path to the project and a copy of every source and test file it measured, and
  // each run rewrites it; test/mutation/SUMMARY.md is the committed record, with the commit it measured.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  mutate: [
    'src/runner/**/*.ts',
    'src/jobs/**/*.ts',
    'src/transport/**/*.ts',
    'src/cli/run-execute.ts',
    'src/cli/run-pipeline.ts',
    'src/cli/input-check.ts',
    'src/cli/row-tasks.ts',
    'src/cli/locks.ts',
    'src/cli/state-file.ts',
    'src/cli/failed-output.ts',
    'src/cli/batch-group.ts',
    'src/cli/run-report.ts',
    'src/cli/run-options.ts',
    'src/cli/shared-pass.ts',
    'src/cli/commands/run-command.ts',
    'src/cli/commands/retry-failed-command.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 85, low: 70, break: null },
  // A shared machine: a mutant is a timeout only when it runs 10 s past 1.5 times its tests' measured time.
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 30,
  cleanTempDir: 'always',
};
