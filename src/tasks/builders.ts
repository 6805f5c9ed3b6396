/**
 * One builder per action a Batch task may call, named after the target operationId. Each validates
 * its arguments (throwing `BatchValidationError` naming the argument and the rule) and returns
 * `{ request: { path, method, body } }` exactly as the target API expects.
 */
import { BatchValidationError } from '../errors/validation-error.js';
import { checkId } from './check-id.js';
import { checkImsi } from './check-imsi.js';
import { checkIpv4 } from './check-ipv4.js';
import { describeValue } from './describe-value.js';
import { makeTask } from './make-task.js';
import { normalizeTags, type TagsInput } from './normalize-tags.js';
import type { TaskAction } from './task-action.js';
import type { Task, TaskBody } from './task-types.js';

/** The actions whose body is the `{ sim_id }` of the documented example (read from the generated types). */
export type SimStateAction = { [A in TaskAction]: TaskBody<A> extends { sim_id: string } ? A : never }[TaskAction];

/**
 * The fixed-IP mapping of `putVirtualPrivateGatewayIpAddressMapEntry`: `key` is the SIM's IMSI.
 *
 * @example
 * ```ts
 * import { type IpAddressMapEntryInput, tasks } from 'soracom-batch';
 *
 * const entry: IpAddressMapEntryInput = { key: '440100000000001', ipAddress: '10.0.0.11' };
 * const task = tasks.putVirtualPrivateGatewayIpAddressMapEntry(vpgId, entry);
 * ```
 * @category Tasks
 * @useDeclaredType
 */
export type IpAddressMapEntryInput = TaskBody<'putVirtualPrivateGatewayIpAddressMapEntry'>;

/**
 * The five operations without a body of their own. The Batch API's documented example task (the
 * createBatchJob description) sends `{ "sim_id": "<id>" }` to activateSim; these builders follow that
 * example for all five, which is also what actions.yaml describes (an optional, ignored body).
 */
export function simIdBody(simId: string): TaskBody<SimStateAction> {
  return { sim_id: simId };
}

/** Its calls below are marked `@__PURE__` so a bundle that uses no builder drops them (see errors/guards.ts). */
function simOnlyBuilder<A extends SimStateAction>(action: A) {
  return (simId: string): Task<A> => {
    const id = checkId(`${action}.simId`, simId);
    return makeTask(action, [id], simIdBody(id) as TaskBody<A>);
  };
}

/** The body of setSimGroup (shared with `tasks.many`, which validates it once for a whole list). */
export function setSimGroupBody(groupId: string): TaskBody<'setSimGroup'> {
  return { groupId: checkId('setSimGroup.groupId', groupId) };
}

/** The body of putSimTags (shared with `tasks.many`). */
export function putSimTagsBody(tags: TagsInput): TaskBody<'putSimTags'> {
  return normalizeTags('putSimTags.tags', tags);
}

/** `POST /v1/sims/{sim_id}/activate` */
export const activateSim: (simId: string) => Task<'activateSim'> = /* @__PURE__ */ simOnlyBuilder('activateSim');
/** `POST /v1/sims/{sim_id}/deactivate` */
export const deactivateSim: (simId: string) => Task<'deactivateSim'> = /* @__PURE__ */ simOnlyBuilder('deactivateSim');
/** `POST /v1/sims/{sim_id}/set_to_standby` (the API answers 400 for SIMs that do not support standby) */
export const setSimToStandby: (simId: string) => Task<'setSimToStandby'> =
  /* @__PURE__ */ simOnlyBuilder('setSimToStandby');
/** `POST /v1/sims/{sim_id}/suspend` */
export const suspendSim: (simId: string) => Task<'suspendSim'> = /* @__PURE__ */ simOnlyBuilder('suspendSim');
/** `POST /v1/sims/{sim_id}/unset_group` */
export const unsetSimGroup: (simId: string) => Task<'unsetSimGroup'> = /* @__PURE__ */ simOnlyBuilder('unsetSimGroup');

/** `POST /v1/sims/{sim_id}/set_group` with `{ groupId }` */
export function setSimGroup(simId: string, groupId: string): Task<'setSimGroup'> {
  const id = checkId('setSimGroup.simId', simId);
  return makeTask('setSimGroup', [id], setSimGroupBody(groupId));
}

/** `PUT /v1/sims/{sim_id}/tags` with `[{ tagName, tagValue }]`; tags may also be given as `{ name: value }`. */
export function putSimTags(simId: string, tags: TagsInput): Task<'putSimTags'> {
  const id = checkId('putSimTags.simId', simId);
  return makeTask('putSimTags', [id], putSimTagsBody(tags));
}

/** `POST /v1/virtual_private_gateways/{vpg_id}/ip_address_map` with `{ key: <IMSI>, ipAddress }` */
export function putVirtualPrivateGatewayIpAddressMapEntry(
  vpgId: string,
  entry: IpAddressMapEntryInput,
): Task<'putVirtualPrivateGatewayIpAddressMapEntry'> {
  const action = 'putVirtualPrivateGatewayIpAddressMapEntry';
  const id = checkId(`${action}.vpgId`, vpgId);
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new BatchValidationError(
      `${action}.entry`,
      'must be a { key, ipAddress } object',
      `${action}.entry must be a { key, ipAddress } object (got ${describeValue(entry)})`,
    );
  }
  return makeTask(action, [id], {
    key: checkImsi(`${action}.entry.key`, entry.key),
    ipAddress: checkIpv4(`${action}.entry.ipAddress`, entry.ipAddress),
  });
}
