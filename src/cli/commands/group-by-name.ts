/**
 * `--batch-group-name NAME` beside `--batch-group-id ID` on the operation commands, as `run` takes it: the
 * group of that name, found with one walk of the group list; no group or two of that name is a usage error
 * that names them.
 */
import { type Command, Option } from 'commander';
import type { BatchClient } from '../../client/client.js';
import { UsageError } from '../errors.js';
import type { ApiOperation } from './api-commands.js';

type Flags = Record<string, unknown>;

/** The option's attribute, and the flag it stands in for. */
export type GroupByName = { attribute: string; idFlag: string };

export const GROUP_ID_PARAMETER = 'batch_group_id';
const GROUP_ID_FLAG = '--batch-group-id';
const GROUP_NAME_FLAG = '--batch-group-name';

/**
 * Offered where the batch group is a path parameter and neither a parameter nor a body field takes the
 * flag already (`groups update --batch-group-name` renames).
 */
export function offersGroupName(op: ApiOperation, reserved: ReadonlySet<string>): boolean {
  const byId = op.parameters.some((p) => p.in === 'path' && p.name === GROUP_ID_PARAMETER);
  const taken = op.parameters.some((p) => p.name === 'batch_group_name') || reserved.has(GROUP_NAME_FLAG);
  return byId && !taken && op.docs.body?.properties?.batchGroupName === undefined;
}

export function addGroupNameOption(command: Command, reserved: Set<string>): GroupByName {
  const option = new Option(`${GROUP_NAME_FLAG} <name>`, 'the batch group by its name, instead of --batch-group-id');
  command.addOption(option);
  reserved.add(GROUP_NAME_FLAG);
  return { attribute: option.attributeName(), idFlag: GROUP_ID_FLAG };
}

/** The ID of the one batch group named `name` (one walk of the list); none or several is a usage error. */
export async function groupIdByName(client: BatchClient, name: string): Promise<string> {
  const ids: string[] = [];
  for await (const group of client.listBatchGroups()) if (group.batchGroupName === name) ids.push(group.batchGroupId);
  if (ids.length === 1) return ids[0] as string;
  const quoted = JSON.stringify(name);
  throw new UsageError(
    ids.length === 0
      ? `no batch group is named ${quoted}: check the name with "soracom-batch groups list", or pass --batch-group-id`
      : `${ids.length} batch groups are named ${quoted} (${ids.join(', ')}): pass --batch-group-id with one of them`,
  );
}

/** `--batch-group-id`, or the group `--batch-group-name` names; exactly one of them. */
export function checkGroupChoice(flags: Flags, byName: GroupByName, commandName: string): void {
  const id = flags[kebabAttribute(byName.idFlag)];
  const name = flags[byName.attribute];
  if (id !== undefined && name !== undefined)
    throw new UsageError(`${commandName}: pass ${byName.idFlag} or ${GROUP_NAME_FLAG}, not both`);
  if (id === undefined && name === undefined)
    throw new UsageError(`${commandName} needs ${byName.idFlag} <id> or ${GROUP_NAME_FLAG} <name>`);
}

/** `--batch-group-id` → `batchGroupId`, as commander names the value of a flag. */
export function kebabAttribute(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
