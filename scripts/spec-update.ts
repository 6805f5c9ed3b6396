/**
 * `npm run spec:update -- <full-soracom-api.yaml> [--out openapi/batch.yaml] [--no-generate]`
 *
 * Folds a new release of Soracom's full API description into `openapi/batch.yaml`: keeps only the
 * `Batch`-tagged operations and every component they reference (transitively), keeps our `info`
 * title and description (they describe the Batch subset) but takes `info.version` from the new
 * release, then regenerates `generated/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { extractTagged, type OpenApiDoc } from './lib/extract-tagged.js';
import { YAML_OPTIONS } from './lib/generate-specs.js';
import { fromRoot } from './lib/paths.js';

const usage = 'usage: npm run spec:update -- <full-soracom-api.yaml> [--out FILE] [--tag Batch] [--no-generate]';

export function updateBatchSpec(fullSpecText: string, currentSpecText: string | undefined, tag = 'Batch'): string {
  const full = parse(fullSpecText) as OpenApiDoc;
  if (!full || typeof full !== 'object' || !full.paths)
    throw new Error('the input is not an OpenAPI document (no `paths`)');
  const extracted = extractTagged(full, tag);
  const current = currentSpecText ? (parse(currentSpecText) as OpenApiDoc) : undefined;
  extracted.info = {
    ...(current?.info ?? { title: `Soracom ${tag} API` }),
    version: full.info?.version ?? current?.info?.version ?? 'unknown',
  };
  return stringify(extracted, YAML_OPTIONS);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'openapi/batch.yaml' },
      tag: { type: 'string', default: 'Batch' },
      'no-generate': { type: 'boolean', default: false },
    },
  });
  const input = positionals[0];
  if (!input || positionals.length > 1) throw new Error(usage);
  if (!existsSync(input)) throw new Error(`spec:update: input file ${input} does not exist. ${usage}`);
  const out = fromRoot(values.out);
  // `info` title and description come from the file being replaced, or from the committed spec.
  const infoSource = existsSync(out) ? out : fromRoot('openapi/batch.yaml');
  const current = existsSync(infoSource) ? readFileSync(infoSource, 'utf8') : undefined;
  writeFileSync(out, updateBatchSpec(readFileSync(input, 'utf8'), current, values.tag));
  console.log(`wrote ${values.out} from ${input}`);
  if (!values['no-generate']) {
    const result = spawnSync(
      process.execPath,
      [fromRoot('node_modules/tsx/dist/cli.mjs'), fromRoot('scripts/generate.ts')],
      {
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) throw new Error('spec:update: regeneration failed (see above)');
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
