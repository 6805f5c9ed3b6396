/**
 * `npm run generate`: lint the corrected specs, then rewrite `generated/` from them
 * (corrected specs, openapi-typescript types, operation tables).
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildGeneratedTree, listFiles } from './lib/generated-dir.js';
import { lintSpecs } from './lib/lint-specs.js';
import { fromRoot } from './lib/paths.js';

async function main(): Promise<void> {
  const scratch = await buildGeneratedTree();
  try {
    lintSpecs(
      listFiles(scratch)
        .filter((f) => f.startsWith('openapi/'))
        .map((f) => join(scratch, f)),
    );
    const target = fromRoot('generated');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    cpSync(scratch, target, { recursive: true });
    for (const file of listFiles(target)) console.log(`wrote generated/${file}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
