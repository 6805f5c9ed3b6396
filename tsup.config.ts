/**
 * Build: ESM and CommonJS with type declarations for every entry. The core entry (`soracom-batch`)
 * and the job runner (`soracom-batch/jobs`) are runtime-agnostic; `node`, `testing` and the CLI use Node
 * built-ins and live in their own entries. Nothing is loaded with `import()`: every import is static.
 */
import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

/** openapi-fetch, the one dependency of the SDK's entries, stays external; everything of ours is bundled. */
const DEPENDENCIES = ['openapi-fetch'];

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
    // CommonJS, beside a package.json that says so: Node starts a CommonJS file faster than an ES module
    // of the same size (no module graph to link), and the CLI's start is mostly loading this one file
    // (bench/cases/cli-startup.ts).
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    sourcemap: false,
    target: 'es2022',
    platform: 'node',
    // The CLI is one self-contained file: its libraries (commander, csv-parse, csv-stringify,
    // cli-progress, undici) are devDependencies bundled in here, so `npm install soracom-batch` brings
    // none of them to an SDK user. openapi-fetch is bundled too: one file to read and compile at start.
    noExternal: [/.*/],
    external: [/^node:/],
    // Minified: less to read and parse at every start.
    minify: true,
    // src/cli/bin.ts starts with its own `#!/usr/bin/env node`, which the build keeps.
    outDir: 'dist/cli',
    // The CLI is one program: the core is bundled into it from source, where the Node helpers import it
    // by the package's name.
    esbuildOptions(options) {
      options.alias = { 'soracom-batch': './src/index.ts' };
    },
    async onSuccess() {
      // The package is "type": "module"; this folder's one file is CommonJS.
      await writeFile('dist/cli/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
    },
  },
]);
