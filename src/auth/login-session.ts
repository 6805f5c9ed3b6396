/**
 * The session for credentials the client logs in with (AuthKey, root, SAM user):
 * - lazy and single-flight: the first call logs in; concurrent calls wait for that same login
 *   (50 concurrent first calls make one `POST /auth`);
 * - renewal on rejection: a 401 (or the invalid-token 400) makes one fresh login that every call
 *   rejected with the same token shares; a call whose token was already replaced just replays;
 * - refresh near expiry: `POST /operators/{operator_id}/token` gives a new token for the same key;
 *   when that answers 400 (the token already expired: soracom-facts) or 401, a fresh login;
 * - logout: `POST /auth/logout` revokes the key and token; a later call logs in again.
 * A caller's abort stops only its own wait: the shared login goes on for the others.
 */
import { isAuthenticationError, isBadRequestError } from '../errors/guards.js';
import type { SdkLog } from '../logging/sdk-log.js';
import { abortableWait } from '../transport/abortable-sleep.js';
import type { AuthApi } from './auth-api.js';
import { API_KEY_HEADER, type AuthSession, credentialHeaders, revoke, TOKEN_HEADER } from './auth-session.js';
import { type LoginRequest, loginSecrets } from './credentials.js';
import { LOGIN_KIND_TEXT, type LoginKind } from './login-hint.js';
import { REFRESH_RETRY_PAUSE_MS, type TokenTimes, tokenTimes } from './token-lifetime.js';

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
      if (isBadRequestError(error) || isAuthenticationError(error)) {
        // 400: the token expired already (soracom-facts); 401: it was revoked. Either way, log in.
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

  function ensure(): Promise<Issued> {
    if (pending) return pending;
    if (!current) return start(() => login('first call'));
    const at = now();
    if (at >= current.refreshAt && at >= refreshPausedUntil) {
      const from = current;
      return start(() => refresh(from));
    }
    return Promise.resolve(current);
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
