/**
 * The actions a Batch task may call, and how each one's request path is built and recognised. They are
 * the operations of openapi/actions.yaml (written from Soracom's API reference,
 * https://developers.soracom.io/en/api/), named by operationId; method and path template come from the
 * generated operation table, compiled once, never from strings written here.
 */
import { type ActionsOperationId, actionsOperations } from '../../generated/actions-operations.js';
import type { Task, TaskBody } from './types.js';

/**
 * An action a Batch task may call, named by the operationId of the target API (e.g. `setSimGroup`).
 *
 * @example
 * ```ts
 * import { type TaskAction, tasks } from 'soracom-batch';
 *
 * const action: TaskAction = 'suspendSim';
 * const list = tasks.many(action, simIds);
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

/**
 * Task paths carry the API version prefix, as the createBatchJob example in openapi/batch.yaml shows;
 * the actions spec's servers end with it, and the operation table's templates are relative to them.
 * A unit test checks that every server of the actions spec ends with this prefix.
 */
export const API_PATH_PREFIX = '/v1';

export type ActionRoute = {
  readonly action: TaskAction;
  readonly method: string;
  /** The template from the table, e.g. `/sims/{sim_id}/set_group`. */
  readonly template: string;
  /** Names of the template's parameters, in order (`['sim_id']`). */
  readonly params: readonly string[];
  /** The literal pieces around the parameters, `/v1` included: `['/v1/sims/', '/set_group']`. */
  readonly pieces: readonly string[];
  /** Matches a full task path of this action; group i+1 is the encoded segment of `params[i]`. */
  readonly pattern: RegExp;
};

const PARAMETER = /\{([^}]+)\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileRoute(action: TaskAction): ActionRoute {
  const { method, path } = actionsOperations[action];
  const pieces = `${API_PATH_PREFIX}${path}`.split(PARAMETER).filter((_, i) => i % 2 === 0);
  const params = [...path.matchAll(PARAMETER)].map((m) => m[1] as string);
  // A segment is anything up to the next '/', '?' or '#', i.e. one path segment and nothing more.
  const pattern = new RegExp(`^${pieces.map(escapeRegExp).join('([^/?#]+)')}$`);
  return Object.freeze({
    action,
    method,
    template: path,
    params: Object.freeze(params),
    pieces: Object.freeze(pieces),
    pattern,
  });
}

let compiled: Readonly<Record<TaskAction, ActionRoute>> | undefined;

/**
 * The compiled route of every action, built on first use: a module-level table would be kept by
 * bundlers even in apps that never build a task (its construction looks like a side effect).
 */
export function actionRoutes(): Readonly<Record<TaskAction, ActionRoute>> {
  compiled ??= Object.freeze(
    Object.fromEntries(
      Object.keys(actionsOperations).map((action) => [action, compileRoute(action as TaskAction)]),
    ) as Record<TaskAction, ActionRoute>,
  );
  return compiled;
}

/**
 * Fills a route's template with already-validated segments, URL-encoded as the official CLI does
 * (https://github.com/soracom/soracom-cli path-escapes them).
 */
export function fillRoute(route: ActionRoute, segments: readonly string[]): string {
  const { pieces } = route;
  let path = pieces[0] as string;
  for (let i = 0; i < segments.length; i++)
    path += encodeURIComponent(segments[i] as string) + (pieces[i + 1] as string);
  return path;
}

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

/**
 * The one place where a task object is assembled. Inputs are validated by the builder before this is
 * called; the cast to the branded type is sound because the route of `action` built the path.
 */
export function makeTask<A extends TaskAction>(action: A, segments: readonly string[], body: TaskBody<A>): Task<A> {
  const route = actionRoutes()[action];
  // Property order path, method, body, as in the API's documented example task.
  return { request: { path: fillRoute(route, segments), method: route.method, body } } as unknown as Task<A>;
}
