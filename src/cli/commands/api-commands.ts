/**
 * One command per operation of the Batch API, built from the operation table (generated/
 * batch-operations.ts, written by scripts/lib/operation-table.ts from openapi/batch.yaml), so a new
 * operation of the spec is a new command with nothing written by hand:
 *
 * - its name is soracom-cli's (`x-soracom-cli`, e.g. `batch-groups jobs get`), in this CLI's spelling
 *   (`jobs get`, see SPELLINGS), or the operationId in kebab case when the spec gives none;
 * - its flags are the operation's path and query parameters (`--batch-group-id`, `--limit`,
 *   `--status` with the enum's choices, ...), `--fetch-all` when it is paginated, and when it has a
 *   body `--body` (JSON, `@file` or `-`) plus one flag per scalar property of the body
 *   (`--batch-group-name`), which wins over the same field of `--body`, as in soracom-cli;
 * - its `--help` is the spec's summary and description;
 * - its output columns and time fields come from the response schema (output.ts).
 *
 * What is not an operation (`jobs create --wait`, better examples) is added per operationId in EXTRAS.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { batchOperationDocs, batchOperations } from '../../../generated/batch-operations.js';
import type { BatchClient } from '../../client/client.js';
import { type BatchJob, waitForJob } from '../../jobs/wait-for-job.js';
import type { PagedCall } from '../../pagination/pagination.js';
import { ExitCode, UsageError } from '../errors.js';
import { readTextSource } from '../io.js';
import type { SchemaShape } from '../output.js';
import { type CommandContext, examples, type GlobalOptions, integerFlag } from '../program.js';
import { addPollOptions, type PollFlags, waitOptionsOf } from '../run-options.js';
import {
  addGroupNameOption,
  checkGroupChoice,
  GROUP_ID_PARAMETER,
  groupIdByName,
  kebabAttribute,
  offersGroupName,
} from './group-by-name.js';

/** One row of the operation table with its docs: what a command is built from. */
export type ApiOperation = {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: ReadonlyArray<{
    readonly name: string;
    readonly in: string;
    readonly required: boolean;
    readonly type: string;
    readonly enum?: readonly string[];
  }>;
  readonly hasBody: boolean;
  readonly bodyRequired: boolean;
  readonly pagination: { readonly requestParam: string; readonly responseHeader: string } | null;
  readonly docs: {
    readonly commands: readonly string[];
    readonly summary: string;
    readonly description: string;
    readonly parameters: Readonly<Record<string, string>>;
    readonly body: SchemaShape | null;
    readonly response: SchemaShape | null;
  };
};

/** Every operation of the Batch spec. */
export const BATCH_API_OPERATIONS: readonly ApiOperation[] = Object.values(batchOperations).map((entry) => ({
  ...entry,
  docs: batchOperationDocs[entry.operationId],
}));

/**
 * soracom-cli's names (x-soracom-cli in openapi/batch.yaml) that this CLI has always spelled otherwise:
 * the longest matching prefix is replaced, and where the last word differs soracom-cli's word stays an
 * alias (`groups|batch-groups`, `jobs tasks|list-tasks`).
 */
const SPELLINGS: ReadonlyArray<readonly [soracomCli: string, ours: string]> = [
  ['batch-groups jobs list-tasks', 'jobs tasks'],
  ['batch-groups jobs', 'jobs'],
  ['batch-groups', 'groups'],
];

/** What the top-level commands are about, in their `--help` and in the program's command list. */
const GROUP_DESCRIPTIONS: Readonly<Record<string, string>> = {
  groups: 'batch groups',
  jobs: 'batch jobs of a group',
};

const GROUP_ID = '0000000a-1111-2222-3333-444444444444';
const JOB_ID = '0000000b-5555-6666-7777-888888888888';

/** Example values of parameters in generated examples. */
const SAMPLE_VALUES: Readonly<Record<string, string>> = { batch_group_id: GROUP_ID, job_id: JOB_ID };

/**
 * A page size: the spec sets no maximum (`limit`, `format: int32`, in openapi/batch.yaml); this bound
 * only catches typos, the API answers with as many items as it likes.
 */
const MAX_PAGE_SIZE = 100_000;

type Flags = Record<string, unknown> & { body?: string; fetchAll?: boolean };

/** Everything about an operation's command that is not in the spec. */
type OperationExtra = {
  examples?: readonly string[];
  /** Added to the message when a required body field is missing. */
  hint?: string;
  options?(command: Command): void;
  /** After the call: prints and returns the exit code, or returns undefined to print the result as usual. */
  after?(ctx: CommandContext, g: GlobalOptions, flags: Flags, result: unknown, op: ApiOperation): Promise<number>;
};

const EXTRAS: Readonly<Record<string, OperationExtra>> = {
  listBatchGroups: {
    examples: [
      'soracom-batch groups list',
      'soracom-batch groups list --fetch-all --output csv > groups.csv',
      'soracom-batch groups list --limit 10 --output table',
    ],
  },
  createBatchGroup: {
    examples: [
      'soracom-batch groups create --batch-group-name "Monthly SIM Tag Update" --description "tags for July"',
      'soracom-batch groups create --body \'{"batchGroupName":"fleet"}\'',
    ],
  },
  updateBatchGroup: {
    examples: [`soracom-batch groups update --batch-group-id ${GROUP_ID} --description "tags for August"`],
  },
  listBatchJobs: {
    examples: [
      `soracom-batch jobs list --batch-group-id ${GROUP_ID}`,
      `soracom-batch jobs list --batch-group-id ${GROUP_ID} --fetch-all --output table`,
    ],
  },
  listTasksOfBatchJob: {
    examples: [
      `soracom-batch jobs tasks --batch-group-id ${GROUP_ID} --job-id ${JOB_ID} --fetch-all`,
      `soracom-batch jobs tasks --batch-group-id ${GROUP_ID} --job-id ${JOB_ID} --status error --fetch-all --output csv > failed.csv`,
    ],
  },
  createBatchJob: {
    examples: [
      `soracom-batch jobs create --batch-group-id ${GROUP_ID} --body @job.json --job-name "July tags" --wait`,
      '# job.json: {"tasks":[{"request":{"path":"/v1/sims/SIM_ID/activate","method":"POST"}}]}',
      `soracom-batch jobs create --batch-group-id ${GROUP_ID} --body - < job.json`,
    ],
    hint: 'or use "run <action> --input FILE" for a CSV and any number of tasks',
    options(command) {
      command.option('--wait', 'wait until the job finished and print it then; exit 3 when it ended failed or aborted');
      addPollOptions(command);
    },
    async after(ctx, g, flags, result, op) {
      const created = result as BatchJob;
      if (!flags.wait) {
        ctx.print(g, created, { schema: op.docs.response });
        return ExitCode.ok;
      }
      ctx.info(g, `Created job ${created.jobId}; waiting for it to finish...`);
      const finished = await waitForJob(
        ctx.client(g),
        { batch_group_id: flags.batchGroupId as string, job_id: created.jobId },
        waitOptionsOf(flags as PollFlags),
      );
      ctx.print(g, finished, { schema: op.docs.response });
      return finished.status === 'completed' ? ExitCode.ok : ExitCode.failedTasks;
    },
  },
};

const kebab = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();

/** Our path of an operation's command, and the aliases soracom-cli's spelling leaves on its levels. */
export function commandPath(op: ApiOperation): { path: string[]; aliases: Array<string | undefined> } {
  const theirs = op.docs.commands[0];
  if (!theirs) return { path: [kebab(op.operationId)], aliases: [undefined] };
  const words = theirs.trim().split(/\s+/);
  const match = SPELLINGS.find(([from]) => theirs === from || theirs.startsWith(`${from} `));
  if (!match) return { path: words, aliases: words.map(() => undefined) };
  const [from, to] = match;
  const fromWords = from.split(' ');
  const ours = to.split(' ');
  const aliases: Array<string | undefined> = ours.map(() => undefined);
  const last = fromWords.at(-1) as string;
  if (last !== ours.at(-1)) aliases[ours.length - 1] = last;
  const rest = words.slice(fromWords.length);
  return { path: [...ours, ...rest], aliases: [...aliases, ...rest.map(() => undefined)] };
}

/** The spec's Markdown as plain text: `[text](#/Batch/x)` is `text`, `**bold**` is `bold`. */
function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
}

/** The word in `--flag <word>`: what the value is. */
function placeholder(name: string, schema: { type: string; enum?: readonly string[] | undefined }): string {
  if (/(_id|Id)$/.test(name)) return 'id';
  if (/(_key|Key)$/.test(name)) return 'key';
  if (/(_name|Name)$/.test(name)) return 'name';
  if (schema.type === 'integer' || schema.type === 'number') return 'n';
  return schema.enum ? kebab(name) : 'text';
}

function numberFlag(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('It must be a number.');
  return n;
}

/** `--body`: inline JSON, `@file` for a file, or `-` for stdin (soracom-cli's forms). */
async function readBody(value: string, ctx: CommandContext): Promise<Record<string, unknown>> {
  const source =
    value === '-' || value.startsWith('@')
      ? await readTextSource(value === '-' ? '-' : value.slice(1), ctx.io, '--body file')
      : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse((source?.text ?? value).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `--body${source ? ` (${source.label})` : ''} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** A body property that a flag can carry: one value of a simple type. */
function isScalar(schema: SchemaShape): boolean {
  return ['string', 'integer', 'number', 'boolean'].includes(schema.type);
}

/** The flags of an operation: how each option's value goes into the call. */
type Binding = { attribute: string; flag: string; target: 'param' | 'body'; name: string };

function addParameterOptions(
  command: Command,
  op: ApiOperation,
  reserved: Set<string>,
  optional: ReadonlySet<string>,
): Binding[] {
  const bindings: Binding[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const flag = `--${kebab(p.name)}`;
    const help = (op.docs.parameters[p.name] || p.name).replace(/\.$/, '');
    const option = new Option(`${flag} <${placeholder(p.name, p)}>`, help);
    if (p.enum) option.choices([...p.enum]);
    else if (p.type === 'integer')
      option.argParser(integerFlag(p.name === 'limit' ? 1 : 0, p.name === 'limit' ? MAX_PAGE_SIZE : undefined));
    else if (p.type === 'number') option.argParser(numberFlag);
    if ((p.in === 'path' || p.required) && !optional.has(p.name)) option.makeOptionMandatory();
    command.addOption(option);
    reserved.add(flag);
    bindings.push({ attribute: option.attributeName(), flag, target: 'param', name: p.name });
  }
  return bindings;
}

function addBodyOptions(command: Command, op: ApiOperation, reserved: Set<string>): Binding[] {
  if (!op.hasBody) return [];
  const bindings: Binding[] = [];
  const properties = Object.entries(op.docs.body?.properties ?? {}).filter(([, schema]) => isScalar(schema));
  command.option(
    '--body <json>',
    `the request body as JSON, @file or - (stdin)${properties.length > 0 ? '; the flags of its fields win over it' : ''}`,
  );
  for (const [name, schema] of properties) {
    const flag = `--${kebab(name)}`;
    // A field whose flag would shadow another option stays for --body only.
    if (reserved.has(flag)) continue;
    const limit = schema.maxLength !== undefined ? ` (at most ${schema.maxLength} characters)` : '';
    const help = `${(schema.description ?? name).replace(/\.$/, '')}${limit}`;
    const option =
      schema.type === 'boolean' ? new Option(flag, help) : new Option(`${flag} <${placeholder(name, schema)}>`, help);
    if (schema.enum) option.choices([...schema.enum]);
    else if (schema.type === 'integer') option.argParser(integerFlag(0));
    else if (schema.type === 'number') option.argParser(numberFlag);
    command.addOption(option);
    reserved.add(flag);
    bindings.push({ attribute: option.attributeName(), flag, target: 'body', name });
  }
  return bindings;
}

/** The examples of an operation without hand-written ones: its required flags with sample values. */
function generatedExamples(path: readonly string[], op: ApiOperation, bindings: readonly Binding[]): string[] {
  const required = op.parameters.filter((p) => p.required || p.in === 'path');
  const args = required.map((p) => `--${kebab(p.name)} ${SAMPLE_VALUES[p.name] ?? `<${p.name}>`}`);
  const base = `soracom-batch ${path.join(' ')}${args.length ? ` ${args.join(' ')}` : ''}`;
  const lines = [base];
  if (op.pagination) lines.push(`${base} --fetch-all --output csv`);
  if (op.hasBody) {
    const flags = bindings.filter((b) => b.target === 'body').map((b) => b.flag);
    lines.push(`${base} --body @${kebab(op.operationId)}.json${flags[0] ? ` ${flags[0]} ...` : ''}`);
  }
  return lines;
}

/** The body to send: `--body`, then the flags of its fields; undefined when nothing was given and none is needed. */
async function bodyOf(
  ctx: CommandContext,
  op: ApiOperation,
  flags: Flags,
  bindings: readonly Binding[],
  commandName: string,
): Promise<Record<string, unknown> | undefined> {
  const fieldFlags = bindings.filter((b) => b.target === 'body');
  const body = flags.body !== undefined ? await readBody(flags.body, ctx) : {};
  for (const b of fieldFlags) if (flags[b.attribute] !== undefined) body[b.name] = flags[b.attribute];
  const hint = EXTRAS[op.operationId]?.hint;
  for (const name of op.docs.body?.required ?? []) {
    if (body[name] !== undefined && body[name] !== '') continue;
    const flag = fieldFlags.find((b) => b.name === name)?.flag;
    const type = op.docs.body?.properties?.[name]?.type ?? 'value';
    throw new UsageError(
      flag
        ? `${commandName} needs ${flag} (or a --body with ${name})`
        : `${commandName} needs a --body with a ${JSON.stringify(name)} ${type === 'any' ? 'value' : type}${hint ? ` (${hint})` : ''}`,
    );
  }
  if (Object.keys(body).length > 0) return body;
  if (!op.bodyRequired) return undefined;
  throw new UsageError(`${commandName} needs ${[...fieldFlags.map((b) => b.flag), '--body'].join(', ')}`);
}

/** Calls the operation's method of the client: the SDK has one per operationId of the same table. */
function methodOf(client: BatchClient, op: ApiOperation): (params: object) => unknown {
  const method = (client as unknown as Record<string, unknown>)[op.operationId];
  if (typeof method !== 'function')
    throw new Error(`the SDK client has no method ${op.operationId}: the CLI and the SDK come from different specs`);
  return method as (params: object) => unknown;
}

function addOperationCommand(
  parent: Command,
  ctx: CommandContext,
  op: ApiOperation,
  path: readonly string[],
  alias: string | undefined,
): string[] {
  const name = path.at(-1) as string;
  const summary = op.docs.summary || `${op.method} ${op.path}`;
  const description = plainText([summary, op.docs.description].filter(Boolean).join('\n\n'));
  const command = parent.command(name).summary(summary).description(description);
  if (alias) command.alias(alias);
  const reserved = new Set(['--body', '--fetch-all', ...globalFlags(parent)]);
  const groupName = offersGroupName(op, reserved);
  const parameters = addParameterOptions(command, op, reserved, new Set(groupName ? [GROUP_ID_PARAMETER] : []));
  const byName = groupName ? addGroupNameOption(command, reserved) : undefined;
  const bindings = [...parameters, ...addBodyOptions(command, op, reserved)];
  if (op.pagination) command.option('--fetch-all', 'read every page, not just the first');
  const extra = EXTRAS[op.operationId];
  extra?.options?.(command);
  const lines = extra?.examples ?? generatedExamples(path, op, bindings);
  command.addHelpText('after', examples(...lines));
  const commandName = path.join(' ');

  command.action(
    ctx.action(async (flags: Flags, cmd: Command) => {
      const g = ctx.globals(cmd);
      if (byName) checkGroupChoice(flags, byName, commandName);
      const params: Record<string, unknown> = {};
      for (const b of bindings)
        if (b.target === 'param' && flags[b.attribute] !== undefined) params[b.name] = flags[b.attribute];
      const body = op.hasBody ? await bodyOf(ctx, op, flags, bindings, commandName) : undefined;
      if (body !== undefined) params.body = body;
      const client = ctx.client(g);
      if (byName && params[GROUP_ID_PARAMETER] === undefined) {
        params[GROUP_ID_PARAMETER] = await groupIdByName(client, flags[byName.attribute] as string);
        // The later steps (jobs create --wait) read the group from the flags.
        flags[kebabAttribute(byName.idFlag)] = params[GROUP_ID_PARAMETER];
      }
      const call = methodOf(client, op)(params);
      let result: unknown;
      if (op.pagination) {
        const paged = call as PagedCall<unknown>;
        if (flags.fetchAll) result = await paged.toArray();
        else {
          const page = await paged.firstPage();
          if (page.nextKey) {
            const next = `--${kebab(op.pagination.requestParam)} ${page.nextKey}`;
            ctx.info(g, `More items follow: add --fetch-all, or ${next} for the next page.`);
          }
          result = page.items;
        }
      } else result = await call;
      if (extra?.after) return extra.after(ctx, g, flags, result, op);
      if (result === undefined) {
        // No answer body (204): say it was done, on stderr, naming what it was done to.
        const target = bindings
          .filter((b) => b.target === 'param' && flags[b.attribute] !== undefined)
          .map((b) => `${b.flag} ${String(flags[b.attribute])}`);
        ctx.info(g, `${summary.replace(/\.$/, '')}: done${target.length ? ` (${target.join(' ')})` : ''}.`);
        return ExitCode.ok;
      }
      ctx.print(g, result, { schema: op.docs.response });
      return ExitCode.ok;
    }),
  );
  return [...lines];
}

/** The long flags of the program's options, which an operation's flags must not shadow. */
function globalFlags(command: Command): string[] {
  let root = command;
  while (root.parent) root = root.parent;
  return root.options.map((o) => o.long).filter((f): f is string => f !== undefined);
}

/** Adds a command per operation, under group commands (`groups`, `jobs`) made as needed. */
export function addApiCommands(program: Command, ctx: CommandContext, operations: readonly ApiOperation[]): void {
  const groups = new Map<string, { command: Command; examples: string[] }>();
  for (const op of operations) {
    const { path, aliases } = commandPath(op);
    let parent = program;
    path.slice(0, -1).forEach((word, i) => {
      const key = path.slice(0, i + 1).join(' ');
      let group = groups.get(key);
      if (!group) {
        group = { command: parent.command(word), examples: [] };
        const alias = aliases[i];
        if (alias) group.command.alias(alias);
        groups.set(key, group);
      }
      parent = group.command;
    });
    const lines = addOperationCommand(parent, ctx, op, path, aliases.at(-1));
    groups.get(path.slice(0, -1).join(' '))?.examples.push(lines[0] as string);
  }
  // Each group says what it holds, with the first example of its first two commands.
  for (const [key, group] of groups) {
    const leaves = group.command.commands.map((c) => c.name());
    group.command.description(`${GROUP_DESCRIPTIONS[key] ?? key}: ${leaves.join(', ')}`);
    group.command.addHelpText('after', examples(...group.examples.slice(0, 2)));
  }
}
