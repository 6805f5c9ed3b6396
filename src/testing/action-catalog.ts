/**
 * Recognises which of the eight supported actions a task calls, from its method and path, using
 * the operation table generated from the actions spec. Task paths carry the `/v1` prefix
 * (soracom-facts: "task `path` includes the `/v1` prefix"); the table's paths do not.
 */
import { type ActionsOperationId, actionsOperations } from '../../generated/actions-operations.js';

export type ActionId = ActionsOperationId;
export type RecognisedAction = { action: ActionId; params: Record<string, string> };

type Matcher = { action: ActionId; method: string; pattern: RegExp; names: string[] };

/** `/sims/{sim_id}/activate` → /^\/v1\/sims\/([^/]+)\/activate$/ and ['sim_id']. */
export function templatePattern(prefix: string, template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = `${prefix}${template}`
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

const matchers: Matcher[] = Object.values(actionsOperations).map((op) => ({
  action: op.operationId,
  method: op.method,
  ...templatePattern('/v1', op.path),
}));

/** Path parameters are URL-encoded in task paths (the CLI path-escapes them); decoding can fail. */
export function decodeSegments(names: string[], match: RegExpExecArray): Record<string, string> | undefined {
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

export function recogniseAction(method: string, path: string): RecognisedAction | undefined {
  for (const m of matchers) {
    if (m.method !== method) continue;
    const match = m.pattern.exec(path);
    if (!match) continue;
    const params = decodeSegments(m.names, match);
    return params && { action: m.action, params };
  }
  return undefined;
}

/** The supported actions as `METHOD /v1/path`, for error messages. */
export const supportedActions = matchers.map((m) => `${m.method} /v1${actionsOperations[m.action].path}`);
