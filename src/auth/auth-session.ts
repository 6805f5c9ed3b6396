/**
 * What the transport needs from authentication: headers for a request, a way to renew them when
 * the API rejects them, and the secret values that must never be shown. Implementations: `noAuth`,
 * `staticAuth` (a fixed key and token) and the login session (login-session.ts).
 */
import { isAuthenticationError } from '../errors/guards.js';
import type { AuthApi } from './auth-api.js';

export interface AuthSession {
  /** Headers that authenticate a request (logging in first when needed). */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * The API rejected `rejected` (401 or the invalid-token 400). Resolves true when new credentials are
   * in place and a replay may succeed, false when nothing can be renewed (static key and token).
   */
  renew(rejected: Record<string, string>, signal?: AbortSignal): Promise<boolean>;
  /** Revokes the current API key and token (`POST /auth/logout`) and forgets them. */
  logout(signal?: AbortSignal): Promise<void>;
  /** Every secret value known so far (API key, token, AuthKey secret, password, MFA code), for redaction. */
  secrets(): string[];
  /** A short, secret-free description for errors and `inspect`, e.g. `a fixed API key and token`. */
  describe(): string;
  /** Advice added to an authentication failure's message, when there is any. */
  rejectionHint(): string | undefined;
}

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
    if (!isAuthenticationError(error)) throw error;
  }
}

/** Sends no credentials: the API answers 401, which the client explains. */
export const noAuth: AuthSession = {
  headers: async () => ({}),
  renew: async () => false,
  logout: async () => undefined,
  secrets: () => [],
  describe: () => 'no credentials',
  rejectionHint: () => 'No credentials were configured: pass options.auth',
};

/** A fixed API key and token; when the API rejects them there is nothing to renew. */
export function staticAuth(apiKey: string, token: string, api?: AuthApi): AuthSession {
  let loggedOut = false;
  return {
    headers: async () => (loggedOut ? {} : credentialHeaders(apiKey, token)),
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
