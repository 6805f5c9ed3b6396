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
import type { actionsOperations } from '../../generated/actions-operations.js';
import { BatchValidationError } from '../errors/validation-error.js';
import {
  type activateSim,
  type deactivateSim,
  type putSimTags,
  putSimTagsBody,
  type SimStateAction,
  type setSimGroup,
  setSimGroupBody,
  type setSimToStandby,
  simIdBody,
  type suspendSim,
  type unsetSimGroup,
} from './builders.js';
import { checkId } from './check-id.js';
import { describeValue } from './describe-value.js';
import { makeTask } from './make-task.js';
import type { TagsInput } from './normalize-tags.js';
import type { TaskAction } from './task-action.js';
import type { Task, TaskBody, TaskList } from './task-types.js';

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
      `tasks.many takes a SIM action (${simActions.join(', ')}); got ${describeValue(action)}`,
    );
  }
  if (!Array.isArray(simIds)) {
    throw new BatchValidationError(
      `${action}.simIds`,
      'must be an array',
      `${action}.simIds must be an array of SIM IDs (got ${describeValue(simIds)})`,
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
  const message = error.message.startsWith(single) ? argument + error.message.slice(single.length) : error.message;
  return new BatchValidationError(argument, error.rule, message);
}
