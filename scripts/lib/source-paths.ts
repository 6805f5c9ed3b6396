/**
 * The package's entry names mapped to their sources, for type-checking examples against `src/` (the
 * README's, `examples/`, and the API docs' `@example` blocks) without building `dist/` first.
 * tsconfig.json carries the same lines for the repository itself.
 */
import { fromRoot } from './paths.js';

export const SOURCE_PATHS: Record<string, string[]> = {
  'soracom-batch': [fromRoot('src/index.ts')],
  'soracom-batch/jobs': [fromRoot('src/runner/index.ts')],
  'soracom-batch/node': [fromRoot('src/node/index.ts')],
  'soracom-batch/testing': [fromRoot('src/testing/index.ts')],
};
