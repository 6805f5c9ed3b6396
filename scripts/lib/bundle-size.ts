/**
 * Measures what the core costs a browser or edge bundle: esbuild bundles an entry that imports from
 * the built package (`dist/index.js`), minified, for a browser target, with everything reachable
 * inlined (openapi-fetch included), then gzips it. Any Node built-in reaching the bundle is reported
 * (the core must have none), and so is any dynamic `import()` (the core loads everything eagerly).
 */
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { fromRoot } from './paths.js';

export type BundleSize = {
  label: string;
  min: number;
  gzip: number;
  /** Node built-ins the bundle tried to use (must be empty for the core). */
  nodeBuiltins: string[];
  /** Modules the bundle loads with `import()` (must be empty). */
  dynamicImports: string[];
};

const NODE_BUILTIN =
  /^node:|^(fs|path|os|http|https|net|tls|child_process|crypto|stream|util|zlib|url|events|buffer|module|worker_threads)(\/.*)?$/;

export async function measureBundle(label: string, source: string): Promise<BundleSize> {
  const nodeBuiltins = new Set<string>();
  const dynamicImports = new Set<string>();
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: fromRoot(), loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'measure',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'dynamic-import') dynamicImports.add(args.path);
            if (NODE_BUILTIN.test(args.path)) {
              nodeBuiltins.add(args.path);
              return { path: args.path, external: true };
            }
            return undefined;
          });
        },
      },
    ],
  });
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    label,
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    nodeBuiltins: [...nodeBuiltins].sort(),
    dynamicImports: [...dynamicImports].sort(),
  };
}

export const CORE_CLIENT_SOURCE = `export { createBatchClient } from './dist/index.js';`;
export const CORE_ENTRY_SOURCE = `export * from './dist/index.js';`;
/** The job runner with the core it is built on: what an app that runs jobs ships. */
export const RUNNER_SOURCE = `export * from './dist/index.js'; export * from './dist/jobs.js';`;
export const OPENAPI_FETCH_SOURCE = `export { default } from 'openapi-fetch';`;
