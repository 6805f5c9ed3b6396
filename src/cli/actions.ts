/**
 * The eight actions `run` applies, by their CLI names: what each is called, the SDK action it runs,
 * the columns it reads, and its help; and `run apply`'s status values, each one action.
 */
import type { TaskAction } from '../tasks/actions.js';
import { UsageError } from './errors.js';
import { COLUMN_OF, type FieldName, type InputColumns, type InputFile } from './input.js';

export type CliActionName =
  | 'activate'
  | 'deactivate'
  | 'standby'
  | 'suspend'
  | 'set-group'
  | 'unset-group'
  | 'put-tags'
  | 'put-ip-address-map-entry';

export type CliAction = {
  name: CliActionName;
  operationId: TaskAction;
  /** `sim`: the SIM ID only; the others take one more argument per row (or from a flag). */
  kind: 'sim' | 'set-group' | 'put-tags' | 'vpg';
  summary: string;
  /** The columns a row may have, for `--help`. */
  columns: string;
  examples: readonly string[];
};

const SIM_COLUMNS = 'sim_id (or a plain list of SIM IDs, one per line)';

export const CLI_ACTIONS: readonly CliAction[] = [
  {
    name: 'activate',
    operationId: 'activateSim',
    kind: 'sim',
    summary: 'activate SIMs (POST /v1/sims/{sim_id}/activate)',
    columns: SIM_COLUMNS,
    examples: [
      'soracom-batch run activate --input sims.txt --batch-group-name "activate July" --state-file activate.state.json',
    ],
  },
  {
    name: 'deactivate',
    operationId: 'deactivateSim',
    kind: 'sim',
    summary: 'deactivate SIMs (POST /v1/sims/{sim_id}/deactivate)',
    columns: SIM_COLUMNS,
    examples: ['soracom-batch run deactivate --input sims.csv --batch-group-name cleanup'],
  },
  {
    name: 'standby',
    operationId: 'setSimToStandby',
    kind: 'sim',
    summary: 'put SIMs in standby (POST /v1/sims/{sim_id}/set_to_standby; SIMs without standby fail with 400)',
    columns: SIM_COLUMNS,
    examples: ['soracom-batch run standby --input sims.txt --batch-group-name standby'],
  },
  {
    name: 'suspend',
    operationId: 'suspendSim',
    kind: 'sim',
    summary: 'suspend SIMs (POST /v1/sims/{sim_id}/suspend)',
    columns: SIM_COLUMNS,
    examples: ['cut -d, -f1 lost.csv | soracom-batch run suspend --input - --input-format ids --batch-group-name lost'],
  },
  {
    name: 'set-group',
    operationId: 'setSimGroup',
    kind: 'set-group',
    summary: 'put SIMs in a SIM group (POST /v1/sims/{sim_id}/set_group)',
    columns: 'sim_id, group_id (per row; --group-id for rows without one)',
    examples: [
      'soracom-batch run set-group --input sims.txt --group-id 11111111-2222-3333-4444-555555555555 --batch-group-name regroup',
      '# per-row groups: a CSV with columns sim_id,group_id',
      'soracom-batch run set-group --input moves.csv --batch-group-id 0000000a-1111-2222-3333-444444444444',
    ],
  },
  {
    name: 'unset-group',
    operationId: 'unsetSimGroup',
    kind: 'sim',
    summary: 'take SIMs out of their SIM group (POST /v1/sims/{sim_id}/unset_group)',
    columns: SIM_COLUMNS,
    examples: ['soracom-batch run unset-group --input sims.txt --batch-group-name ungroup'],
  },
  {
    name: 'put-tags',
    operationId: 'putSimTags',
    kind: 'put-tags',
    summary: 'add or update tags of SIMs (PUT /v1/sims/{sim_id}/tags); other tags are kept',
    columns:
      'sim_id, tag:<name> (one column per tag) and/or tags ("area=tokyo;floor=3"); --tag name=value for every row (a row value wins)',
    examples: [
      'soracom-batch run put-tags --input sims.txt --tag fleet=north --tag owner=ops --batch-group-name tagging',
      '# per-row tags: a CSV with columns sim_id,tag:area,tag:floor',
      'soracom-batch run put-tags --input fleet.csv --batch-group-name tagging --state-file tags.state.json --failed-output failed.csv',
    ],
  },
  {
    name: 'put-ip-address-map-entry',
    operationId: 'putVirtualPrivateGatewayIpAddressMapEntry',
    kind: 'vpg',
    summary: 'map IMSIs to fixed IP addresses in a VPG (POST /v1/virtual_private_gateways/{vpg_id}/ip_address_map)',
    columns: 'imsi (or key), ip_address, vpg_id (per row; --vpg-id for rows without one)',
    examples: [
      'soracom-batch run put-ip-address-map-entry --input fixed-ips.csv --vpg-id 00000000-0000-4000-8000-00000000f00d --batch-group-name fixed-ips',
    ],
  },
];

/** The fields each kind of action reads from a row. */
const USED_FIELDS: Record<CliAction['kind'], readonly (FieldName | 'tag')[]> = {
  sim: ['simId'],
  'set-group': ['simId', 'groupId'],
  'put-tags': ['simId', 'tags', 'tag'],
  vpg: ['vpgId', 'imsi', 'ipAddress'],
};

/** The input's columns (as written) that give something none of `actions` reads, e.g. `tag:area` for activate. */
export function unusedColumns(
  columns: InputColumns,
  actions: readonly CliAction[],
  alsoUsed: readonly FieldName[] = [],
): string[] {
  return [...columns.fields]
    .filter(
      ([field]) =>
        !actions.some((action) => USED_FIELDS[action.kind].includes(field)) && !alsoUsed.includes(field as FieldName),
    )
    .flatMap(([, names]) => names);
}

/**
 * Refuses inputs that cannot fit the action at all with one message, instead of one per row: known
 * once the first pass has seen the columns (a CSV header; every JSON key).
 */
export function checkShape(input: InputFile, rows: number, action: CliAction): void {
  if (action.kind === 'vpg' && input.format === 'ids') {
    throw new UsageError(
      `${input.label}: put-ip-address-map-entry needs an IMSI and an IP address per row: give a CSV with columns imsi,ip_address (or JSON)`,
    );
  }
  if (rows === 0 || input.format === 'ids') return;
  const need: FieldName[] = action.kind === 'vpg' ? ['imsi', 'ipAddress'] : ['simId'];
  for (const field of need) {
    if (!input.columns.fields.has(field)) {
      throw new UsageError(
        `${input.label} has no ${COLUMN_OF[field]} column${input.format === 'csv' ? ' (the first line must be a header, e.g. sim_id)' : ''}`,
      );
    }
  }
}

/** The action named `name` (a name of the catalogue above). */
export function actionNamed(name: CliActionName): CliAction {
  return CLI_ACTIONS.find((a) => a.name === name) as CliAction;
}

/** `run apply`'s status column: the value names the SIM status to reach; each is one action. */
export const STATUS_ACTIONS: Readonly<Record<string, CliActionName>> = {
  active: 'activate',
  inactive: 'deactivate',
  standby: 'standby',
  suspended: 'suspend',
};
