/**
 * Column names (CSV headers, JSON keys) and what they give. Matching ignores case, spaces, `_`, `-`
 * and `.`, so `sim_id`, `simId`, `SIM ID` and `sim-id` are the same column.
 *
 *   sim_id | simId | sim          the SIM ID (every SIM action)
 *   group_id | groupId            the SIM group for set-group (default: --group-id)
 *   tag:<name>                    one tag for put-tags, e.g. `tag:area` (the name keeps its case)
 *   tags                          several tags for put-tags: `area=tokyo;floor=3` (JSON: an object)
 *   imsi | key                    the IMSI for put-ip-address-map-entry
 *   ip_address | ipAddress | ip   the IP address for put-ip-address-map-entry
 *   vpg_id | vpgId                the VPG for put-ip-address-map-entry (default: --vpg-id)
 *
 * The extra columns of a `--failed-output` file (status_code, error_code, ...) are accepted and
 * ignored, so that file can be given back as `--input` after fixing the cause.
 */
import type { FieldName } from './input-row.js';

const FIELD_ALIASES: Readonly<Record<string, FieldName>> = {
  simid: 'simId',
  sim: 'simId',
  groupid: 'groupId',
  vpgid: 'vpgId',
  imsi: 'imsi',
  key: 'imsi',
  ipaddress: 'ipAddress',
  ip: 'ipAddress',
  tags: 'tags',
};

const INFORMATIONAL = new Set([
  'jobid',
  'taskid',
  'statuscode',
  'errorcode',
  'errormessage',
  'method',
  'path',
  'status',
  'action',
  'line',
]);

/** The documented spelling of each field, used in messages. */
export const COLUMN_OF: Readonly<Record<FieldName, string>> = {
  simId: 'sim_id',
  groupId: 'group_id',
  vpgId: 'vpg_id',
  imsi: 'imsi',
  ipAddress: 'ip_address',
  tags: 'tags',
};

export type ColumnRole =
  | { kind: 'field'; field: FieldName }
  | { kind: 'tag'; tagName: string }
  | { kind: 'info' }
  | { kind: 'unknown' };

export function classifyColumn(name: string): ColumnRole {
  const trimmed = name.trim();
  const tag = /^tag[:.](.*)$/i.exec(trimmed);
  if (tag) return { kind: 'tag', tagName: (tag[1] as string).trim() };
  const key = trimmed.toLowerCase().replace(/[\s_\-.]/g, '');
  const field = FIELD_ALIASES[key];
  if (field) return { kind: 'field', field };
  return INFORMATIONAL.has(key) ? { kind: 'info' } : { kind: 'unknown' };
}

/** Whether a lone first line names a column (a one-column CSV with a header) rather than being an ID. */
export function isKnownColumn(name: string): boolean {
  const role = classifyColumn(name);
  return role.kind === 'field' || (role.kind === 'tag' && role.tagName !== '');
}
