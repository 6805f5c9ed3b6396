/**
 * `run <action>`: one of the eight actions applied to every target of an input file, at any size; and
 * `run apply`: the changes each row of one input describes (its SIM group, tags and status), one
 * action per kind of change, the actions at the same time or in `--stage` order.
 *
 * The input is read twice and never held (input.ts, actions.ts): first every row is checked and counted,
 * and unless `--skip-invalid` nothing runs while one is invalid; then the SDK's runner reads it again, a
 * chunk at a time, into jobs of at most 10,000 tasks (run.ts). The first pass also makes the runner's
 * survey of each stream (its count and fingerprints), so the runner does not read the input before the
 * first job; and the streams of `run apply` read it again through one shared parse (shared-pass.ts).
 */
import { type Command, Option } from 'commander';
import type { TaskSource } from '../../runner/sources.js';
import { batchLimits } from '../../tasks/job-body.js';
import {
  CLI_ACTIONS,
  type CliAction,
  checkShape,
  rowTask,
  type StreamSpec,
  surveyInput,
  type TaskDefaults,
  unusedColumns,
} from '../actions.js';
import { UsageError } from '../errors.js';
import {
  INPUT_FORMATS,
  type InputFile,
  type InputFormatFlag,
  openInput,
  parseTagCell,
  parseTagFlags,
  type RowFields,
} from '../input.js';
import { type CommandContext, collect, examples, hiddenAlias } from '../program.js';
import { type GroupChoice, resolveBatchGroup } from '../batch-group.js';
import { executeRun, type StreamWork } from '../run-execute.js';
import type { InputSummary } from '../run-report.js';
import { addRunOptions, type RunFlags, type RunSettings, runSettingsOf } from '../run-options.js';
import { SharedPass } from '../shared-pass.js';

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

const byName = (name: string) => CLI_ACTIONS.find((a) => a.name === name) as CliAction;

/** `run apply`'s status column: the value names the SIM status to reach; each is one action. */
const STATUS_ACTIONS: Readonly<Record<string, string>> = {
  active: 'activate',
  inactive: 'deactivate',
  standby: 'standby',
  suspended: 'suspend',
};

function statusOf(fields: RowFields): string | undefined {
  return typeof fields.status === 'string' ? fields.status.trim().toLowerCase() : undefined;
}

/** Tag names a row may give, for the failed-output header: the --tag flags and every tag of the input. */
function tagNamesOf(fields: RowFields, into: Set<string>): void {
  for (const [name] of fields.tagCells ?? []) into.add(name);
  if (typeof fields.tags === 'string') {
    const parsed = parseTagCell(fields.tags);
    if (!('error' in parsed)) for (const [name] of parsed) into.add(name);
  } else if (fields.tags && typeof fields.tags === 'object' && !Array.isArray(fields.tags)) {
    for (const name of Object.keys(fields.tags)) into.add(name);
  }
}

/**
 * The streams of `run apply`: set-group for rows with a group_id (every row with --group-id), put-tags
 * for rows with tags (every row with --tag), and one status action per status value the input has.
 */
function applyStreams(input: InputFile, defaults: TaskDefaults, statuses: ReadonlySet<string>): StreamSpec[] {
  const streams: StreamSpec[] = [];
  if (input.columns.fields.has('groupId') || defaults.groupId !== undefined)
    streams.push({
      action: byName('set-group'),
      takes: (f) => defaults.groupId !== undefined || f.groupId !== undefined,
    });
  if (input.columns.fields.has('tags') || input.columns.fields.has('tag') || (defaults.tags?.length ?? 0) > 0)
    streams.push({
      action: byName('put-tags'),
      takes: (f) => (defaults.tags?.length ?? 0) > 0 || f.tags !== undefined || (f.tagCells?.length ?? 0) > 0,
    });
  for (const [status, name] of Object.entries(STATUS_ACTIONS)) {
    if (statuses.has(status)) streams.push({ action: byName(name), takes: (f) => statusOf(f) === status });
  }
  return streams;
}

/** `--stage set-group,put-tags --stage status`: the stage of each stream (0 for all without --stage). */
function stagesOf(streams: readonly StreamSpec[], stageFlags: readonly string[] | undefined): number[] {
  if (!stageFlags || stageFlags.length === 0) return streams.map(() => 0);
  const stageOfName = new Map<string, number>();
  stageFlags.forEach((flag, stage) => {
    for (const raw of flag.split(',')) {
      const name = raw.trim();
      const names = name === 'status' ? Object.values(STATUS_ACTIONS) : [name];
      for (const n of names) {
        if (!CLI_ACTIONS.some((a) => a.name === n))
          throw new UsageError(
            `--stage ${JSON.stringify(flag)}: ${JSON.stringify(name)} is not an action (set-group, put-tags, status, activate, ...)`,
          );
        stageOfName.set(n, stage);
      }
    }
  });
  return streams.map((s) => {
    const stage = stageOfName.get(s.action.name);
    if (stage === undefined)
      throw new UsageError(`--stage: the input has ${s.action.name} changes, which no --stage names`);
    return stage;
  });
}

async function run(
  ctx: CommandContext,
  flags: ActionFlags,
  command: Command,
  settings: RunSettings,
  streamsOf: (input: InputFile, defaults: TaskDefaults, statuses: ReadonlySet<string>) => StreamSpec[],
): Promise<number> {
  const g = ctx.globals(command);
  const group = groupChoiceOf(flags);
  const defaults: TaskDefaults = {
    ...(flags.groupId !== undefined ? { groupId: flags.groupId } : {}),
    ...(flags.vpgId !== undefined ? { vpgId: flags.vpgId } : {}),
    tags: parseTagFlags(flags.tag),
  };
  if (flags.input === '-' && ctx.io.stdinIsTTY) ctx.info(g, 'Reading the input from the terminal: end it with Ctrl-D.');
  const input = await openInput(flags.input, ctx.io, flags.inputFormat);
  try {
    // The columns and status values come from a first look at the rows (a CSV's header; every JSON key).
    const statuses = new Set<string>();
    const tagNames = new Set<string>(defaults.tags?.map(([name]) => name));
    let rows = 0;
    for await (const row of input.rows()) {
      rows++;
      if (!row.fields) continue;
      const status = statusOf(row.fields);
      if (status !== undefined) statuses.add(status);
      tagNamesOf(row.fields, tagNames);
    }
    const specs = streamsOf(input, defaults, statuses);
    if (specs.length === 0)
      throw new UsageError(`${input.label} asks for no change: give group_id, tag:<name>, tags or status columns`);
    for (const spec of specs) if (!settings.multi) checkShape(input, rows, spec.action);
    const quoted = (names: readonly string[]) => names.map((c) => JSON.stringify(c)).join(', ');
    if (input.columns.unknown.length > 0) {
      ctx.warn(
        `${input.label}: ignoring unknown column(s) ${quoted(input.columns.unknown)} (see --help for the column names)`,
      );
    }
    const unused =
      input.format === 'ids'
        ? []
        : unusedColumns(
            input.columns,
            specs.map((s) => s.action),
            // apply reads the status column itself: it chooses the status action of each row.
            settings.multi ? ['status'] : [],
          );
    const what = settings.multi ? 'apply' : (specs[0] as StreamSpec).action.name;
    if (unused.length > 0) ctx.warn(`${input.label}: ${what} does not use column(s) ${quoted(unused)}; ignoring them`);
    const unknownStatuses = [...statuses].filter((s) => !(s in STATUS_ACTIONS));
    if (settings.multi && unknownStatuses.length > 0) {
      throw new UsageError(
        `${input.label}: status ${quoted(unknownStatuses)} is not one of ${Object.keys(STATUS_ACTIONS).join(', ')}`,
      );
    }
    const stages = stagesOf(specs, flags.stage);

    const survey = await surveyInput(input, specs, defaults, settings.chunkSize ?? batchLimits.maxTasksPerJob);
    const problems = [
      ...survey.invalid.map((p) => ({ ...p, kind: 'invalid' })),
      ...survey.duplicates.map((p) => ({ ...p, kind: 'duplicate' })),
    ].sort((a, b) => a.position - b.position);
    for (const p of problems) ctx.warn(`${input.label} ${p.where}: ${p.kind}: ${p.message}`);
    const taskCount = survey.streams.reduce((n, s) => n + s.tasks, 0);
    if (survey.invalid.length > 0 && !flags.skipInvalid) {
      throw new UsageError(
        `${survey.invalid.length} invalid row(s) in ${input.label}: nothing was submitted. Fix them, or pass --skip-invalid to run the ${taskCount} valid one(s)`,
      );
    }
    const streams: StreamWork[] = [];
    // The streams read the input again through one pass when they read it together (apply's actions).
    const pass = new SharedPass(input);
    specs.forEach((spec, k) => {
      const counted = survey.streams[k];
      if (!counted || counted.tasks === 0) return;
      streams.push({
        name: spec.action.name,
        action: spec.action.operationId,
        // One action: every task of the stream comes from spec.action's builder.
        tasks: pass.source(rowTask(spec, defaults, survey.skip[k] as Set<number>)) as TaskSource,
        count: counted.tasks,
        known: counted.known,
        stage: stages[k] as number,
        chunks: counted.chunks,
      });
    });
    // Stages numbered from 0 with no gaps, whatever the --stage flags left empty.
    const used = [...new Set(streams.map((s) => s.stage))].sort((a, b) => a - b);
    for (const s of streams) s.stage = used.indexOf(s.stage);
    if (streams.length === 0) throw new UsageError(`${input.label} has no targets to run`);

    const summary: InputSummary = {
      source: input.label,
      format: input.format,
      rows: survey.rows,
      tasks: taskCount,
      invalid: survey.invalid.length,
      skipped: flags.skipInvalid ? survey.invalid.length : 0,
      duplicates: survey.duplicates.length,
    };
    ctx.info(
      g,
      `Read ${input.label} (${input.format}): ${summary.rows} row(s), ${summary.tasks} task(s)` +
        (settings.multi ? ` (${streams.map((s) => `${s.name} ${s.count}`).join(', ')})` : '') +
        (summary.skipped ? `, ${summary.skipped} invalid row(s) skipped` : '') +
        (summary.duplicates ? `, ${summary.duplicates} duplicate(s) left out` : '') +
        '.',
    );
    return await executeRun(
      ctx,
      g,
      {
        streams,
        input: summary,
        inputLabel: input.label,
        ...(input.path !== undefined ? { inputPath: input.path } : {}),
        group,
        tagNames,
        resolveGroup: async (client, signal) => {
          const resolved = await resolveBatchGroup(client, group, signal);
          const name = resolved.batchGroupName ? `"${resolved.batchGroupName}" ` : '';
          ctx.info(g, `${resolved.created ? 'Created' : 'Using'} batch group ${name}(${resolved.batchGroupId}).`);
          return resolved.batchGroupId;
        },
      },
      settings,
    );
  } finally {
    await input.dispose();
  }
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

  for (const action of CLI_ACTIONS) {
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
        return run(ctx, flags, cmd, settings, () => [{ action, takes: () => true }]);
      }),
    );
  }

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
  apply.addHelpText(
    'after',
    `
Each action is its own stream of jobs, all streams at the same time (the API runs one job per action at
a time, so different actions can run together). With --stage, every action of a stage finishes for all
SIMs before the next stage starts, e.g. move and tag first, then activate:
${examples(
  'soracom-batch run apply --input changes.csv --batch-group-name moves --state-file moves.state.json --failed-output failed.csv',
  '# changes.csv has the columns sim_id,group_id,tag:area,status',
  'soracom-batch run apply --input changes.csv --batch-group-name moves --stage set-group,put-tags --stage status',
)}`,
  );
  apply.action(
    ctx.action((flags: ActionFlags, cmd: Command) => {
      const settings = { ...runSettingsOf(flags, ctx.io, 'run apply', 'soracom-batch apply'), multi: true };
      return run(ctx, flags, cmd, settings, applyStreams);
    }),
  );
}
