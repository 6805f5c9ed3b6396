/**
 * 5. Core bundle size: what a browser app that imports `soracom-batch` ships, next to openapi-fetch's
 * own size. esbuild bundles (minified, ESM, platform browser) and gzip measures; no file is written.
 */
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { CORE_CLIENT_SOURCE, CORE_ENTRY_SOURCE, measureBundle } from '../../scripts/lib/bundle-size.js';
import { SIZE_BUDGETS } from '../../scripts/lib/size-budgets.js';
import { kb } from '../lib/format.js';
import { fromRoot, repoRoot } from '../lib/paths.js';
import { type CaseReport, table, verdictOf } from '../lib/report.js';

const BUDGET_BYTES = SIZE_BUDGETS['soracom-batch (every export)'];

export const bundleSizeMethod = `esbuild (the bundler tsup uses) bundles \`src/index.ts\` with \`bundle, minify, format: 'esm',
platform: 'browser', target: 'es2022'\` and tree shaking, as a browser app's bundler would; the output is gzipped
in memory (zlib level 9) and its bytes counted (kB = 1,000 bytes, as size-limit and bundlephobia count). The same
build with openapi-fetch marked external gives our own code's share; openapi-fetch alone is its whole entry
(\`export * from 'openapi-fetch'\`) built the same way. \`platform: 'browser'\` also proves the core entry pulls in
no Node built-in: esbuild fails to resolve \`node:*\` imports there, which would fail this bench. The largest
inputs come from esbuild's metafile (minified bytes each contributes before gzip). Budget: at most 22 kB gzipped
for every export of the core including openapi-fetch; smaller by removing code, never by deferring it (the core
has no \`import()\`).

The first table is the same measurement as \`npm run size\` and the package test (CI): it bundles the built
\`dist/index.js\` as an app would, everything reachable inlined. The whole-source bundle below breaks it down by folder.`;

type Measured = { minified: number; gzipped: number; metafile: Metafile };

async function bundle(options: { entry?: string; stdin?: string; external?: string[] }): Promise<Measured> {
  const result = await build({
    ...(options.entry ? { entryPoints: [options.entry] } : {}),
    ...(options.stdin ? { stdin: { contents: options.stdin, resolveDir: repoRoot, loader: 'js' } } : {}),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: options.external ?? [],
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output');
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, metafile: result.metafile };
}

/** Minified bytes per input file (or package), largest first. */
function contributions(metafile: Metafile): [string, number][] {
  const sums = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = input.includes('node_modules/openapi-fetch/') ? 'openapi-fetch (whole package)' : input;
      sums.set(name, (sums.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/** Minified bytes per top-level folder of ours (`src/jobs`, `generated`, ...) and openapi-fetch. */
function byFolder(files: [string, number][]): [string, number][] {
  const sums = new Map<string, number>();
  for (const [input, bytes] of files) {
    const parts = input.split('/');
    const folder =
      input.startsWith('src/') && parts.length > 2
        ? `${parts[0]}/${parts[1]}/`
        : input.startsWith('generated/')
          ? 'generated/'
          : input;
    sums.set(folder, (sums.get(folder) ?? 0) + bytes);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

export async function runBundleSize(): Promise<CaseReport> {
  const client = await measureBundle('createBatchClient', CORE_CLIENT_SOURCE);
  const entry = await measureBundle('every export', CORE_ENTRY_SOURCE);
  const core = await bundle({ entry: fromRoot('src', 'index.ts') });
  const ownOnly = await bundle({ entry: fromRoot('src', 'index.ts'), external: ['openapi-fetch'] });
  const openapiFetch = await bundle({
    stdin: "export * from 'openapi-fetch'; export { default } from 'openapi-fetch';",
  });
  const files = contributions(core.metafile);
  const top = files.slice(0, 10);
  return {
    title: 'Core bundle size',
    method: bundleSizeMethod,
    rows: [
      {
        benchmark: 'Core bundle for `createBatchClient` (browser, minified + gzip) incl. openapi-fetch',
        measured: `${kb(client.gzip)}; openapi-fetch alone ${kb(openapiFetch.gzipped)}`,
        goal: 'reported',
        verdict: 'info',
      },
      {
        benchmark: 'Core bundle, every export of the entry at once',
        measured: kb(entry.gzip),
        goal: `≤ ${kb(BUDGET_BYTES)}`,
        verdict: verdictOf(entry.gzip <= BUDGET_BYTES),
      },
    ],
    details: [
      ...table(
        ['import from dist/index.js', 'minified', 'minified + gzip'],
        [
          ['`{ createBatchClient }`', kb(client.min), kb(client.gzip)],
          ['every export', kb(entry.min), kb(entry.gzip)],
        ],
      ),
      '',
      ...table(
        ['bundle', 'minified', 'minified + gzip'],
        [
          ['`src/index.ts`, everything inlined, incl. openapi-fetch', kb(core.minified), kb(core.gzipped)],
          ['`soracom-batch` core, openapi-fetch external (our code only)', kb(ownOnly.minified), kb(ownOnly.gzipped)],
          ['openapi-fetch alone', kb(openapiFetch.minified), kb(openapiFetch.gzipped)],
        ],
      ),
      '',
      "Where the core bundle's bytes come from, by folder (minified bytes in the output, before gzip):",
      '',
      ...table(
        ['folder', 'minified bytes'],
        byFolder(files).map(([folder, bytes]) => [`\`${folder}\``, bytes.toLocaleString('en-US')]),
      ),
      '',
      'Largest single inputs:',
      '',
      ...table(
        ['input', 'minified bytes'],
        top.map(([input, bytes]) => [`\`${input}\``, bytes.toLocaleString('en-US')]),
      ),
    ],
  };
}
