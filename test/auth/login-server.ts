/**
 * A scripted Soracom auth API on the loopback server: POST /v1/auth issues numbered keys and tokens,
 * POST /v1/operators/{id}/token renews a token, POST /v1/auth/logout revokes, and `guarded(reply)`
 * answers 401 to any request whose token is not currently valid.
 */
import { delayed, json, type Reply, type ScriptedServer } from '../transport/scripted-server.js';

export const OPERATOR_ID = 'OP0012345678';

export type AuthState = {
  logins: number;
  refreshes: number;
  logouts: number;
  /** Tokens the server accepts now. */
  valid: Set<string>;
  /** Every key and token issued, in order. */
  issued: Array<{ apiKey: string; token: string }>;
  /** Makes every token issued so far invalid (as if they expired). */
  expireAll(): void;
};

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function scriptAuth(
  server: ScriptedServer,
  options: { loginDelayMs?: number; prefix?: string } = {},
): AuthState {
  const prefix = options.prefix ?? 'issued';
  const state: AuthState = {
    logins: 0,
    refreshes: 0,
    logouts: 0,
    valid: new Set(),
    issued: [],
    expireAll: () => state.valid.clear(),
  };
  const login: Reply = (res) => {
    state.logins++;
    const issued = { apiKey: `${prefix}-api-key-${state.logins}-0000`, token: `${prefix}-token-${state.logins}-0000` };
    state.issued.push(issued);
    state.valid.add(issued.token);
    json(200, { ...issued, operatorId: OPERATOR_ID })(res, undefined as never, undefined as never);
  };
  server.route('POST', '/v1/auth', options.loginDelayMs ? delayed(options.loginDelayMs, login) : login);
  server.route('POST', `/v1/operators/${OPERATOR_ID}/token`, (res, request) => {
    const token = header(request.headers['x-soracom-token']);
    if (!token || !state.valid.has(token)) {
      json(400, { code: 'AUM0011', message: 'The token has already expired.' })(res, request, undefined as never);
      return;
    }
    state.refreshes++;
    const renewed = `${prefix}-token-renewed-${state.refreshes}-0000`;
    state.valid.delete(token);
    state.valid.add(renewed);
    state.issued.push({ apiKey: header(request.headers['x-soracom-api-key']) ?? '', token: renewed });
    json(200, { token: renewed })(res, request, undefined as never);
  });
  server.route('POST', '/v1/auth/logout', (res, request) => {
    const token = header(request.headers['x-soracom-token']);
    if (!token || !state.valid.has(token)) {
      json(401, { code: 'AUM0001', message: 'Unauthorized' })(res, request, undefined as never);
      return;
    }
    state.logouts++;
    state.valid.delete(token);
    res.writeHead(204);
    res.end();
  });
  return state;
}

/** Answers `reply` when the request carries a valid token, else 401 as the API does. */
export function guarded(state: AuthState, reply: Reply): Reply {
  return (res, request, raw) => {
    const token = header(request.headers['x-soracom-token']);
    if (!token || !state.valid.has(token)) {
      json(401, { code: 'AUM0001', message: 'Invalid API key or token' })(res, request, raw);
      return;
    }
    return reply(res, request, raw);
  };
}
