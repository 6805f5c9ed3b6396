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
    // openapi-fetch and the CLI libraries stay dependencies; everything of ours is bundled per entry.
    external: ['openapi-fetch', 'commander', 'cli-progress', 'csv-parse', 'csv-stringify', /^node:/],
    splitting: true,
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
  },
]);
