/** Builds the whole `generated/` tree in a scratch directory, so it can be compared or swapped in. */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateInto, repoSources, type SourceOf } from './generate-specs.js';

const README = `# generated/

Everything in this folder is written by \`npm run generate\` (scripts/generate.ts), or by \`npm run spec:update\`
together with a new \`openapi/batch.yaml\`, and overwritten on every run: the corrected specs (\`openapi/\`), the
openapi-typescript types (\`<spec>.ts\`), the operation tables (\`<spec>-operations.ts\`) and the documented
interface of the client's methods (\`batch-methods.ts\`, scripts/lib/method-interface.ts). Do not edit these
files; change the spec in \`openapi/\` or the corrections in \`scripts/spec-fixes.ts\` and regenerate
(docs/regenerating.md). \`npm run check:generated\` fails when this folder is stale.
`;

/** Builds the tree in a new scratch folder and returns it (the caller removes it); removes it itself on failure. */
export async function buildGeneratedTree(sourceOf: SourceOf = repoSources): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'soracom-batch-generated-'));
  try {
    await generateInto(dir, sourceOf);
    writeFileSync(join(dir, 'README.md'), README);
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Relative paths of every file under `dir`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}
