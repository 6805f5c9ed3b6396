/**
 * `npm run size`: what the core costs in a browser bundle, next to openapi-fetch alone (needs `npm run
 * build` first). Fails when a budget is exceeded or a Node built-in reaches the core.
 */
import { CORE_CLIENT_SOURCE, CORE_ENTRY_SOURCE, measureBundle, OPENAPI_FETCH_SOURCE } from './lib/bundle-size.js';
import { SIZE_BUDGETS, SIZE_GOAL } from './lib/size-budgets.js';

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const rows = [
  await measureBundle('createBatchClient (core client)', CORE_CLIENT_SOURCE),
  await measureBundle('soracom-batch (every export)', CORE_ENTRY_SOURCE),
  await measureBundle('openapi-fetch alone', OPENAPI_FETCH_SOURCE),
];
let failed = false;
for (const row of rows) {
  const budget = SIZE_BUDGETS[row.label as keyof typeof SIZE_BUDGETS];
  const over = budget !== undefined && row.eagerGzip > budget;
  failed ||= over || row.nodeBuiltins.length > 0;
  console.log(
    `${row.label.padEnd(34)} eager ${kb(row.eagerMin)} min, ${kb(row.eagerGzip)} gzip` +
      ` | with lazy chunks ${kb(row.totalGzip)} gzip` +
      (budget !== undefined
        ? ` | budget ${kb(budget)} ${over ? 'EXCEEDED' : 'ok'}, goal ${kb(SIZE_GOAL)} ${row.eagerGzip <= SIZE_GOAL ? 'met' : 'not met'}`
        : '') +
      (row.nodeBuiltins.length ? ` | NODE BUILT-INS: ${row.nodeBuiltins.join(', ')}` : ''),
  );
}
if (failed) process.exitCode = 1;
