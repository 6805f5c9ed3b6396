/**
 * `npm run check:generated [-- --dir <folder>]`: fail when `generated/` (or the given folder) differs
 * from what the specs produce now.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildGeneratedTree, listFiles } from './lib/generated-dir.js';
import { fromRoot } from './lib/paths.js';

async function main(): Promise<void> {
  const scratch = await buildGeneratedTree();
  try {
    const { values } = parseArgs({ options: { dir: { type: 'string' } } });
    const committed = values.dir ? resolve(values.dir) : fromRoot('generated');
    const expected = listFiles(scratch);
    const actual = existsSync(committed) ? listFiles(committed) : [];
    const problems: string[] = [];
    for (const file of expected) {
      if (!actual.includes(file)) problems.push(`missing: generated/${file}`);
      else if (readFileSync(join(scratch, file), 'utf8') !== readFileSync(join(committed, file), 'utf8')) {
        problems.push(`stale:   generated/${file}`);
      }
    }
    for (const file of actual) if (!expected.includes(file)) problems.push(`extra:   generated/${file}`);
    if (problems.length > 0) {
      console.error(`generated/ is out of date with the specs:\n  ${problems.join('\n  ')}\nRun \`npm run generate\`.`);
      process.exitCode = 1;
    } else {
      console.log(`generated/ is up to date (${expected.length} files)`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
