/**
 * Which action a task request calls, recognised from its method and path against the operation
 * table (the same compiled routes the builders fill). This is how the job guard sees the action of
 * tasks that were written by hand or by untyped code, where no brand is available.
 */
import { type ActionRoute, actionRoutes } from './action-routes.js';
import type { TaskAction } from './task-action.js';

/**
 * The action of `{ path, method }`, or `undefined` when it calls none of them. `hint` is tried first,
 * so a homogeneous list costs one match per task.
 *
 * @example
 * ```ts
 * import { recognizeTaskAction } from 'soracom-batch';
 *
 * recognizeTaskAction({ path: '/v1/sims/8981100000000000001/set_group', method: 'POST' }); // 'setSimGroup'
 * recognizeTaskAction({ path: '/v1/sims/8981100000000000001', method: 'GET' }); // undefined
 * ```
 * @category Tasks
 */
export function recognizeTaskAction(
  request: { path: string; method: string },
  hint?: TaskAction,
): TaskAction | undefined {
  if (hint !== undefined) {
    const route = actionRoutes()[hint];
    if (route.method === request.method && route.pattern.test(request.path)) return hint;
  }
  for (const route of Object.values(actionRoutes()) as ActionRoute[]) {
    if (route.method === request.method && route.pattern.test(request.path)) return route.action;
  }
  return undefined;
}
