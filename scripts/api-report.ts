/**
 * `npm run api:report`: the public API of each entry as API Extractor reports it (`api/*.api.md`,
 * committed), from the built declarations (`npm run build` first). Every change to the public surface
 * shows up as a diff of these files, so it is deliberate and reviewed. `--check` (the test) fails when
 * the build's API differs from the committed report instead of rewriting it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';
import { fromRoot } from './lib/paths.js';

/** Report name and built declaration file of each entry of package.json's `exports`. */
export const API_ENTRIES = [
  { report: 'soracom-batch', types: 'dist/index.d.ts' },
  { report: 'soracom-batch-jobs', types: 'dist/jobs.d.ts' },
  { report: 'soracom-batch-node', types: 'dist/node.d.ts' },
  { report: 'soracom-batch-testing', types: 'dist/testing.d.ts' },
] as const;

export type ApiReportResult = { report: string; changed: boolean; problems: string[] };

export function apiReport(options: { check: boolean }): ApiReportResult[] {
  const temp = mkdtempSync(join(tmpdir(), 'soracom-batch-api-'));
  try {
    return API_ENTRIES.map(({ report, types }) => {
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder: fromRoot(),
          mainEntryPointFilePath: fromRoot(types),
          compiler: {
            overrideTsconfig: {
              compilerOptions: {
                target: 'es2022',
                module: 'node16',
                moduleResolution: 'node16',
                lib: ['es2022', 'dom'],
                types: [],
                skipLibCheck: true,
                // `soracom-batch/node` imports the core by the package's name: resolve it to the build.
                paths: { 'soracom-batch': [fromRoot('dist/index.d.ts')] },
              },
              files: [fromRoot(types)],
            },
          },
          apiReport: {
            enabled: true,
            reportFolder: fromRoot('api'),
            reportFileName: report,
            reportTempFolder: temp,
          },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            // The report lists every exported name and its shape; release tags and the reachability of
            // helper types are not part of this package's contract.
            extractorMessageReporting: {
              default: { logLevel: ExtractorLogLevel.Warning },
              'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
              'ae-forgotten-export': { logLevel: ExtractorLogLevel.None },
              'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
              'ae-internal-missing-underscore': { logLevel: ExtractorLogLevel.None },
              // Members without a doc comment are marked "(undocumented)" in the report; the API
              // reference test (test/docs/) holds every public export to a summary and an example.
              'ae-undocumented': { logLevel: ExtractorLogLevel.None },
            },
            tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
            compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
          },
        },
        configObjectFullPath: undefined,
        packageJsonFullPath: fromRoot('package.json'),
      });
      const problems: string[] = [];
      const result = Extractor.invoke(config, {
        localBuild: !options.check,
        messageCallback: (message: ExtractorMessage) => {
          if (message.logLevel === ExtractorLogLevel.Warning || message.logLevel === ExtractorLogLevel.Error)
            problems.push(message.text);
          message.handled = true;
        },
      });
      return { report, changed: result.apiReportChanged, problems };
    });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const results = apiReport({ check });
  for (const { report, changed, problems } of results) {
    console.log(`api/${report}.api.md: ${changed ? (check ? 'DIFFERS from the build' : 'updated') : 'unchanged'}`);
    for (const problem of problems) console.log(`  ${problem}`);
  }
  if (check && results.some((r) => r.changed || r.problems.length > 0)) process.exitCode = 1;
}
