/**
 * Types of a task, derived from the actions spec's generated types (`generated/actions.ts`) and
 * operation table, never restated: the method and path template come from the table, the body from
 * the operation's JSON request body.
 */

import type { operations } from '../../generated/actions.js';
import type { actionsOperations } from '../../generated/actions-operations.js';
import type { components } from '../../generated/batch.js';
import type { TaskAction } from './task-action.js';

type ActionEntry<A extends TaskAction> = (typeof actionsOperations)[A];

/** `/sims/{sim_id}/set_group` → `/sims/${string}/set_group`. */
type FillTemplate<P extends string> = P extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}${string}${FillTemplate<Tail>}`
  : P;

/** The request path of a task: the `/v1` prefix of the API servers, then the filled template. */
export type TaskPath<A extends TaskAction> = `/v1${FillTemplate<ActionEntry<A>['path']>}`;

export type TaskMethod<A extends TaskAction> = ActionEntry<A>['method'];

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/**
 * The body a task sends: the operation's JSON request body. For the five SIM operations without a
 * body of their own, actions.yaml describes the optional `{ sim_id }` body of the Batch API's
 * documented example task, which the builders follow.
 */
export type TaskBody<A extends TaskAction> = JsonBody<NonNullable<operations[A]['requestBody']>>;

export type TaskRequest<A extends TaskAction> = {
  readonly path: TaskPath<A>;
  readonly method: TaskMethod<A>;
  readonly body: TaskBody<A>;
};

/**
 * Type-only brand carrying a task's action. It never exists at run time (`JSON.stringify(task)` is
 * exactly `{"request":{...}}`, which is all the Batch API accepts); only the builders in this folder
 * produce values of a branded type, so the compiler knows which action every built task calls.
 */
export declare const taskActionBrand: unique symbol;

/** A task built by `tasks.<action>(...)`: `{ request: { path, method, body } }`, branded with its action. */
export type Task<A extends TaskAction = TaskAction> = A extends TaskAction
  ? { readonly request: TaskRequest<A>; readonly [taskActionBrand]: A }
  : never;

/** Tasks that all call one action; for a union of actions, a union of lists (never a mixed list). */
export type TaskList<A extends TaskAction = TaskAction> = A extends TaskAction ? Task<A>[] : never;

/**
 * A task written by hand or coming from untyped code: the spec's `BatchTaskRequest`, without a brand.
 * Its action is unknown to the compiler, so only the run-time guard can check it.
 */
export type PlainTask = components['schemas']['BatchTaskRequest'] & { readonly [taskActionBrand]?: never };

/**
 * The `tasks` of a `createBatchJob` body: tasks built for one action, possibly together with plain
 * (hand-written) tasks. Built tasks of two different actions in one list do not type-check, because
 * the Batch API runs one action per job and answers 400 otherwise.
 */
export type JobTasks = { [A in TaskAction]: readonly (Task<A> | PlainTask)[] }[TaskAction];
