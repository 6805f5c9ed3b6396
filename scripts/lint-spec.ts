/** `npm run lint:spec`: lint every corrected spec with Redocly CLI (zero errors and zero warnings). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCorrectedSpecs } from './lib/generate-specs.js';
import { lintSpecs } from './lib/lint-specs.js';

const dir = mkdtempSync(join(tmpdir(), 'soracom-batch-lint-'));
try {
  lintSpecs([...writeCorrectedSpecs(dir).values()]);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
