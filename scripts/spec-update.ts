/**
 * `npm run spec:update -- <soracom-api.en.yaml> [--accept-breaking] [--allow-other-edition] [--allow-downgrade]
 *  [--dry-run] [--report FILE] [--root DIR] [--tag Batch]`
 *
 * Folds a new release of Soracom's full API description into this repository, all or nothing:
 * 1. reads it (refusing, by name, a Swagger 2.0 file or anything that is not OpenAPI 3) and extracts the
 *    `Batch`-tagged operations with every component they reference (our `info` title and description,
 *    the release's `info.version`);
 * 2. analyses it (scripts/lib/spec-analysis.ts): the Batch API changes, the task contract stated in
 *    prose, the spec fixes and their evidence, openapi/actions.yaml, the edition, the version;
 * 3. fails (exit 1) on a stale fix, evidence that no longer holds or a task contract it cannot read;
 *    refuses (exit 2) breaking changes, the other language edition and an older release, each unless
 *    its flag allows it;
 * 4. builds and lints the whole new `generated/` tree in a scratch folder (a dry run too), and only then
 *    replaces `openapi/batch.yaml`, `generated/`, `openapi/batch.source.json` and the report together.
 * The report is printed, written to `openapi/CHANGES.md` by an applied update, and to `--report` whatever
 * the outcome. Nothing is written in any other case. docs/regenerating.md is the maintainer's guide.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { tasks } from '../src/tasks/builders.js';
import { batchLimits } from '../src/tasks/job-body.js';
import { extractTagged, type OpenApiDoc } from './lib/extract-tagged.js';
import { type SourceOf, YAML_OPTIONS } from './lib/generate-specs.js';
import { buildGeneratedTree, listFiles } from './lib/generated-dir.js';
import { lintSpecs } from './lib/lint-specs.js';
import { operationsById } from './lib/openapi.js';
import { fromRoot } from './lib/paths.js';
import { parseRelease } from './lib/release.js';
import { replaceAll } from './lib/replace-files.js';
import { type Analysis, analyseRelease, failuresOf, type Refusal, refusalsOf } from './lib/spec-analysis.js';
import { renderReport, type UpdateOutcome, type UpdateReport } from './lib/spec-report.js';
import { batchContentHash, RECORD_NOTE, renderSourceRecord, SOURCE_RECORD, sha256 } from './lib/spec-source.js';
import type { SdkTaskSupport } from './lib/task-contract.js';

export const EXIT = { ok: 0, failed: 1, refused: 2 } as const;
export const DEFAULT_REPORT = 'openapi/CHANGES.md';

const usage =
  'usage: npm run spec:update -- <soracom-api.en.yaml> [--accept-breaking] [--allow-other-edition] ' +
  '[--allow-downgrade] [--dry-run] [--report FILE] [--root DIR] [--tag Batch]';

const help = `${usage}

Takes the Batch part of a published Soracom API description (YAML or JSON) into openapi/batch.yaml and
regenerates generated/, all or nothing, and reports what changed (printed, and written to ${DEFAULT_REPORT}).

  --accept-breaking      apply even when the report lists breaking changes
  --allow-other-edition  apply the other language edition (e.g. soracom-api.ja.yaml over an English spec):
                         the SDK's doc comments and the CLI's help switch language
  --allow-downgrade      apply a release older than openapi/batch.yaml
  --dry-run              do everything (analyse, generate, lint) but write (exit as the update would)
  --report FILE          also write the report to FILE, whatever the outcome
  --root DIR             update the openapi/ and generated/ under DIR instead of this repository's
  --tag NAME             the tag whose operations are kept (default Batch)

Exit codes: 0 applied, 1 failed (nothing written), 2 refused (nothing written; a flag above allows it).
Guide: docs/regenerating.md`;

export type Io = { out: (text: string) => void; err: (text: string) => void };
const consoleIo: Io = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** The new Batch spec's text: the tagged part of `full`, with our info title and description. */
export function updateBatchSpec(full: OpenApiDoc, current: OpenApiDoc | undefined, tag = 'Batch'): string {
  const extracted = extractTagged(full, tag);
  extracted.info = {
    ...(current?.info ?? { title: `Soracom ${tag} API` }),
    version: full.info?.version ?? current?.info?.version ?? 'unknown',
  };
  return stringify(extracted, YAML_OPTIONS);
}

type Options = {
  input: string;
  root: string;
  tag: string;
  /** The refusals the flags given allow. */
  allowed: Set<Refusal['flag']>;
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
  const flag = { type: 'boolean', default: false } as const;
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'accept-breaking': flag,
      'allow-other-edition': flag,
      'allow-downgrade': flag,
      'dry-run': flag,
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
  const allowed = (['--accept-breaking', '--allow-other-edition', '--allow-downgrade'] as const).filter(
    (f) => values[f.slice(2) as 'accept-breaking' | 'allow-other-edition' | 'allow-downgrade'],
  );
  return {
    input,
    root: values.root ? from(values.root) : fromRoot(),
    tag: values.tag,
    allowed: new Set(allowed),
    dryRun: values['dry-run'],
    report: values.report ? from(values.report) : undefined,
  };
}

/** What the SDK has for tasks: the operations of `root`'s actions.yaml, this repository's builders and limit. */
function sdkTaskSupport(actionsDoc: OpenApiDoc): SdkTaskSupport {
  return {
    actionsYaml: [...operationsById(actionsDoc).keys()],
    hasBuilder: (id) => typeof (tasks as Record<string, unknown>)[id] === 'function',
    maxTasksPerJob: batchLimits.maxTasksPerJob,
  };
}

type Prepared = { analysis: Analysis; candidateText: string; candidate: OpenApiDoc };

/** Reads the input and the repository's specs, extracts the Batch part and analyses it; throws on unreadable input. */
function prepare(options: Options, report: UpdateReport): Prepared {
  const { root, tag } = options;
  const batchFile = join(root, 'openapi', 'batch.yaml');
  const current = existsSync(batchFile) ? (parse(readFileSync(batchFile, 'utf8')) as OpenApiDoc) : undefined;
  report.currentVersion = String(current?.info?.version ?? '(none)');
  const bytes = readFileSync(options.input);
  report.input.sha256 = sha256(bytes);
  const full = parseRelease(bytes.toString('utf8'));
  report.input.version = String(full.info?.version ?? '?');
  const actionsDoc = parse(readFileSync(join(root, 'openapi', 'actions.yaml'), 'utf8')) as OpenApiDoc;
  const candidateText = updateBatchSpec(full, current, tag);
  const candidate = parse(candidateText) as OpenApiDoc;
  const analysis = analyseRelease({ full, current, candidate, actionsDoc, sdk: sdkTaskSupport(actionsDoc) });
  return { analysis, candidateText, candidate };
}

/** Builds and lints the whole new generated/ tree from a scratch copy of the candidate; returns its folder. */
async function buildAndLint(root: string, candidateText: string, log: (text: string) => void): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'soracom-batch-spec-update-'));
  try {
    const candidateFile = join(scratch, 'batch.yaml');
    writeFileSync(candidateFile, candidateText);
    const sourceOf: SourceOf = (spec) => (spec.name === 'batch' ? candidateFile : join(root, spec.source));
    const generated = await buildGeneratedTree(sourceOf);
    try {
      const lintConfig = join(root, 'openapi', 'redocly.yaml');
      const specs = listFiles(generated).filter((f) => f.startsWith('openapi/'));
      lintSpecs(
        specs.map((f) => join(generated, f)),
        existsSync(lintConfig) ? lintConfig : undefined,
        log,
      );
      return generated;
    } catch (error) {
      rmSync(generated, { recursive: true, force: true });
      throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The options, or the exit code when there is nothing to update (`--help`, a usage error). */
function optionsOrExit(argv: string[], io: Io): Options | number {
  try {
    const read = readOptions(argv);
    if (read !== 'help') return read;
    io.out(help);
    return EXIT.ok;
  } catch (error) {
    const { message } = error as Error;
    io.err(`${message}${message.includes('usage:') ? '' : `\n${usage}`}`);
    return EXIT.failed;
  }
}

/** Swaps in the new spec, generated/, the record and openapi/CHANGES.md together; returns the outcome. */
function applyUpdate(options: Options, prepared: Prepared, generated: string, report: UpdateReport): UpdateOutcome {
  const { root, tag } = options;
  const changesFile = join(root, DEFAULT_REPORT);
  const record = renderSourceRecord({
    note: RECORD_NOTE,
    source: report.input.file,
    sha256: report.input.sha256,
    infoVersion: report.input.version,
    tag,
    batchSha256: batchContentHash(prepared.candidate),
  });
  report.outcome = {
    status: 'applied',
    written: ['openapi/batch.yaml', 'generated/', SOURCE_RECORD, relative(root, changesFile)],
    accepted: refusalsOf(prepared.analysis),
  };
  replaceAll([
    { target: join(root, 'openapi', 'batch.yaml'), content: prepared.candidateText },
    { target: join(root, 'generated'), dir: generated },
    { target: join(root, SOURCE_RECORD), content: record },
    { target: changesFile, content: renderReport(report) },
  ]);
  return report.outcome;
}

export async function runSpecUpdate(argv: string[], io: Io = consoleIo): Promise<number> {
  const options = optionsOrExit(argv, io);
  if (typeof options === 'number') return options;
  const report: UpdateReport = {
    input: { file: basename(options.input), sha256: '', version: '?', tag: options.tag },
    currentVersion: '?',
    outcome: { status: 'failed', reason: '' },
  };
  /** Prints the report and writes it to an explicit --report path, whatever the outcome. */
  const conclude = (outcome: UpdateOutcome, code: number, message?: string): number => {
    report.outcome = outcome;
    const text = renderReport(report);
    io.out(text);
    if (options.report) {
      mkdirSync(dirname(options.report), { recursive: true });
      writeFileSync(options.report, text);
    }
    if (message) io.err(`spec:update: ${message}`);
    return code;
  };
  const fail = (reason: string, message = reason) =>
    conclude({ status: 'failed', reason }, EXIT.failed, `nothing was written: ${message}`);

  let generated: string | undefined;
  try {
    const prepared = prepare(options, report);
    report.analysis = prepared.analysis;
    const failures = failuresOf(prepared.analysis);
    if (failures.length > 0) {
      return fail(failures.map((f) => f.report).join('\n'), failures.map((f) => f.message).join(' '));
    }
    const blocking = refusalsOf(prepared.analysis).filter((r) => !options.allowed.has(r.flag));
    if (blocking.length > 0 && !options.dryRun) {
      return conclude(
        { status: 'refused', refusals: blocking },
        EXIT.refused,
        `nothing was written: ${blocking.map((r) => r.reason).join('; ')}, listed above. ` +
          `Run again with ${blocking.map((r) => r.flag).join(' and ')} to apply it anyway.`,
      );
    }
    generated = await buildAndLint(options.root, prepared.candidateText, io.out);
    if (options.dryRun) {
      return conclude({ status: 'dry-run', refusals: blocking }, blocking.length > 0 ? EXIT.refused : EXIT.ok);
    }
    return conclude(applyUpdate(options, prepared, generated, report), EXIT.ok);
  } catch (error) {
    return fail((error as Error).message);
  } finally {
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
