/**
 * The tiers, one run (`npm test`) or each alone (ARCHITECTURE.md, Tests):
 * - unit: no Prism and no child processes, for the edit-test loop (`npm run test:unit`);
 * - types: the type tests (`*.test-d.ts`), compiled by tsc (`npm run test:types`);
 * - contract: against Prism mocks of the corrected specs, which this tier's global setup starts on free
 *   loopback ports and stops at the end (`*.contract.test.ts`, `test/contract/`);
 * - chaos: exactly-once under faults (a fault-injecting proxy, late creates, stops), with real waits
 *   (its SIGKILL trials spawn processes, so they are `*.process.test.ts`, in the slow tier);
 * - slow: the packed package, the runtime matrix, programs run as processes (`*.process.test.ts`), the
 *   docs and the spec pipeline;
 * - upgrade: the suites that exercise openapi-fetch (transport, auth, pagination, request path, contract)
 *   again, against the newest openapi-fetch release (`openapi-fetch-next`, a dev dependency alias), so a
 *   new openapi-fetch that breaks the SDK is found here before the dependency is raised
 *   (`npm run test:upgrade`).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const CONTRACT = ['test/contract/**/*.test.ts', 'test/**/*.contract.test.ts'];
const CHAOS = ['test/chaos/**/*.test.ts'];
/** What the upgrade drill runs again with the next openapi-fetch: everything that sends through it. */
const UPGRADE = [
  'test/transport/**/*.test.ts',
  'test/auth/**/*.test.ts',
  'test/pagination/**/*.test.ts',
  'test/unit/client-options.test.ts',
  'test/jobs/wait-for-job.test.ts',
  'test/upgrade/**/*.test.ts',
  ...CONTRACT,
];
const SLOW = [
  'test/package/**/*.test.ts',
  'test/runtimes/**/*.test.ts',
  'test/docs/**/*.test.ts',
  'test/spec/**/*.test.ts',
  'test/**/*.process.test.ts',
];

export default defineConfig({
  // `soracom-batch/node` imports the core by the package's name (see tsup.config.ts); tests run the source.
  resolve: {
    alias: [
      { find: /^soracom-batch$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^soracom-batch\/jobs$/, replacement: fileURLToPath(new URL('./src/runner/index.ts', import.meta.url)) },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run counts ("N passed, N failed").
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Type-only modules have no statements; bin.ts only wires process I/O (its behaviour is tested through runCli).
      exclude: ['src/**/*-types.ts', 'src/cli/bin.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage',
      // Set a little under what the suite reaches (lines 94.7%, branches 85.8% when set), so a drop fails CI.
      thresholds: { lines: 92, statements: 90, functions: 92, branches: 83 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...CONTRACT, ...CHAOS, ...SLOW, 'test/upgrade/**'],
        },
      },
      // The type tests (`*.test-d.ts`), checked by tsc through vitest: about 20 s of compiling, so a tier of
      // their own rather than a tax on every edit-test loop (`npm run test:types`).
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: { name: 'contract', include: CONTRACT, globalSetup: ['test/support/global-setup.ts'] },
      },
      // Real waits (settle windows, late creates): seconds each, so apart from the edit-test loop.
      { extends: true, test: { name: 'chaos', include: CHAOS, exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
      {
        extends: true,
        resolve: { alias: [{ find: /^openapi-fetch$/, replacement: 'openapi-fetch-next' }] },
        test: {
          name: 'upgrade',
          include: UPGRADE,
          exclude: SLOW,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
