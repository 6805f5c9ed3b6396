/**
 * `run <action>`: one of the eight actions applied to every target of an input file, at any size.
 * The input is read and checked whole before anything is sent: every invalid row is reported, and
 * unless `--skip-invalid` nothing runs while one is invalid. Then the SDK's `runTasks` splits the
 * tasks into jobs of at most 10,000, runs them one after another and waits for each (run.ts).
 */
import { type Command, Option } from 'commander';
import { buildTasks, CLI_ACTIONS, type CliAction, unusedColumns } from '../actions.js';
import { UsageError } from '../errors.js';
import { INPUT_FORMATS, type InputFormatFlag, parseInput, parseTagFlags } from '../input.js';
import { readTextSource } from '../io.js';
import { type CommandContext, collect, examples, hiddenAlias } from '../program.js';
import { executeRun, type GroupChoice, type InputSummary, resolveBatchGroup } from '../run.js';
import { addRunOptions, type RunFlags, runSettingsOf } from '../run-options.js';

type ActionFlags = RunFlags & {
  input: string;
  inputFormat: InputFormatFlag;
  batchGroupId?: string;
  batchGroupName?: string;
  batchGroupDescription?: string;
  skipInvalid?: boolean;
  groupId?: string;
  vpgId?: string;
  tag?: string[];
};

const INPUT_HELP = `
Input (--input FILE, or - for stdin; the format is detected, or set with --input-format):
  CSV     a header line, then one row per target; comma or tab separated, quotes as in RFC 4180
  ids     one SIM ID per line; blank lines and lines starting with # are skipped
  JSON    an array of rows: objects with the column names as keys, or SIM ID strings
  JSONL   one such row per line

Columns (case, spaces, "_" and "-" do not matter: sim_id = simId = "SIM ID"):
  sim_id                  the SIM (all actions but put-ip-address-map-entry)
  group_id                set-group: the SIM group (--group-id for rows without one)
  tag:<name>              put-tags: one tag per column, e.g. tag:area (an empty cell sets nothing)
  tags                    put-tags: several tags, "area=tokyo;floor=3" (JSON: {"area": "tokyo"})
  imsi                    put-ip-address-map-entry: the IMSI (also: key)
  ip_address              put-ip-address-map-entry: the fixed IP address (also: ip)
  vpg_id                  put-ip-address-map-entry: the VPG (--vpg-id for rows without one)
  A --failed-output file is valid input: its extra columns (status_code, ...) are ignored.

Rows:
  Every invalid row is reported with its line (JSON: item) number; if any is, nothing is submitted
  unless --skip-invalid. A target listed twice with the same values is reported and submitted once;
  with different values it is invalid.

Batch group: --batch-group-id ID, or --batch-group-name NAME (found by name, created when missing).
Resume: with --state-file, Ctrl-C or a crash leaves a state that the same command resumes; without
it, an interrupted run that submitted jobs saves soracom-batch-<run>.state.json in the current folder.
`;

function groupChoiceOf(flags: ActionFlags): GroupChoice {
  const name = flags.batchGroupName;
  if (flags.batchGroupId !== undefined && name !== undefined)
    throw new UsageError('pass either --batch-group-id or --batch-group-name, not both');
  if (flags.batchGroupId !== undefined) return { batchGroupId: flags.batchGroupId };
  if (name !== undefined) {
    if (name.trim() === '') throw new UsageError('--batch-group-name must not be empty');
    return {
      batchGroupName: name,
      ...(flags.batchGroupDescription !== undefined ? { description: flags.batchGroupDescription } : {}),
    };
  }
  throw new UsageError(
    'choose the batch group: --batch-group-id ID, or --batch-group-name NAME (created when missing)',
  );
}

async function runAction(
  ctx: CommandContext,
  action: CliAction,
  flags: ActionFlags,
  command: Command,
): Promise<number> {
  const g = ctx.globals(command);
  const group = groupChoiceOf(flags);
  const settings = runSettingsOf(flags, ctx.io, `run ${action.name}`, `soracom-batch ${action.name}`);
  const defaults = {
    ...(flags.groupId !== undefined ? { groupId: flags.groupId } : {}),
    ...(flags.vpgId !== undefined ? { vpgId: flags.vpgId } : {}),
    tags: parseTagFlags(flags.tag),
  };

  if (flags.input === '-' && ctx.io.stdinIsTTY) ctx.info(g, 'Reading the input from the terminal: end it with Ctrl-D.');
  const source = await readTextSource(flags.input, ctx.io, '--input');
  const parsed = parseInput(source.text, source.label, flags.inputFormat);
  const quoted = (names: readonly string[]) => names.map((c) => JSON.stringify(c)).join(', ');
  if (parsed.unknownColumns.length > 0) {
    ctx.warn(
      `${source.label}: ignoring unknown column(s) ${quoted(parsed.unknownColumns)} (see --help for the column names)`,
    );
  }
  const unused = unusedColumns(parsed, action);
  if (unused.length > 0)
    ctx.warn(`${source.label}: ${action.name} does not use column(s) ${quoted(unused)}; ignoring them`);

  const built = buildTasks(parsed, action, defaults, source.label);
  const problems = [
    ...built.invalid.map((p) => ({ ...p, kind: 'invalid' })),
    ...built.duplicates.map((p) => ({ ...p, kind: 'duplicate' })),
  ].sort((a, b) => a.position - b.position);
  for (const p of problems) ctx.warn(`${source.label} ${p.where}: ${p.kind}: ${p.message}`);
  if (built.invalid.length > 0 && !flags.skipInvalid) {
    throw new UsageError(
      `${built.invalid.length} invalid row(s) in ${source.label}: nothing was submitted. Fix them, or pass --skip-invalid to run the ${built.tasks.length} valid one(s)`,
    );
  }
  if (built.tasks.length === 0) throw new UsageError(`${source.label} has no targets to run`);

  const input: InputSummary = {
    source: source.label,
    format: parsed.format,
    rows: built.rows,
    tasks: built.tasks.length,
    invalid: built.invalid.length,
    skipped: flags.skipInvalid ? built.invalid.length : 0,
    duplicates: built.duplicates.length,
  };
  ctx.info(
    g,
    `Read ${source.label} (${parsed.format}): ${input.rows} row(s), ${input.tasks} task(s)` +
      (input.skipped ? `, ${input.skipped} invalid row(s) skipped` : '') +
      (input.duplicates ? `, ${input.duplicates} duplicate(s) left out` : '') +
      '.',
  );

  return executeRun(
    ctx,
    g,
    {
      action: action.operationId,
      tasks: built.tasks,
      wheres: built.wheres,
      input,
      inputLabel: source.label,
      group,
      resolveGroup: async (client, signal) => {
        const resolved = await resolveBatchGroup(client, group, signal);
        const name = resolved.batchGroupName ? `"${resolved.batchGroupName}" ` : '';
        ctx.info(g, `${resolved.created ? 'Created' : 'Using'} batch group ${name}(${resolved.batchGroupId}).`);
        return resolved.batchGroupId;
      },
    },
    settings,
  );
}

export function addRunCommand(program: Command, ctx: CommandContext): void {
  const run = program
    .command('run')
    .description(
      'apply one action to many targets read from a file (CSV, ID list, JSON, JSONL), as many jobs as needed',
    )
    .addHelpText(
      'after',
      INPUT_HELP +
        examples(
          'soracom-batch run put-tags --input fleet.csv --batch-group-name "July tags" --state-file tags.state.json --failed-output failed.csv',
          'soracom-batch run activate --input sims.txt --batch-group-name activation --dry-run',
          'cat sims.txt | soracom-batch run suspend --input - --batch-group-id 0000000a-1111-2222-3333-444444444444',
        ),
    );

  for (const action of CLI_ACTIONS) {
    const command = run
      .command(action.name)
      .alias(action.operationId)
      .description(action.summary)
      .requiredOption('--input <file>', 'the targets: CSV with a header, a list of IDs, JSON or JSONL; - for stdin')
      .addOption(new Option('--input-format <format>', 'input format').choices([...INPUT_FORMATS]).default('auto'))
      .option('--batch-group-id <id>', 'run the jobs in this batch group')
      .option('--batch-group-name <name>', 'run the jobs in the batch group with this name, created when missing')
      .option('--batch-group-description <text>', 'description of the batch group when --batch-group-name creates it')
      .option(
        '--skip-invalid',
        'report invalid rows and run the valid ones (default: run nothing if any row is invalid)',
      );
    // The spellings of earlier versions.
    hiddenAlias(command, '--format <format>', 'input-format');
    hiddenAlias(command, '--group-name <name>', 'batch-group-name');
    hiddenAlias(command, '--group-description <text>', 'batch-group-description');
    if (action.kind === 'set-group') command.option('--group-id <id>', 'SIM group for rows without a group_id');
    if (action.kind === 'put-tags')
      command.option(
        '--tag <name=value>',
        'a tag for every row; repeat for more (a row value for the same name wins)',
        collect,
      );
    if (action.kind === 'vpg') command.option('--vpg-id <id>', 'VPG for rows without a vpg_id');
    addRunOptions(command);
    command.addHelpText(
      'after',
      `\nColumns: ${action.columns}\n(see "soracom-batch run --help" for the input formats)\n${examples(...action.examples)}`,
    );
    command.action(ctx.action((flags: ActionFlags, cmd: Command) => runAction(ctx, action, flags, cmd)));
  }
}
