/**
 * The sessions behind `options.auth`, each an `AuthSession` (declared by the transport, which uses it):
 * - `noAuth`: no credentials; the API answers 401, which the client explains;
 * - `staticAuth`: a fixed API key and token; nothing can be renewed;
 * - the login session, for credentials the client logs in with (AuthKey, root, SAM user):
 *   - lazy and single-flight: the first call logs in; concurrent calls wait for that same login
 *     (50 concurrent first calls make one `POST /auth`);
 *   - renewal on rejection: a 401 (or the invalid-token 400) makes one fresh login that every call
 *     rejected with the same token shares; a call whose token was already replaced just replays;
 *   - refresh near expiry: `POST /operators/{operator_id}/token` gives a new token for the same key;
 *     when that answers 400 (the token already expired) or 401, a fresh login; when it fails otherwise
 *     (a 5xx, no answer), the current token is kept while it is valid;
 *   - logout: `POST /auth/logout` revokes the key and token; a later call logs in again.
 * A caller's abort stops only its own wait: the shared login goes on for the others.
 * The auth operations are described in openapi/auth.yaml.
 */
import { AuthenticationError, BadRequestError, isSoracomError } from '../errors/errors.js';
import type { SdkLog } from '../logging/logging.js';
import { abortableWait } from '../transport/signals.js';
import type { AuthSession } from '../transport/transport.js';
import type { AuthApi } from './auth-api.js';
import { type LoginRequest, loginSecrets, type NormalizedCredentials } from './credentials.js';

export const API_KEY_HEADER = 'X-Soracom-API-Key';
export const TOKEN_HEADER = 'X-Soracom-Token';

export function credentialHeaders(apiKey: string, token: string): Record<string, string> {
  return { [API_KEY_HEADER]: apiKey, [TOKEN_HEADER]: token };
}

/** Revokes `credentials`; a 401 means they were no longer valid, which is what logout wants anyway. */
export async function revoke(api: AuthApi, credentials: Record<string, string>, signal?: AbortSignal): Promise<void> {
  try {
    await api.logout(credentials, signal);
  } catch (error) {
    if (!isSoracomError(error, AuthenticationError)) throw error;
  }
}

/** Sends no credentials: the API answers 401, which the client explains. */
export const noAuth: AuthSession = {
  headers: () => ({}),
  renew: async () => false,
  logout: async () => undefined,
  secrets: () => [],
  describe: () => 'no credentials',
  rejectionHint: () => 'No credentials were configured: pass options.auth',
};

/** A fixed API key and token; when the API rejects them there is nothing to renew. */
export function staticAuth(apiKey: string, token: string, api?: AuthApi): AuthSession {
  let loggedOut = false;
  // The same record for every call: the transport only reads it.
  const fixed = Object.freeze(credentialHeaders(apiKey, token));
  return {
    headers: () => (loggedOut ? {} : fixed),
    renew: async () => false,
    async logout(signal) {
      if (loggedOut) return;
      if (api) await revoke(api, credentialHeaders(apiKey, token), signal);
      loggedOut = true;
    },
    // Kept after logout: a revoked key is still not something to print.
    secrets: () => [apiKey, token],
    describe: () => (loggedOut ? 'a fixed API key and token (logged out)' : 'a fixed API key and token'),
    rejectionHint: () =>
      loggedOut
        ? 'This client logged out: its fixed API key and token were revoked; create a client with new credentials'
        : 'The fixed API key and token were rejected and cannot be renewed: get new ones, or pass AuthKey credentials ' +
          '({ authKeyId, authKey }) so the client can log in again by itself',
  };
}

/**
 * When an issued token should be renewed. The API keeps a token for `tokenTimeoutSeconds` (default
 * 24 h, at most 48 h: `tokenTimeoutSeconds` in openapi/auth.yaml); renewing shortly before the end lets a long job go on without a
 * failed call, while the API key stays the same.
 */

/** Renew when a tenth of the lifetime is left, but no earlier than 10 minutes before expiry. */
export const REFRESH_LEAD_MAX_MS = 10 * 60_000;

/** After a renewal failed for a reason other than an expired token, wait this long before trying again. */
export const REFRESH_RETRY_PAUSE_MS = 60_000;

export type TokenTimes = {
  /** When the request that issued the token was sent (the lifetime is counted from there, to be safe). */
  issuedAt: number;
  /** From when on the next call renews the token first. */
  refreshAt: number;
  /** When the API stops accepting the token. */
  expiresAt: number;
};

export function tokenTimes(issuedAt: number, tokenTimeoutSeconds: number): TokenTimes {
  const lifetimeMs = tokenTimeoutSeconds * 1000;
  return {
    issuedAt,
    refreshAt: issuedAt + lifetimeMs - Math.min(lifetimeMs / 10, REFRESH_LEAD_MAX_MS),
    expiresAt: issuedAt + lifetimeMs,
  };
}

/** Advice for a refused login, naming the options to check (kept apart so the core need not load the login code). */

export type LoginKind = Extract<NormalizedCredentials, { kind: 'login' }>['login'];

export const LOGIN_KIND_TEXT: Record<LoginKind, string> = {
  authKey: 'an AuthKey',
  root: 'the root account',
  samUser: 'a SAM user',
};

export function loginRefusedHint(kind: LoginKind): string {
  const fields = {
    authKey: 'authKeyId and authKey',
    root: 'email and password',
    samUser: 'operatorId, userName and password',
  }[kind];
  const mfa =
    kind === 'authKey'
      ? ''
      : ', and mfaOTPCode if the account uses multi-factor authentication (a code is good for one login only)';
  return `Logging in with ${LOGIN_KIND_TEXT[kind]} was refused: check ${fields} (options.auth, or the profile or environment they came from)${mfa}`;
}

type Issued = TokenTimes & { apiKey: string; token: string; operatorId: string };

export type LoginSessionOptions = {
  api: AuthApi;
  request: LoginRequest;
  login: LoginKind;
  log: SdkLog;
  /** The clock (tests move it forward). */
  now?: () => number;
};

/** Old keys and tokens stay redacted after they are replaced; a few are enough. */
const RETIRED_KEPT = 16;

export function createLoginSession(options: LoginSessionOptions): AuthSession {
  const { api, request, log } = options;
  const now = options.now ?? (() => Date.now());
  let current: Issued | undefined;
  let pending: Promise<Issued> | undefined;
  let refreshPausedUntil = 0;
  const retired: string[] = [];

  const retire = (issued: Issued) => {
    retired.push(issued.apiKey, issued.token);
    if (retired.length > RETIRED_KEPT) retired.splice(0, retired.length - RETIRED_KEPT);
  };

  /** Runs one login or refresh that every caller shares until it settles. */
  function start(task: () => Promise<Issued>): Promise<Issued> {
    const flight: Promise<Issued> = task()
      .then((issued) => {
        if (current && current !== issued) retire(current);
        current = issued;
        return issued;
      })
      .finally(() => {
        if (pending === flight) pending = undefined;
      });
    pending = flight;
    // Every waiter may have aborted; the outcome is still consumed here so it is never "unhandled".
    flight.catch(() => undefined);
    return flight;
  }

  async function login(reason: string): Promise<Issued> {
    const sentAt = now();
    log.info(`logging in with ${LOGIN_KIND_TEXT[options.login]} (POST /auth): ${reason}`);
    const answer = await api.login(request);
    return {
      apiKey: answer.apiKey,
      token: answer.token,
      operatorId: answer.operatorId,
      ...tokenTimes(sentAt, request.tokenTimeoutSeconds),
    };
  }

  async function refresh(from: Issued): Promise<Issued> {
    const sentAt = now();
    if (sentAt >= from.expiresAt) return login('the token has expired');
    log.info('renewing the token before it expires (POST /operators/{operator_id}/token)');
    try {
      const token = await api.generateToken(
        from.operatorId,
        credentialHeaders(from.apiKey, from.token),
        request.tokenTimeoutSeconds,
      );
      return { ...from, token, ...tokenTimes(sentAt, request.tokenTimeoutSeconds) };
    } catch (error) {
      if (isSoracomError(error, BadRequestError) || isSoracomError(error, AuthenticationError)) {
        // 400: the token expired already (openapi/auth.yaml, generateAuthToken); 401: it was revoked. Either way, log in.
        return login(`token renewal answered ${error.status}`);
      }
      if (now() < from.expiresAt) {
        refreshPausedUntil = now() + REFRESH_RETRY_PAUSE_MS;
        log.warn(
          `could not renew the token (${error instanceof Error ? error.message : String(error)}); ` +
            'going on with the current one, which is still valid, and trying again in a minute',
        );
        return from;
      }
      throw error;
    }
  }

  /**
   * The credentials for the next request. A renewal near expiry runs in the background while the
   * current token is still valid: no call waits for it, and a renewal that fails (a 5xx, no answer)
   * costs no call anything; the token is renewed again a minute later, or a login takes over once it
   * has expired (test/auth/refresh-and-logout.test.ts).
   */
  function ensure(): Promise<Issued> {
    const at = now();
    if (current && at < current.expiresAt) {
      if (!pending && at >= current.refreshAt && at >= refreshPausedUntil) {
        const from = current;
        start(() => refresh(from));
      }
      return Promise.resolve(current);
    }
    if (pending) return pending;
    return start(() => login(current ? 'the token has expired' : 'first call'));
  }

  return {
    async headers(signal) {
      const issued = await abortableWait(ensure(), signal);
      return credentialHeaders(issued.apiKey, issued.token);
    },

    async renew(rejected, signal) {
      const stale =
        !current || (current.apiKey === rejected[API_KEY_HEADER] && current.token === rejected[TOKEN_HEADER]);
      // Only the first call rejected with the current token starts a login; the others share it, and
      // a call rejected with a token that was replaced meanwhile simply replays with the new one.
      if (!pending && stale) start(() => login('the API rejected the token'));
      if (pending) await abortableWait(pending, signal);
      return true;
    },

    async logout(signal) {
      // Let a login under way finish, so what it issues is revoked rather than left behind.
      if (pending)
        await abortableWait(
          pending.catch(() => undefined),
          signal,
        );
      const issued = current;
      if (!issued) return;
      await revoke(api, credentialHeaders(issued.apiKey, issued.token), signal);
      if (current === issued) {
        current = undefined;
        retire(issued);
      }
      log.info('logged out: the API key and token are revoked');
    },

    secrets: () => [...loginSecrets(request), ...(current ? [current.apiKey, current.token] : []), ...retired],
    describe: () => `${LOGIN_KIND_TEXT[options.login]} (${current ? 'logged in' : 'logs in on the first call'})`,
    rejectionHint: () =>
      'The client logged in again and replayed the request once, and the API still rejected it: check what the credentials may access',
  };
}

/** The session for the checked credentials (client/options.ts): none, a fixed key and token, or a login. */
export function createAuthSession(credentials: NormalizedCredentials, api: AuthApi, log: SdkLog): AuthSession {
  switch (credentials.kind) {
    case 'none':
      return noAuth;
    case 'static':
      return staticAuth(credentials.apiKey, credentials.token, api);
    case 'login':
      return createLoginSession({ api, request: credentials.request, login: credentials.login, log });
  }
}
