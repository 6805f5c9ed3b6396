/**
 * `npm run size`: what the core costs in a browser bundle, next to openapi-fetch alone (needs `npm run
 * build` first). Fails when the budget is exceeded, or a Node built-in or an `import()` reaches the core.
 */
import {
  CORE_CLIENT_SOURCE,
  CORE_ENTRY_SOURCE,
  measureBundle,
  OPENAPI_FETCH_SOURCE,
  RUNNER_SOURCE,
} from './lib/bundle-size.js';
import { SIZE_BUDGETS } from './lib/size-budgets.js';

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const rows = [
  await measureBundle('createBatchClient (core client)', CORE_CLIENT_SOURCE),
  await measureBundle('soracom-batch (every export)', CORE_ENTRY_SOURCE),
  await measureBundle('soracom-batch/jobs with the core', RUNNER_SOURCE),
  await measureBundle('openapi-fetch alone', OPENAPI_FETCH_SOURCE),
];
let failed = false;
for (const row of rows) {
  const budget = SIZE_BUDGETS[row.label as keyof typeof SIZE_BUDGETS];
  const over = budget !== undefined && row.gzip > budget;
  failed ||= over || row.nodeBuiltins.length > 0 || row.dynamicImports.length > 0;
  console.log(
    `${row.label.padEnd(34)} ${kb(row.min)} min, ${kb(row.gzip)} gzip` +
      (budget !== undefined ? ` | budget ${kb(budget)} ${over ? 'EXCEEDED' : 'ok'}` : '') +
      (row.nodeBuiltins.length ? ` | NODE BUILT-INS: ${row.nodeBuiltins.join(', ')}` : '') +
      (row.dynamicImports.length ? ` | DYNAMIC IMPORTS: ${row.dynamicImports.join(', ')}` : ''),
  );
}
if (failed) process.exitCode = 1;
