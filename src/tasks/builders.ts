/**
 * The task builders: one per action a Batch task may call, named after the target operationId, plus
 * `tasks.many`. Each validates its arguments (throwing `BatchValidationError` naming the argument and
 * the rule; see rules.ts) and returns `{ request: { path, method, body } }` exactly as the target API
 * expects, typed with its action so that a job mixing two actions does not compile.
 */
import type { actionsOperations } from '../../generated/actions-operations.js';
import { BatchValidationError, describeValue } from '../errors/errors.js';
import { makeTask, type TaskAction } from './actions.js';
import { checkId, checkImsi, checkIpv4, normalizeTags, type TagsInput } from './rules.js';
import type { Task, TaskBody, TaskList } from './types.js';

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

/** Its calls below are marked `@__PURE__` so a bundle that uses no builder drops them (bundlers keep unmarked calls). */
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
      ` (got ${describeValue(entry)})`,
    );
  }
  return makeTask(action, [id], {
    key: checkImsi(`${action}.entry.key`, entry.key),
    ipAddress: checkIpv4(`${action}.entry.ipAddress`, entry.ipAddress),
  });
}

/**
 * `tasks.many(action, simIds, ...shared)`: one task per SIM for the seven SIM actions, for lists
 * read from a file or a query. Over `simIds.map((id) => tasks.setSimGroup(id, groupId))` it adds:
 * - the shared argument (group ID, tags) is validated once and its body built once, then shared by
 *   every task, frozen so that no task can change the others' (building 100,000 putSimTags tasks
 *   costs one tag list, not 100,000);
 * - an action chosen at run time (e.g. from a CLI flag) with its arguments still typed, and a result
 *   typed as a one-action list, so even a union of actions never makes a mixed job;
 * - errors that name the index of the bad ID in the list (`activateSim.simIds[4711]`).
 */

/**
 * The actions whose only path parameter is the SIM ID (read from the operation table's types): the
 * actions `tasks.many` builds.
 *
 * @example
 * ```ts
 * import { type SimAction, tasks } from 'soracom-batch';
 *
 * const action: SimAction = process.argv[2] === 'suspend' ? 'suspendSim' : 'activateSim';
 * const list = tasks.many(action, simIds);
 * ```
 * @category Tasks
 * @useDeclaredType
 */
export type SimAction = {
  [A in TaskAction]: (typeof actionsOperations)[A]['pathParams'] extends readonly ['sim_id'] ? A : never;
}[TaskAction];

type SimBuilders = {
  activateSim: typeof activateSim;
  deactivateSim: typeof deactivateSim;
  setSimToStandby: typeof setSimToStandby;
  suspendSim: typeof suspendSim;
  unsetSimGroup: typeof unsetSimGroup;
  setSimGroup: typeof setSimGroup;
  putSimTags: typeof putSimTags;
};

/**
 * What follows the SIM ID in the action's builder: `[groupId]` for setSimGroup, `[tags]` for putSimTags, else nothing.
 *
 * @example
 * ```ts
 * import { type SharedArgs, tasks } from 'soracom-batch';
 *
 * const shared: SharedArgs<'putSimTags'> = [{ area: 'tokyo' }];
 * const list = tasks.many('putSimTags', simIds, ...shared);
 * ```
 * @category Tasks
 */
export type SharedArgs<A extends SimAction> = Parameters<SimBuilders[A]> extends [string, ...infer Rest] ? Rest : never;

type BodyMaker<A extends SimAction> = (simId: string) => TaskBody<A>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function sameBody<A extends SimAction>(body: TaskBody<A>): BodyMaker<A> {
  const frozen = deepFreeze(body);
  return () => frozen;
}

/** Per SIM action: validates the shared arguments once and returns how each task's body is made. */
const bodyMakers: { [A in SimAction]: (shared: readonly unknown[]) => BodyMaker<A> } = {
  activateSim: () => simIdBody,
  deactivateSim: () => simIdBody,
  setSimToStandby: () => simIdBody,
  suspendSim: () => simIdBody,
  unsetSimGroup: () => simIdBody,
  setSimGroup: (shared) => sameBody(setSimGroupBody(shared[0] as string)),
  putSimTags: (shared) => sameBody(putSimTagsBody(shared[0] as TagsInput)),
};

const simActions = /* @__PURE__ */ Object.keys(bodyMakers);

export function many<A extends SimAction>(action: A, simIds: readonly string[], ...shared: SharedArgs<A>): TaskList<A> {
  if (typeof action !== 'string' || !Object.hasOwn(bodyMakers, action)) {
    throw new BatchValidationError(
      'many.action',
      `must be one of ${simActions.join(', ')}`,
      ` (a SIM action; got ${describeValue(action)})`,
    );
  }
  if (!Array.isArray(simIds)) {
    throw new BatchValidationError(
      `${action}.simIds`,
      'must be an array',
      ` of SIM IDs (got ${describeValue(simIds)})`,
    );
  }
  const bodyOf = (bodyMakers[action] as (shared: readonly unknown[]) => BodyMaker<SimStateAction>)(shared);
  const single = `${action}.simId`;
  const built = new Array<Task>(simIds.length);
  let i = 0;
  try {
    for (; i < simIds.length; i++) {
      const id = checkId(single, simIds[i]);
      built[i] = makeTask(action as SimAction, [id], bodyOf(id) as TaskBody<SimAction>);
    }
  } catch (error) {
    throw atIndex(error, single, `${action}.simIds[${i}]`);
  }
  return built as TaskList<A>;
}

/** Re-labels an error about one SIM ID with its index in the list. */
function atIndex(error: unknown, single: string, argument: string): unknown {
  if (!(error instanceof BatchValidationError) || error.argument !== single) return error;
  // The message is `<argument> <rule><detail>` (BatchValidationError): keep the detail, change the argument.
  return new BatchValidationError(argument, error.rule, error.message.slice(`${single} ${error.rule}`.length));
}

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
   * import { runTasks } from 'soracom-batch/jobs';
   *
   * const tagged = tasks.many('putSimTags', simIds, { area: 'tokyo' });
   * const moved = tasks.many('setSimGroup', simIds, groupId);
   * const result = await runTasks(batch, { batch_group_id, tasks: tagged });
   * ```
   */
  many,
});
