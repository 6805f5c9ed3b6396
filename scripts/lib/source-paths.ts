/**
 * The package's entry names mapped to their sources, for type-checking examples against `src/` (the
 * README's, `examples/`, and the API docs' `@example` blocks) without building `dist/` first.
 * tsconfig.json carries the same lines for the repository itself.
 */
import ts from 'typescript';
import { fromRoot } from './paths.js';

export const SOURCE_PATHS: Record<string, string[]> = {
  'soracom-batch': [fromRoot('src/index.ts')],
  'soracom-batch/jobs': [fromRoot('src/runner/index.ts')],
  'soracom-batch/node': [fromRoot('src/node/index.ts')],
  'soracom-batch/testing': [fromRoot('src/testing/index.ts')],
};

/**
 * The compiler options every example is checked with (the README's, examples/, the TSDoc examples): the
 * strictest settings users copy them into, so that none needs a `!` or a cast there.
 */
export const EXAMPLE_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  typeRoots: [fromRoot('node_modules/@types')],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  paths: SOURCE_PATHS,
};
