/**
 * Which operation a path is, from the operation tables generated from the specs: a request's
 * `METHOD /v1/...` routes to one of the 9 Batch and 3 auth operations, and a task's `method` and
 * `path` to one of the 8 actions a batch job may call. The emulator therefore serves exactly the
 * paths the specs declare, under `/v1` like the API. Task paths carry the `/v1` prefix too (the
 * example task of `CreateBatchJobRequest.tasks` in openapi/batch.yaml); the tables' paths do not.
 */
import { type ActionsOperationId, actionsOperations } from '../../generated/actions-operations.js';
import { authOperations } from '../../generated/auth-operations.js';
import { batchOperations } from '../../generated/batch-operations.js';
import type { EmulatorOperationId } from './options.js';

export const API_PREFIX = '/v1';

export type ActionId = ActionsOperationId;
type RecognisedAction = { action: ActionId; params: Record<string, string> };

type RouteMatch =
  | { kind: 'matched'; operationId: EmulatorOperationId; secured: boolean; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

type Template = { pattern: RegExp; names: string[] };

/** `/sims/{sim_id}/activate` → /^\/v1\/sims\/([^/]+)\/activate$/ and ['sim_id']. */
function templatePattern(template: string): Template {
  const names: string[] = [];
  const source = `${API_PREFIX}${template}`
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** Path parameters are URL-encoded (the CLI path-escapes them); decoding can fail. */
function decodeSegments(names: string[], match: RegExpExecArray): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  try {
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] as string);
    });
  } catch {
    return undefined;
  }
  return params;
}

const routes = [...Object.values(batchOperations), ...Object.values(authOperations)].map((op) => ({
  operationId: op.operationId as EmulatorOperationId,
  method: op.method as string,
  secured: op.secured as boolean,
  ...templatePattern(op.path),
}));

export function matchRoute(method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params = decodeSegments(route.names, match);
    if (!params) return { kind: 'not-found' };
    return { kind: 'matched', operationId: route.operationId, secured: route.secured, params };
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

const actions = Object.values(actionsOperations).map((op) => ({
  action: op.operationId as ActionId,
  method: op.method as string,
  ...templatePattern(op.path),
}));

/** The action a task calls, with its path parameters (`sim_id` or `vpg_id`); undefined when unsupported. */
export function recogniseAction(method: string, path: string): RecognisedAction | undefined {
  for (const a of actions) {
    if (a.method !== method) continue;
    const match = a.pattern.exec(path);
    if (!match) continue;
    const params = decodeSegments(a.names, match);
    return params && { action: a.action, params };
  }
  return undefined;
}

/** The supported actions as `METHOD /v1/path`, for error messages. */
export const supportedActions = actions.map((a) => `${a.method} ${API_PREFIX}${actionsOperations[a.action].path}`);
