/**
 * `run <action>`: one of the eight actions applied to every target of an input file, at any size; and
 * `run apply`: the changes each row of one input describes (its SIM group, tags and status), one
 * action per kind of change, the actions at the same time or in `--stage` order. This module reads the
 * arguments; run-pipeline.ts does the rest.
 */
import { type Command, Option } from 'commander';
import { actionNamed, CLI_ACTIONS, type CliAction, STATUS_ACTIONS } from '../actions.js';
import type { GroupChoice } from '../batch-group.js';
import { UsageError } from '../errors.js';
import { INPUT_FORMATS, type InputFormatFlag, type RowFields } from '../input.js';
import { type CommandContext, collect, examples, hiddenAlias } from '../program.js';
import { parseTagFlags, type StreamSpec, type TaskDefaults } from '../row-tasks.js';
import { addRunOptions, type RunFlags, type RunSettings, runSettingsOf } from '../run-options.js';
import { type InputRunRequest, runFromInput } from '../run-pipeline.js';

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
  stage?: string[];
};

const INPUT_HELP = `
Input (--input FILE, or - for stdin; the format is detected, or set with --input-format):
  CSV     a header line, then one row per target; comma or tab separated, quotes as in RFC 4180
  ids     one SIM ID per line; blank lines and lines starting with # are skipped
  JSON    an array of rows: objects with the column names as keys, or SIM ID strings
  JSONL   one such row per line
  CSV, ids and JSONL are read line by line, so their size does not matter; a JSON array is read whole.

Columns (case, spaces, "_" and "-" do not matter: sim_id = simId = "SIM ID"):
  sim_id                  the SIM (all actions but put-ip-address-map-entry)
  group_id                set-group: the SIM group (--group-id for rows without one)
  tag:<name>              put-tags: one tag per column, e.g. tag:area (an empty cell sets nothing)
  tags                    put-tags: several tags, "area=tokyo;floor=3" (JSON: {"area": "tokyo"})
  imsi                    put-ip-address-map-entry: the IMSI (also: key)
  ip_address              put-ip-address-map-entry: the fixed IP address (also: ip)
  vpg_id                  put-ip-address-map-entry: the VPG (--vpg-id for rows without one)
  status                  apply: active, inactive, standby or suspended
  A --failed-output file is valid input: its extra columns (status_code, ...) are ignored, and a cell
  written as '=... (so a spreadsheet does not run it) is read back as =...

Rows:
  Every invalid row is reported with its line (JSON: item) number, a line that is not UTF-8 included;
  if any is, nothing is submitted unless --skip-invalid. A target listed twice with the same values is
  reported and submitted once; with different values it is invalid.

Batch group: --batch-group-id ID, or --batch-group-name NAME (found by name, created when missing).
Exactly once: every job carries a marker naming what it does (the action and every task), and every
run reads the batch group's jobs before it submits anything. So the same command run again goes on
where its run stopped (Ctrl-C, a crash, another machine) and submits no task twice; a run that
finished is refused (exit 4) unless --again. A second run of the same tasks on this machine is refused
while the first runs. The state file (--state-file, else the user's cache folder) is only a cache.
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

function statusOf(fields: RowFields): string | undefined {
  return typeof fields.status === 'string' ? fields.status.trim().toLowerCase() : undefined;
}

/** `run apply`: a row whose status is none of the four is refused, naming them. */
function checkStatus(fields: RowFields): string | undefined {
  const status = statusOf(fields);
  if (status === undefined || status === '' || status in STATUS_ACTIONS) return undefined;
  return `status ${JSON.stringify(status)} is not one of ${Object.keys(STATUS_ACTIONS).join(', ')}`;
}

/**
 * The streams `run apply` may make: set-group for rows with a group_id (every row with --group-id),
 * put-tags for rows with tags (every row with --tag), and one status action per status value. The check
 * pass keeps those some row asks for.
 */
function applyStreams(defaults: TaskDefaults): StreamSpec[] {
  const streams: StreamSpec[] = [];
  streams.push({
    action: actionNamed('set-group'),
    takes: (f) => defaults.groupId !== undefined || f.groupId !== undefined,
  });
  streams.push({
    action: actionNamed('put-tags'),
    takes: (f) => (defaults.tags?.length ?? 0) > 0 || f.tags !== undefined || (f.tagCells?.length ?? 0) > 0,
  });
  for (const [status, name] of Object.entries(STATUS_ACTIONS)) {
    streams.push({ action: actionNamed(name), takes: (f) => statusOf(f) === status });
  }
  return streams;
}

/** The request of a `run` command from its flags. */
function requestOf(flags: ActionFlags, settings: RunSettings, specs: InputRunRequest['specs']): InputRunRequest {
  const defaults: TaskDefaults = {
    ...(flags.groupId !== undefined ? { groupId: flags.groupId } : {}),
    ...(flags.vpgId !== undefined ? { vpgId: flags.vpgId } : {}),
    tags: parseTagFlags(flags.tag),
  };
  return {
    input: flags.input,
    inputFormat: flags.inputFormat,
    group: groupChoiceOf(flags),
    defaults,
    skipInvalid: flags.skipInvalid === true,
    specs,
    stages: flags.stage,
    settings,
  };
}

function addInputOptions(command: Command): Command {
  command
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
  return command;
}

/** `run <action>` for each of the eight actions. */
function addActionCommand(runCommand: Command, ctx: CommandContext, action: CliAction): void {
  const command = addInputOptions(
    runCommand.command(action.name).alias(action.operationId).description(action.summary),
  );
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
  command.action(
    ctx.action((flags: ActionFlags, cmd: Command) => {
      const settings = runSettingsOf(flags, ctx.io, `run ${action.name}`, `soracom-batch ${action.name}`);
      const request = requestOf(flags, settings, () => [{ action, takes: () => true }]);
      return runFromInput(ctx, ctx.globals(cmd), request);
    }),
  );
}

const APPLY_HELP = `
Each action is its own stream of jobs, all streams at the same time (the API runs one job per action at
a time, so different actions can run together). With --stage, every action of a stage finishes for all
SIMs before the next stage starts, e.g. move and tag first, then activate:
${examples(
  'soracom-batch run apply --input changes.csv --batch-group-name moves --state-file moves.state.json --failed-output failed.csv',
  '# changes.csv has the columns sim_id,group_id,tag:area,status',
  'soracom-batch run apply --input changes.csv --batch-group-name moves --stage set-group,put-tags --stage status',
)}`;

/** `run apply`: the changes each row describes. */
function addApplyCommand(runCommand: Command, ctx: CommandContext): void {
  const apply = addInputOptions(
    runCommand
      .command('apply')
      .description(
        'the changes each row describes: its SIM group (group_id), tags (tag:<name>, tags) and status (active, inactive, standby, suspended); one job stream per action, the actions at the same time',
      ),
  )
    .option('--group-id <id>', 'SIM group for every row (set-group)')
    .option('--tag <name=value>', 'a tag for every row (put-tags); repeat for more', collect)
    .option(
      '--stage <actions>',
      'run these actions (comma-separated: set-group, put-tags, status or one status action) after the previous --stage; repeat in order',
      collect,
    );
  addRunOptions(apply);
  apply.addHelpText('after', APPLY_HELP);
  apply.action(
    ctx.action((flags: ActionFlags, cmd: Command) => {
      const settings = { ...runSettingsOf(flags, ctx.io, 'run apply', 'soracom-batch apply'), multi: true };
      const request = requestOf(flags, settings, () => applyStreams(request.defaults));
      return runFromInput(ctx, ctx.globals(cmd), { ...request, validate: checkStatus });
    }),
  );
}

export function addRunCommand(program: Command, ctx: CommandContext): void {
  const runCommand = program
    .command('run')
    .description(
      'apply one action (or, with "apply", the changes each row describes) to many targets read from a file, as many jobs as needed',
    )
    .addHelpText(
      'after',
      INPUT_HELP +
        examples(
          'soracom-batch run put-tags --input fleet.csv --batch-group-name "July tags" --state-file tags.state.json --failed-output failed.csv',
          'soracom-batch run activate --input sims.txt --batch-group-name activation --dry-run',
          'cat sims.txt | soracom-batch run suspend --input - --batch-group-id 0000000a-1111-2222-3333-444444444444',
          'soracom-batch run apply --input changes.csv --batch-group-name moves --stage set-group,put-tags --stage status',
        ),
    );
  for (const action of CLI_ACTIONS) addActionCommand(runCommand, ctx, action);
  addApplyCommand(runCommand, ctx);
}
