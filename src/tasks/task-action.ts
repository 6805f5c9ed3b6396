/**
 * The actions a Batch task may call: the operations of `openapi/actions.yaml`, named by their
 * operationId (soracom-facts: "The 8 actions a task may call").
 */
import { type ActionsOperationId, actionsOperations } from '../../generated/actions-operations.js';

export type TaskAction = ActionsOperationId;

/** Every action, in the order of the actions spec. */
export const taskActions: readonly TaskAction[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(actionsOperations) as TaskAction[],
);

export function isTaskAction(value: unknown): value is TaskAction {
  return typeof value === 'string' && Object.hasOwn(actionsOperations, value);
}
