/**
 * How each action's request path is built and recognised, compiled once from the generated operation
 * table (method and path template come from `openapi/actions.yaml`, not from strings written here).
 */
import { actionsOperations } from '../../generated/actions-operations.js';
import type { TaskAction } from './task-action.js';

/**
 * Task paths carry the API version prefix (soracom-facts: "task `path` includes the `/v1` prefix");
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
 * (soracom-facts: "Path segments must be URL-encoded").
 */
export function fillRoute(route: ActionRoute, segments: readonly string[]): string {
  const { pieces } = route;
  let path = pieces[0] as string;
  for (let i = 0; i < segments.length; i++)
    path += encodeURIComponent(segments[i] as string) + (pieces[i + 1] as string);
  return path;
}
