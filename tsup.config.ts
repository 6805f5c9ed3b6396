/**
 * Build: ESM and CommonJS with type declarations for every entry. The core entry (`soracom-batch`)
 * is runtime-agnostic; `node`, `testing` and the CLI use Node built-ins and live in their own entries.
 */
import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      node: 'src/node/index.ts',
      testing: 'src/testing/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: false, // `npm run build` empties dist first; two configs cleaning at once would race
    target: 'es2022',
    platform: 'neutral',
    // openapi-fetch and the CLI libraries stay dependencies. Each entry is one file: no code splitting
    // and no `import()`. `soracom-batch/node` imports the core by the package's own name (kept external
    // here), so both entries share one copy of the core's classes at run time.
    external: ['openapi-fetch', 'commander', 'cli-progress', 'csv-parse', 'csv-stringify', /^node:/, /^soracom-batch$/],
    splitting: false,
    treeshake: true,
    outDir: 'dist',
  },
  {
    // Its own folder: two configs writing chunks into one folder at once would overwrite each other.
    entry: { bin: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: false,
    target: 'es2022',
    platform: 'node',
    external: ['openapi-fetch', 'commander', 'cli-progress', 'csv-parse', 'csv-stringify'],
    // src/cli/bin.ts starts with its own `#!/usr/bin/env node`, which the build keeps.
    outDir: 'dist/cli',
    // The CLI is one program: the core is bundled into it from source, where the Node helpers import it
    // by the package's name.
    esbuildOptions(options) {
      options.alias = { 'soracom-batch': './src/index.ts' };
    },
  },
]);
