/**
 * `npm run spec:update -- <soracom-api.en.yaml> [--accept-breaking] [--dry-run] [--report FILE] [--root DIR] [--tag Batch]`
 *
 * Folds a new release of Soracom's full API description into this repository, all or nothing:
 * 1. extracts the `Batch`-tagged operations and every component they reference (keeping our `info`
 *    title and description, taking the release's `info.version`);
 * 2. compares it with `openapi/batch.yaml` (scripts/lib/spec-diff.ts), checks every spec fix still
 *    finds its defect, and compares `openapi/actions.yaml` with the release's operations of the same
 *    operationIds (scripts/lib/actions-diff.ts);
 * 3. refuses, writing nothing, when a change is breaking and `--accept-breaking` is absent;
 * 4. otherwise generates and lints the whole new `generated/` tree from a scratch copy, and only then
 *    replaces `openapi/batch.yaml`, `generated/`, `openapi/batch.source.json` and the report together.
 * The report is printed, and written to `openapi/CHANGES.md` with an applied update (or to `--report`).
 * Exit codes: 0 applied (or a dry run with nothing refused), 1 failed (nothing written),
 * 2 refused for breaking changes (nothing written). docs/regenerating.md is the maintainer's guide.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { deliberateActionDifferences } from './actions-differences.js';
import { compareActions } from './lib/actions-diff.js';
import { extractTagged, type OpenApiDoc } from './lib/extract-tagged.js';
import { type SourceOf, YAML_OPTIONS } from './lib/generate-specs.js';
import { buildGeneratedTree, listFiles } from './lib/generated-dir.js';
import { lintSpecs } from './lib/lint-specs.js';
import { fromRoot } from './lib/paths.js';
import { replaceAll } from './lib/replace-files.js';
import { diffSpecs } from './lib/spec-diff.js';
import { renderReport, type UpdateOutcome, type UpdateReport } from './lib/spec-report.js';
import { batchContentHash, RECORD_NOTE, renderSourceRecord, SOURCE_RECORD, sha256 } from './lib/spec-source.js';
import { specFixes, staleSpecFixes } from './spec-fixes.js';

export const EXIT = { ok: 0, failed: 1, breaking: 2 } as const;
export const DEFAULT_REPORT = 'openapi/CHANGES.md';

const usage =
  'usage: npm run spec:update -- <soracom-api.en.yaml> [--accept-breaking] [--dry-run] [--report FILE] ' +
  '[--root DIR] [--tag Batch]';

const help = `${usage}

Takes the Batch part of a published Soracom API description (YAML or JSON) into openapi/batch.yaml and
regenerates generated/, all or nothing, and reports what changed (printed, and written to ${DEFAULT_REPORT}).

  --accept-breaking  apply even when the report lists breaking changes (otherwise exit 2, nothing written)
  --dry-run          report only; write nothing (exit 2 if it would be refused, 1 if it would fail)
  --report FILE      also write the report to FILE, whatever the outcome
  --root DIR         update the openapi/ and generated/ under DIR instead of this repository's
  --tag NAME         the tag whose operations are kept (default Batch)

Exit codes: 0 applied, 1 failed (nothing written), 2 breaking changes refused (nothing written).
Guide: docs/regenerating.md`;

export type Io = { out: (text: string) => void; err: (text: string) => void };
const consoleIo: Io = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** The new Batch spec's text: the tagged part of `full`, with our info title and description. */
export function updateBatchSpec(full: OpenApiDoc, current: OpenApiDoc | undefined, tag = 'Batch'): string {
  if (!full || typeof full !== 'object' || !full.paths) {
    throw new Error('the input is not an OpenAPI document (no `paths`)');
  }
  const extracted = extractTagged(full, tag);
  extracted.info = {
    ...(current?.info ?? { title: `Soracom ${tag} API` }),
    version: full.info?.version ?? current?.info?.version ?? 'unknown',
  };
  return stringify(extracted, YAML_OPTIONS);
}

/** Reads a description as JSON when it is JSON (much faster on the 1 MB official spec), else as YAML. */
export function parseDescription(text: string): OpenApiDoc {
  return (text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text)) as OpenApiDoc;
}

type Options = {
  input: string;
  root: string;
  tag: string;
  acceptBreaking: boolean;
  dryRun: boolean;
  /** An explicit --report path: written whatever the outcome. */
  report: string | undefined;
};

function readOptions(argv: string[]): Options | 'help' {
  for (const removed of ['--no-generate', '--out']) {
    if (argv.some((a) => a === removed || a.startsWith(`${removed}=`))) {
      throw new Error(
        `${removed} is gone: spec:update writes openapi/batch.yaml and generated/ together or not at all. ` +
          `Use --dry-run to see the report without writing, --root DIR to update a copy. ${usage}`,
      );
    }
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'accept-breaking': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
      root: { type: 'string' },
      tag: { type: 'string', default: 'Batch' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new Error(usage);
  // `npm run` starts scripts in the package folder; paths are the caller's, relative to where npm was run.
  const from = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const input = from(positionals[0] as string);
  if (!existsSync(input)) throw new Error(`spec:update: input file ${input} does not exist. ${usage}`);
  return {
    input,
    root: values.root ? from(values.root) : fromRoot(),
    tag: values.tag,
    acceptBreaking: values['accept-breaking'],
    dryRun: values['dry-run'],
    report: values.report ? from(values.report) : undefined,
  };
}

export async function runSpecUpdate(argv: string[], io: Io = consoleIo): Promise<number> {
  let options: Options;
  try {
    const read = readOptions(argv);
    if (read === 'help') {
      io.out(help);
      return EXIT.ok;
    }
    options = read;
  } catch (error) {
    io.err(`${(error as Error).message}${(error as Error).message.includes('usage:') ? '' : `\n${usage}`}`);
    return EXIT.failed;
  }
  const { root, tag } = options;
  const batchFile = join(root, 'openapi', 'batch.yaml');
  const actionsFile = join(root, 'openapi', 'actions.yaml');

  let full: OpenApiDoc;
  let bytes: Buffer;
  let candidateText: string;
  let current: OpenApiDoc | undefined;
  let actionsDoc: OpenApiDoc;
  try {
    bytes = readFileSync(options.input);
    full = parseDescription(bytes.toString('utf8'));
    current = existsSync(batchFile) ? (parse(readFileSync(batchFile, 'utf8')) as OpenApiDoc) : undefined;
    actionsDoc = parse(readFileSync(actionsFile, 'utf8')) as OpenApiDoc;
    candidateText = updateBatchSpec(full, current, tag);
  } catch (error) {
    io.err(`spec:update: nothing was written: ${(error as Error).message}`);
    return EXIT.failed;
  }
  const candidate = parse(candidateText) as OpenApiDoc;
  const diff = diffSpecs(current ?? { openapi: '', info: {}, paths: {} }, candidate);
  const stale = staleSpecFixes('batch', candidate);
  const actions = compareActions(actionsDoc, full, deliberateActionDifferences);
  const report: UpdateReport = {
    input: { file: basename(options.input), sha256: sha256(bytes), version: String(full.info?.version ?? '?'), tag },
    diff,
    fixes: { total: specFixes.batch?.length ?? 0, stale: stale.map((f) => ({ id: f.id, looksFor: f.looksFor })) },
    actions,
    acceptBreaking: options.acceptBreaking,
    outcome: { status: 'dry-run' },
  };
  const breaking = diff.changes.filter((c) => c.severity === 'breaking').length;
  const reportFile = options.report ?? join(root, DEFAULT_REPORT);

  /** Prints the report; writes it to an explicit --report path (an applied update writes it with the rest). */
  const conclude = (outcome: UpdateOutcome, code: number, message?: string): number => {
    report.outcome = outcome;
    const text = renderReport(report);
    io.out(text);
    if (options.report && outcome.status !== 'applied') {
      mkdirSync(dirname(options.report), { recursive: true });
      writeFileSync(options.report, text);
    }
    if (message) io.err(`spec:update: ${message}`);
    return code;
  };

  if (stale.length > 0) {
    const names = stale.map((f) => `"${f.id}" (it looks for ${f.looksFor})`).join('; ');
    const [fix, them] = stale.length === 1 ? ['spec fix', 'it'] : ['spec fixes', 'them'];
    return conclude(
      { status: 'failed', reason: `Stale ${fix}: ${names}.` },
      EXIT.failed,
      `nothing was written: ${fix} ${names} found nothing to correct in the new Batch spec. ` +
        `Remove or update ${them} in scripts/spec-fixes.ts, then run again.`,
    );
  }
  const refused = breaking > 0 && !options.acceptBreaking;
  if (options.dryRun) return conclude({ status: 'dry-run' }, refused ? EXIT.breaking : EXIT.ok);
  if (refused) {
    return conclude(
      { status: 'refused' },
      EXIT.breaking,
      `nothing was written: ${breaking} breaking change(s), listed above. Run again with --accept-breaking to apply them.`,
    );
  }

  // Build and lint the whole new generated/ tree from a scratch copy of the new spec, then swap
  // everything in at once; a failure at any step leaves the repository as it was.
  const scratch = mkdtempSync(join(tmpdir(), 'soracom-batch-spec-update-'));
  let generated: string | undefined;
  try {
    const candidateFile = join(scratch, 'batch.yaml');
    writeFileSync(candidateFile, candidateText);
    const sourceOf: SourceOf = (spec) => (spec.name === 'batch' ? candidateFile : join(root, spec.source));
    generated = await buildGeneratedTree(sourceOf);
    const lintConfig = join(root, 'openapi', 'redocly.yaml');
    lintSpecs(
      listFiles(generated)
        .filter((f) => f.startsWith('openapi/'))
        .map((f) => join(generated as string, f)),
      existsSync(lintConfig) ? lintConfig : undefined,
      io.out,
    );
    const record = renderSourceRecord({
      note: RECORD_NOTE,
      source: report.input.file,
      sha256: report.input.sha256,
      infoVersion: report.input.version,
      tag,
      batchSha256: batchContentHash(candidate),
    });
    report.outcome = {
      status: 'applied',
      written: ['openapi/batch.yaml', 'generated/', SOURCE_RECORD, relative(root, reportFile)],
    };
    mkdirSync(dirname(reportFile), { recursive: true });
    replaceAll([
      { target: batchFile, content: candidateText },
      { target: join(root, 'generated'), dir: generated },
      { target: join(root, SOURCE_RECORD), content: record },
      { target: reportFile, content: renderReport(report) },
    ]);
    return conclude(report.outcome, EXIT.ok);
  } catch (error) {
    const reason = (error as Error).message;
    return conclude({ status: 'failed', reason }, EXIT.failed, `nothing was written: ${reason}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (generated) rmSync(generated, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  runSpecUpdate(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = EXIT.failed;
    },
  );
}
