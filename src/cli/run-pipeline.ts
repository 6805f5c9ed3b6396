/**
 * `run <action>` and `run apply` once their arguments are read, as a pipeline a reader follows top to
 * bottom:
 *   arguments (commands/run-command.ts) → input, read and checked (input.ts, input-check.ts) → tasks
 *   (row-tasks.ts, read again through one shared pass: shared-pass.ts) → run (run-execute.ts) → report
 *   (run-report.ts).
 * The input is read twice: the check pass, then the send pass (once more per later `--stage`); nothing
 * is sent while a row is invalid, unless `--skip-invalid`.
 */
import type { BatchClient } from '../client/client.js';
import type { TaskSource } from '../runner/sources.js';
import { CLI_ACTIONS, checkShape, STATUS_ACTIONS, unusedColumns } from './actions.js';
import { type GroupChoice, resolveBatchGroup } from './batch-group.js';
import { UsageError } from './errors.js';
import { type InputFile, type InputFormatFlag, openInput, type RowFields } from './input.js';
import { checkInput, type InputCheck, type StreamCheck } from './input-check.js';
import type { CommandContext, GlobalOptions } from './program.js';
import { rowTask, type StreamSpec, type TaskDefaults } from './row-tasks.js';
import { executeRun, type StreamWork } from './run-execute.js';
import type { RunSettings } from './run-options.js';
import type { InputSummary } from './run-report.js';
import { SharedPass } from './shared-pass.js';

/** What `run` was asked to do, once its arguments are read. */
export type InputRunRequest = {
  input: string;
  inputFormat: InputFormatFlag;
  group: GroupChoice;
  defaults: TaskDefaults;
  skipInvalid: boolean;
  /** The streams the input may ask for: one action for `run <action>`, every change for `run apply`. */
  specs(input: InputFile): StreamSpec[];
  /** Refuses a row outright, whatever its actions (`run apply`: an unknown status). */
  validate?: (fields: RowFields) => string | undefined;
  /** `--stage` flags, in order. */
  stages?: readonly string[] | undefined;
  settings: RunSettings;
};

export async function runFromInput(ctx: CommandContext, g: GlobalOptions, request: InputRunRequest): Promise<number> {
  if (request.input === '-' && ctx.io.stdinIsTTY)
    ctx.info(g, 'Reading the input from the terminal: end it with Ctrl-D.');
  const input = await openInput(request.input, ctx.io, request.inputFormat);
  try {
    const check = await readAndCheck(ctx, input, request);
    const streams = streamsOf(input, check, request);
    const summary = summarize(input, check, request.skipInvalid);
    ctx.info(g, readLine(summary, streams, request.settings.multi));
    const resolveGroup = async (client: BatchClient, signal: AbortSignal) => {
      const resolved = await resolveBatchGroup(client, request.group, signal);
      const name = resolved.batchGroupName ? `"${resolved.batchGroupName}" ` : '';
      ctx.info(g, `${resolved.created ? 'Created' : 'Using'} batch group ${name}(${resolved.batchGroupId}).`);
      return resolved.batchGroupId;
    };
    const work = {
      streams,
      input: summary,
      inputLabel: input.label,
      ...(input.path !== undefined ? { inputPath: input.path } : {}),
      group: request.group,
      tagNames: check.tagNames,
      resolveGroup,
    };
    return await executeRun(ctx, g, work, request.settings);
  } finally {
    await input.dispose();
  }
}

/** The check pass, its warnings and its refusals: nothing is sent past this while a row is invalid. */
async function readAndCheck(ctx: CommandContext, input: InputFile, request: InputRunRequest): Promise<InputCheck> {
  const { settings } = request;
  const specs = request.specs(input);
  const check = await checkInput(input, specs, request.defaults, settings.chunkSize ?? 10_000, request.validate);
  // Known once the pass has seen the columns: one message for an input that cannot fit at all.
  if (!settings.multi) checkShape(input, check.rows, (specs[0] as StreamSpec).action);
  const quoted = (names: readonly string[]) => names.map((c) => JSON.stringify(c)).join(', ');
  if (input.columns.unknown.length > 0)
    ctx.warn(
      `${input.label}: ignoring unknown column(s) ${quoted(input.columns.unknown)} (see --help for the column names)`,
    );
  const actions = check.streams.filter((s) => s.tasks > 0 || !settings.multi).map((s) => s.spec.action);
  // apply reads the status column itself: it chooses the status action of each row.
  const unused = input.format === 'ids' ? [] : unusedColumns(input.columns, actions, settings.multi ? ['status'] : []);
  const what = settings.multi ? 'apply' : (specs[0] as StreamSpec).action.name;
  if (unused.length > 0) ctx.warn(`${input.label}: ${what} does not use column(s) ${quoted(unused)}; ignoring them`);
  const problems = [
    ...check.invalid.map((p) => ({ ...p, kind: 'invalid' })),
    ...check.duplicates.map((p) => ({ ...p, kind: 'duplicate' })),
  ].sort((a, b) => a.position - b.position);
  for (const p of problems) ctx.warn(`${input.label} ${p.where}: ${p.kind}: ${p.message}`);
  const taskCount = check.streams.reduce((n, s) => n + s.tasks, 0);
  if (check.invalid.length > 0 && !request.skipInvalid) {
    throw new UsageError(
      `${check.invalid.length} invalid row(s) in ${input.label}: nothing was submitted. Fix them, or pass --skip-invalid to run the ${taskCount} valid one(s)`,
    );
  }
  return check;
}

/** Each stream with tasks, reading the input again through one shared pass, in its stage. */
function streamsOf(input: InputFile, check: InputCheck, request: InputRunRequest): StreamWork[] {
  const found = check.streams.filter((s) => s.tasks > 0);
  if (found.length === 0) {
    throw new UsageError(
      request.settings.multi
        ? `${input.label} asks for no change: give group_id, tag:<name>, tags or status columns`
        : `${input.label} has no targets to run`,
    );
  }
  const stages = stagesOf(found, request.stages);
  const pass = new SharedPass(input);
  return found.map((stream: StreamCheck, k) => ({
    name: stream.spec.action.name,
    action: stream.spec.action.operationId,
    // One action: every task of the stream comes from its action's builder.
    tasks: pass.source(rowTask(stream.spec, request.defaults, stream.skip)) as TaskSource,
    count: stream.tasks,
    known: stream.known,
    stage: stages[k] as number,
    chunks: stream.chunks,
  }));
}

/** `--stage set-group,put-tags --stage status`: each stream's stage, numbered from 0 with no gaps. */
function stagesOf(streams: readonly StreamCheck[], flags: readonly string[] | undefined): number[] {
  if (!flags || flags.length === 0) return streams.map(() => 0);
  const stageOfName = new Map<string, number>();
  flags.forEach((flag, stage) => {
    for (const raw of flag.split(',')) {
      const name = raw.trim();
      for (const n of name === 'status' ? Object.values(STATUS_ACTIONS) : [name]) {
        if (!CLI_ACTIONS.some((a) => a.name === n))
          throw new UsageError(
            `--stage ${JSON.stringify(flag)}: ${JSON.stringify(name)} is not an action (set-group, put-tags, status, activate, ...)`,
          );
        stageOfName.set(n, stage);
      }
    }
  });
  const stages = streams.map((s) => {
    const stage = stageOfName.get(s.spec.action.name);
    if (stage === undefined)
      throw new UsageError(`--stage: the input has ${s.spec.action.name} changes, which no --stage names`);
    return stage;
  });
  const used = [...new Set(stages)].sort((a, b) => a - b);
  return stages.map((stage) => used.indexOf(stage));
}

function summarize(input: InputFile, check: InputCheck, skipInvalid: boolean): InputSummary {
  return {
    source: input.label,
    format: input.format,
    rows: check.rows,
    tasks: check.streams.reduce((n, s) => n + s.tasks, 0),
    invalid: check.invalid.length,
    skipped: skipInvalid ? check.invalid.length : 0,
    duplicates: check.duplicates.length,
  };
}

function readLine(summary: InputSummary, streams: readonly StreamWork[], multi: boolean): string {
  return (
    `Read ${summary.source} (${summary.format}): ${summary.rows} row(s), ${summary.tasks} task(s)` +
    (multi ? ` (${streams.map((s) => `${s.name} ${s.count}`).join(', ')})` : '') +
    (summary.skipped ? `, ${summary.skipped} invalid row(s) skipped` : '') +
    (summary.duplicates ? `, ${summary.duplicates} duplicate(s) left out` : '') +
    '.'
  );
}
