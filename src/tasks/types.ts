/**
 * Types of a task, derived from the actions spec's generated types (`generated/actions.ts`) and
 * operation table, never restated: the method and path template come from the table, the body from
 * the operation's JSON request body.
 */

import type { operations } from '../../generated/actions.js';
import type { actionsOperations } from '../../generated/actions-operations.js';
import type { components } from '../../generated/batch.js';
import type { TaskAction } from './actions.js';

type ActionEntry<A extends TaskAction> = (typeof actionsOperations)[A];

/** `/sims/{sim_id}/set_group` → `/sims/${string}/set_group`. */
type FillTemplate<P extends string> = P extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}${string}${FillTemplate<Tail>}`
  : P;

/**
 * The request path of a task: the `/v1` prefix of the API servers, then the filled template.
 *
 * @example
 * ```ts
 * import type { TaskPath } from 'soracom-batch';
 *
 * const path: TaskPath<'setSimGroup'> = `/v1/sims/${simId}/set_group`;
 * ```
 * @category Tasks
 */
export type TaskPath<A extends TaskAction> = `/v1${FillTemplate<ActionEntry<A>['path']>}`;

/**
 * The HTTP method of an action, e.g. `PUT` for putSimTags.
 *
 * @example
 * ```ts
 * import type { TaskMethod } from 'soracom-batch';
 *
 * const method: TaskMethod<'putSimTags'> = 'PUT';
 * ```
 * @category Tasks
 */
export type TaskMethod<A extends TaskAction> = ActionEntry<A>['method'];

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/**
 * The body a task sends: the operation's JSON request body. For the five SIM operations without a
 * body of their own, actions.yaml describes the optional `{ sim_id }` body of the Batch API's
 * documented example task, which the builders follow.
 *
 * @example
 * ```ts
 * import type { TaskBody } from 'soracom-batch';
 *
 * const body: TaskBody<'setSimGroup'> = { groupId: '11111111-2222-3333-4444-555555555555' };
 * const tags: TaskBody<'putSimTags'> = [{ tagName: 'area', tagValue: 'tokyo' }];
 * ```
 * @category Tasks
 */
export type TaskBody<A extends TaskAction> = JsonBody<NonNullable<operations[A]['requestBody']>>;

/**
 * The `request` of a built task: path, method and body of the action.
 *
 * @example
 * ```ts
 * import { type TaskRequest, tasks } from 'soracom-batch';
 *
 * const request: TaskRequest<'suspendSim'> = tasks.suspendSim(simId).request;
 * console.log(request.method, request.path, request.body);
 * ```
 * @category Tasks
 */
export type TaskRequest<A extends TaskAction> = {
  /** The request path, `/v1/...`. */
  readonly path: TaskPath<A>;
  /** The HTTP method of the action. */
  readonly method: TaskMethod<A>;
  /** The JSON body of the action. */
  readonly body: TaskBody<A>;
};

/**
 * Type-only brand carrying a task's action. It never exists at run time (`JSON.stringify(task)` is
 * exactly `{"request":{...}}`, which is all the Batch API accepts); only the builders in this folder
 * produce values of a branded type, so the compiler knows which action every built task calls.
 */
export declare const taskActionBrand: unique symbol;

/**
 * A task built by `tasks.<action>(...)`: `{ request: { path, method, body } }`, branded with its action.
 *
 * @example
 * ```ts
 * import { type Task, tasks } from 'soracom-batch';
 *
 * const task: Task<'setSimGroup'> = tasks.setSimGroup(simId, groupId);
 * const anyAction: Task = task;
 * ```
 * @category Tasks
 */
export type Task<A extends TaskAction = TaskAction> = A extends TaskAction
  ? {
      /** What the task sends: path, method and body. */
      readonly request: TaskRequest<A>;
      /** Type-only: the task's action, for the compiler; it never exists at run time. */
      readonly [taskActionBrand]: A;
    }
  : never;

/**
 * Tasks that all call one action; for a union of actions, a union of lists (never a mixed list).
 *
 * @example
 * ```ts
 * import { type TaskList, tasks } from 'soracom-batch';
 *
 * const list: TaskList<'activateSim' | 'suspendSim'> = tasks.many(Math.random() < 0.5 ? 'activateSim' : 'suspendSim', simIds);
 * ```
 * @category Tasks
 */
export type TaskList<A extends TaskAction = TaskAction> = A extends TaskAction ? Task<A>[] : never;

/**
 * A task written by hand or coming from untyped code: the spec's `BatchTaskRequest`, without a brand.
 * Its action is unknown to the compiler, so only the run-time guard can check it.
 *
 * @example
 * ```ts
 * import type { PlainTask } from 'soracom-batch';
 *
 * const task: PlainTask = { request: { path: `/v1/sims/${simId}/activate`, method: 'POST', body: { sim_id: simId } } };
 * await batch.createBatchJob({ batch_group_id, body: { tasks: [task] } });
 * ```
 * @category Tasks
 */
export type PlainTask = components['schemas']['BatchTaskRequest'] & {
  /** Type-only: a plain task has no action the compiler knows of. */
  readonly [taskActionBrand]?: never;
};

/**
 * The `tasks` of a `createBatchJob` body: tasks built for one action, possibly together with plain
 * (hand-written) tasks. Built tasks of two different actions in one list do not type-check, because
 * the Batch API runs one action per job and answers 400 otherwise.
 *
 * @example
 * ```ts
 * import { type JobTasks, tasks } from 'soracom-batch';
 *
 * const list: JobTasks = [tasks.suspendSim(simIds[0]!), tasks.suspendSim(simIds[1]!)];
 * // const mixed: JobTasks = [tasks.suspendSim(simId), tasks.activateSim(simId)]; // does not compile
 * await batch.createBatchJob({ batch_group_id, body: { tasks: list } });
 * ```
 * @category Tasks
 */
export type JobTasks = { [A in TaskAction]: readonly (Task<A> | PlainTask)[] }[TaskAction];
