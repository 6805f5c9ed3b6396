/**
 * Task builders and job guards (issue 4): the `tasks` object, the task types, and the helpers the
 * guards use, for the package entry to re-export.
 */
import {
  activateSim,
  deactivateSim,
  putSimTags,
  putVirtualPrivateGatewayIpAddressMapEntry,
  setSimGroup,
  setSimToStandby,
  suspendSim,
  unsetSimGroup,
} from './builders.js';
import { many } from './many.js';

/**
 * One builder per action a Batch task may call, named after the target operationId, plus `many`.
 *
 * Each builder checks its arguments (throwing {@link BatchValidationError} that names the argument and
 * the rule) and returns `{ request: { path, method, body } }` exactly as the target API expects, typed
 * with its action so that a job mixing two actions does not compile.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 *
 * const job = await batch.createBatchJob({
 *   batch_group_id,
 *   body: { jobName: 'Move to group', tasks: simIds.map((id) => tasks.setSimGroup(id, groupId)) },
 * });
 * ```
 * @category Tasks
 * @namespace
 */
export const tasks = /* @__PURE__ */ Object.freeze({
  /**
   * `POST /v1/sims/{sim_id}/activate`: a task that activates the SIM.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.activateSim('8981100000000000001');
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  activateSim,
  /**
   * `POST /v1/sims/{sim_id}/deactivate`: a task that deactivates the SIM.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.deactivateSim('8981100000000000001');
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  deactivateSim,
  /**
   * `POST /v1/sims/{sim_id}/set_to_standby`: a task that puts the SIM on standby (the API answers 400
   * for SIMs that do not support standby).
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.setSimToStandby('8981100000000000001');
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  setSimToStandby,
  /**
   * `POST /v1/sims/{sim_id}/suspend`: a task that suspends the SIM.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.suspendSim('8981100000000000001');
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  suspendSim,
  /**
   * `POST /v1/sims/{sim_id}/set_group` with `{ groupId }`: a task that moves the SIM into a group.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.setSimGroup('8981100000000000001', '11111111-2222-3333-4444-555555555555');
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  setSimGroup,
  /**
   * `POST /v1/sims/{sim_id}/unset_group`: a task that takes the SIM out of its group.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.unsetSimGroup('8981100000000000001');
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  unsetSimGroup,
  /**
   * `PUT /v1/sims/{sim_id}/tags` with `[{ tagName, tagValue }]`; tags may also be given as `{ name: value }`.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const a = tasks.putSimTags('8981100000000000001', { area: 'tokyo', plan: 'iot' });
   * const b = tasks.putSimTags('8981100000000000002', [{ tagName: 'area', tagValue: 'osaka' }]);
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [a, b] } });
   * ```
   */
  putSimTags,
  /**
   * `POST /v1/virtual_private_gateways/{vpg_id}/ip_address_map` with `{ key: <IMSI>, ipAddress }`: a task
   * that maps a SIM (by IMSI) to a fixed IP address in a VPG.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const task = tasks.putVirtualPrivateGatewayIpAddressMapEntry(vpgId, { key: '440100000000001', ipAddress: '10.0.0.11' });
   * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
   * ```
   */
  putVirtualPrivateGatewayIpAddressMapEntry,
  /**
   * One task per SIM for a SIM action, with the shared argument (group ID, tags) checked and built once:
   * `tasks.many(action, simIds, ...shared)`.
   *
   * The action may be chosen at run time and the result is still a one-action list; an invalid ID is
   * reported with its index (`activateSim.simIds[4711]`).
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * const tagged = tasks.many('putSimTags', simIds, { area: 'tokyo' });
   * const moved = tasks.many('setSimGroup', simIds, groupId);
   * const result = await batch.runTasks({ batch_group_id, tasks: tagged });
   * ```
   */
  many,
});

export type { IpAddressMapEntryInput } from './builders.js';
export { batchLimits } from './job-limits.js';
export type { SharedArgs, SimAction } from './many.js';
export type { TagsInput, TagUpdate } from './normalize-tags.js';
export { recognizeTaskAction } from './recognize-action.js';
export { isTaskAction, type TaskAction, taskActions } from './task-action.js';
export type { JobTasks, PlainTask, Task, TaskBody, TaskList, TaskMethod, TaskPath, TaskRequest } from './task-types.js';
