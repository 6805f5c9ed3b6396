/**
 * Measures what the core costs a browser or edge bundle: esbuild bundles an entry that imports from
 * the built package (`dist/index.js`), minified, for a browser target. "Eager" leaves out the parts
 * the SDK loads on first use through `import()` (login, auth requests, job helpers, request guards,
 * parameter checks, the page walk, API errors): what a page loads before it makes a call. "Total"
 * includes them. Any Node built-in reaching the bundle is reported (the core must have none).
 */
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { fromRoot } from './paths.js';

export type BundleSize = {
  label: string;
  eagerMin: number;
  eagerGzip: number;
  totalMin: number;
  totalGzip: number;
  /** Node built-ins the bundle tried to use (must be empty for the core). */
  nodeBuiltins: string[];
};

const NODE_BUILTIN =
  /^node:|^(fs|path|os|http|https|net|tls|child_process|crypto|stream|util|zlib|url|events|buffer|module|worker_threads)(\/.*)?$/;

async function bundle(source: string, lazyExternal: boolean, nodeBuiltins: Set<string>): Promise<Uint8Array> {
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
            if (NODE_BUILTIN.test(args.path)) {
              nodeBuiltins.add(args.path);
              return { path: args.path, external: true };
            }
            if (lazyExternal && args.kind === 'dynamic-import') return { path: args.path, external: true };
            return undefined;
          });
        },
      },
    ],
  });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}

export async function measureBundle(label: string, source: string): Promise<BundleSize> {
  const nodeBuiltins = new Set<string>();
  const eager = await bundle(source, true, nodeBuiltins);
  const total = await bundle(source, false, nodeBuiltins);
  return {
    label,
    eagerMin: eager.length,
    eagerGzip: gzipSync(eager, { level: 9 }).length,
    totalMin: total.length,
    totalGzip: gzipSync(total, { level: 9 }).length,
    nodeBuiltins: [...nodeBuiltins].sort(),
  };
}

export const CORE_CLIENT_SOURCE = `export { createBatchClient } from './dist/index.js';`;
export const CORE_ENTRY_SOURCE = `export * from './dist/index.js';`;
export const OPENAPI_FETCH_SOURCE = `export { default } from 'openapi-fetch';`;
