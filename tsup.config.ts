/**
 * Build: ESM and CommonJS with type declarations for every entry. The core entry (`soracom-batch`)
 * and the job runner (`soracom-batch/jobs`) are runtime-agnostic; `node`, `testing` and the CLI use Node
 * built-ins and live in their own entries. Nothing is loaded with `import()`: every import is static.
 */
import { defineConfig } from 'tsup';

/** openapi-fetch and the CLI libraries stay dependencies; everything of ours is bundled. */
const DEPENDENCIES = ['openapi-fetch', 'commander', 'cli-progress', 'csv-parse', 'csv-stringify'];

export default defineConfig([
  {
    // The core and the runner, which is built on it: the code they share goes to one shared chunk, so
    // both entries use one copy of the core's classes, and the core entry carries none of the runner.
    entry: { index: 'src/index.ts', jobs: 'src/runner/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: false, // `npm run build` empties dist first; configs cleaning at once would race
    target: 'es2022',
    platform: 'neutral',
    external: [...DEPENDENCIES, /^node:/],
    splitting: true,
    treeshake: true,
    outDir: 'dist',
  },
  {
    // One file each, no splitting. `soracom-batch/node` imports the core by the package's own name
    // (kept external here), so both entries share one copy of the core's classes at run time; the
    // emulator shares no code with the SDK at all.
    entry: { node: 'src/node/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    external: [...DEPENDENCIES, /^node:/, /^soracom-batch$/],
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
    external: DEPENDENCIES,
    // src/cli/bin.ts starts with its own `#!/usr/bin/env node`, which the build keeps.
    outDir: 'dist/cli',
    // The CLI is one program: the core is bundled into it from source, where the Node helpers import it
    // by the package's name.
    esbuildOptions(options) {
      options.alias = { 'soracom-batch': './src/index.ts' };
    },
  },
]);
