/**
 * Routes `METHOD /v1/...` to an operationId, using the operation tables generated from the Batch and
 * auth specs, so the emulator serves exactly the paths the specs declare, under `/v1` like the API.
 */
import { authOperations } from '../../generated/auth-operations.js';
import { batchOperations } from '../../generated/batch-operations.js';
import { decodeSegments, templatePattern } from './action-catalog.js';
import type { EmulatorOperationId } from './options.js';

export const API_PREFIX = '/v1';

type Route = { operationId: EmulatorOperationId; method: string; secured: boolean; pattern: RegExp; names: string[] };

export type RouteMatch =
  | { kind: 'matched'; operationId: EmulatorOperationId; secured: boolean; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

const routes: Route[] = [...Object.values(batchOperations), ...Object.values(authOperations)].map((op) => ({
  operationId: op.operationId,
  method: op.method,
  secured: op.secured,
  ...templatePattern(API_PREFIX, op.path),
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
