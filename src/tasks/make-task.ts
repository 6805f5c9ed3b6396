/**
 * The one place where a task object is assembled. Inputs are validated by the builder before this is
 * called; the cast to the branded type is sound because the route of `action` built the path.
 */
import { actionRoutes, fillRoute } from './action-routes.js';
import type { TaskAction } from './task-action.js';
import type { Task, TaskBody } from './task-types.js';

export function makeTask<A extends TaskAction>(action: A, segments: readonly string[], body: TaskBody<A>): Task<A> {
  const route = actionRoutes()[action];
  // Property order path, method, body, as in the API's documented example task.
  return { request: { path: fillRoute(route, segments), method: route.method, body } } as unknown as Task<A>;
}
