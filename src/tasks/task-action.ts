/**
 * The actions a Batch task may call: the operations of `openapi/actions.yaml`, named by their
 * operationId (soracom-facts: "The 8 actions a task may call").
 */
import { type ActionsOperationId, actionsOperations } from '../../generated/actions-operations.js';

/**
 * An action a Batch task may call, named by the operationId of the target API (e.g. `setSimGroup`).
 *
 * @example
 * ```ts
 * import { type TaskAction, taskActions } from 'soracom-batch';
 *
 * const action: TaskAction = 'putSimTags';
 * console.log(taskActions.includes(action)); // true
 * ```
 * @category Tasks
 * @useDeclaredType
 */
export type TaskAction = ActionsOperationId;

/**
 * Every action, in the order of the actions spec.
 *
 * @example
 * ```ts
 * import { taskActions } from 'soracom-batch';
 *
 * console.log(`a task may call: ${taskActions.join(', ')}`);
 * ```
 * @category Tasks
 */
export const taskActions: readonly TaskAction[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(actionsOperations) as TaskAction[],
);

/**
 * Whether `value` names an action a Batch task may call, e.g. a command-line argument.
 *
 * @example
 * ```ts
 * import { isTaskAction } from 'soracom-batch';
 *
 * const action = process.argv[2];
 * if (!isTaskAction(action)) throw new Error(`unknown action ${action}`);
 * ```
 * @category Tasks
 */
export function isTaskAction(value: unknown): value is TaskAction {
  return typeof value === 'string' && Object.hasOwn(actionsOperations, value);
}
