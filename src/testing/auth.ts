/**
 * Who may call the emulator: the credentials `POST /auth` accepts, the API keys and tokens it has
 * issued, their expiry, renewal and revocation, and the auth operations (log in, log out, renew the
 * token, switch user). Headers are checked here and nowhere else.
 */
import { randomUUID } from 'node:crypto';
import type { components as AuthComponents } from '../../generated/auth.js';
import type { AuthOperationId } from '../../generated/auth-operations.js';
import type { NormalizedCredentials } from './check-options.js';
import { badRequest, codes, EmulatorHttpError } from './faults.js';
import type { Handler } from './http-server.js';

type AuthResponse = AuthComponents['schemas']['AuthResponse'];

/** Default and maximum token lifetimes (`AuthRequest.tokenTimeoutSeconds` in openapi/auth.yaml: default 24 h, at most 48 h). */
const DEFAULT_TOKEN_SECONDS = 86_400;
const MAX_TOKEN_SECONDS = 172_800;
/** A switched user's default and longest lifetime (`SwitchUserRequest.tokenTimeoutSeconds`: 1 h). */
const SWITCH_TOKEN_SECONDS = 3_600;

export type Session = {
  apiKey: string;
  operatorId: string;
  userName: string | undefined;
  /** token → expiry (ms since epoch). Renewal adds a token; the older ones stay valid until they expire. */
  tokens: Map<string, number>;
  revoked: boolean;
};

type AuthCheck =
  | { ok: true; session: Session; token: string }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired'; session?: Session };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `tokenTimeoutSeconds`, checked against the API's range (400 outside it). */
function tokenSeconds(body: Record<string, unknown>): number {
  const value = body.tokenTimeoutSeconds;
  if (value === undefined) return DEFAULT_TOKEN_SECONDS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TOKEN_SECONDS) {
    throw badRequest(codes.badLoginRequest, `tokenTimeoutSeconds must be an integer from 1 to ${MAX_TOKEN_SECONDS}`);
  }
  return value;
}

/** Random opaque secrets (API keys, tokens): never derived from anything a test could guess. */
function secretId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

const loginFailed = () => new EmulatorHttpError(401, codes.loginFailed, 'Authentication failed: unknown credentials');

export class AuthStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly credentials: NormalizedCredentials) {
    // Ready-made pairs never expire on their own; `expireTokens()` and logout still end them.
    for (const pair of credentials.apiTokens) {
      this.sessions.set(pair.apiKey, {
        apiKey: pair.apiKey,
        operatorId: credentials.operatorId,
        userName: undefined,
        tokens: new Map([[pair.token, Number.POSITIVE_INFINITY]]),
        revoked: false,
      });
    }
  }

  get operatorId(): string {
    return this.credentials.operatorId;
  }

  /** `POST /auth`: exactly one kind of credentials (AuthKey, root account or SAM user). */
  login(body: unknown): AuthResponse {
    if (!isRecord(body)) throw badRequest(codes.badLoginRequest, 'The request body must be a JSON object');
    const seconds = tokenSeconds(body);
    const kinds = [
      body.authKeyId !== undefined || body.authKey !== undefined ? 'authKey' : undefined,
      body.email !== undefined ? 'root' : undefined,
      body.userName !== undefined ? 'sam' : undefined,
    ].filter((k): k is string => k !== undefined);
    if (kinds.length !== 1) {
      throw badRequest(
        codes.badLoginRequest,
        'Send exactly one kind of credentials: {authKeyId, authKey}, {email, password} or {operatorId, userName, password}',
      );
    }
    const text = (field: string): string => {
      const value = body[field];
      if (typeof value !== 'string' || value === '')
        throw badRequest(codes.badLoginRequest, `${field} must be a non-empty string`);
      return value;
    };
    const { credentials } = this;
    let userName: string | undefined;
    if (kinds[0] === 'authKey') {
      const id = text('authKeyId');
      if (credentials.authKeys.get(id) !== text('authKey')) throw loginFailed();
    } else if (kinds[0] === 'root') {
      const email = text('email');
      if (credentials.rootAccounts.get(email) !== text('password')) throw loginFailed();
    } else {
      const operatorId = text('operatorId');
      userName = text('userName');
      if (operatorId !== credentials.operatorId || credentials.samUsers.get(userName) !== text('password'))
        throw loginFailed();
    }
    const session: Session = {
      apiKey: secretId('api'),
      operatorId: credentials.operatorId,
      userName,
      tokens: new Map(),
      revoked: false,
    };
    const token = this.issue(session, seconds);
    this.sessions.set(session.apiKey, session);
    const answer: AuthResponse = { apiKey: session.apiKey, token, operatorId: session.operatorId };
    if (userName !== undefined) answer.userName = userName;
    return answer;
  }

  /** Both `X-Soracom-API-Key` and `X-Soracom-Token` must be present and belong together. */
  check(headers: Record<string, string | string[] | undefined>): AuthCheck {
    const apiKey = header(headers, 'x-soracom-api-key');
    const token = header(headers, 'x-soracom-token');
    if (!apiKey || !token) return { ok: false, reason: 'missing' };
    const session = this.sessions.get(apiKey);
    const expiresAt = session?.tokens.get(token);
    if (!session || session.revoked || expiresAt === undefined) return { ok: false, reason: 'invalid' };
    if (expiresAt <= Date.now()) return { ok: false, reason: 'expired', session };
    return { ok: true, session, token };
  }

  /**
   * `POST /auth/switch_user`: a key and token of one of the emulator's SAM users, for a caller already
   * logged in. The emulator's trust policy: every SAM user of its operator trusts every caller of it.
   * The lifetime is 180 s to 1 h, 1 h by default (`SwitchUserRequest` in openapi/auth.yaml).
   */
  switchUser(from: Session, body: unknown): AuthResponse {
    if (!isRecord(body)) throw badRequest(codes.badLoginRequest, 'The request body must be a JSON object');
    const { operatorId, userName, tokenTimeoutSeconds = SWITCH_TOKEN_SECONDS } = body;
    if (
      typeof tokenTimeoutSeconds !== 'number' ||
      !Number.isInteger(tokenTimeoutSeconds) ||
      tokenTimeoutSeconds < 180 ||
      tokenTimeoutSeconds > SWITCH_TOKEN_SECONDS
    ) {
      throw badRequest(codes.badLoginRequest, 'tokenTimeoutSeconds must be an integer from 180 to 3600');
    }
    if (
      typeof userName !== 'string' ||
      operatorId !== from.operatorId ||
      operatorId !== this.credentials.operatorId ||
      !this.credentials.samUsers.has(userName)
    ) {
      throw badRequest(codes.switchUserNotAllowed, 'Switch user not allowed');
    }
    const session: Session = { apiKey: secretId('api'), operatorId, userName, tokens: new Map(), revoked: false };
    const token = this.issue(session, tokenTimeoutSeconds);
    this.sessions.set(session.apiKey, session);
    return { apiKey: session.apiKey, token, operatorId, userName };
  }

  /** `POST /operators/{id}/token`: a new token for the same API key. */
  renew(session: Session, seconds: number): string {
    return this.issue(session, seconds);
  }

  /** `POST /auth/logout`: the API key and all its tokens stop working. */
  revoke(session: Session): void {
    session.revoked = true;
    session.tokens.clear();
  }

  /** Every token issued so far is expired from now on (renewal then answers 400). */
  expireAll(): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      for (const token of session.tokens.keys()) {
        session.tokens.set(token, 0);
        count += 1;
      }
    }
    return count;
  }

  private issue(session: Session, seconds: number): string {
    const token = secretId('token');
    session.tokens.set(token, Date.now() + seconds * 1000);
    return token;
  }
}

export function createAuthHandlers(auth: AuthStore): Record<AuthOperationId, Handler> {
  return {
    auth: ({ body }) => ({ status: 200, body: auth.login(body) }),

    switchUser: ({ body, session }) => ({ status: 200, body: auth.switchUser(session as Session, body) }),

    logout: ({ session }) => {
      auth.revoke(session as Session);
      return { status: 204 };
    },

    // The server has already answered 400 when the token had expired (generateAuthToken in openapi/auth.yaml).
    generateAuthToken: ({ params, body, session }) => {
      const current = session as Session;
      if (params.operator_id !== current.operatorId) {
        throw badRequest(
          codes.wrongOperator,
          `These credentials belong to operator ${current.operatorId}, not ${params.operator_id}`,
        );
      }
      const request = body === undefined ? {} : body;
      if (request === null || typeof request !== 'object' || Array.isArray(request)) {
        throw badRequest(codes.invalidRequest, 'The request body must be a JSON object');
      }
      return { status: 200, body: { token: auth.renew(current, tokenSeconds(request as Record<string, unknown>)) } };
    },
  };
}
