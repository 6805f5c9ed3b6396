/**
 * The auth API the session uses (login, token renewal, logout). Its requests load on the first one
 * (auth-requests.ts): a client with a fixed key and token that never logs out, or one that is created
 * but not called, does not load them (core bundle size).
 */
import type { components } from '../../generated/auth.js';
import type { Transport } from '../transport/transport.js';
import type { LoginRequest } from './credentials.js';

export type AuthResponse = components['schemas']['AuthResponse'];

export type AuthApi = {
  /** `POST /auth`: a new API key and token. */
  login(request: LoginRequest): Promise<AuthResponse>;
  /** `POST /operators/{operator_id}/token`: a new token for the same API key. */
  generateToken(operatorId: string, credentials: Record<string, string>, tokenTimeoutSeconds: number): Promise<string>;
  /** `POST /auth/logout`: revokes the API key and token sent. */
  logout(credentials: Record<string, string>, signal?: AbortSignal): Promise<void>;
};

export type AuthApiOptions = {
  baseUrl: string;
  /** The client's extra headers (User-Agent, X-Soracom-Lang, profile headers). */
  headers: Record<string, string>;
  transport: Transport;
  redact: (text: string) => string;
  /** Advice for a failed login, e.g. which options to check. */
  loginHint: () => string | undefined;
};

export function createAuthApi(options: AuthApiOptions): AuthApi {
  let loading: Promise<AuthApi> | undefined;
  const load = () => (loading ??= import('./auth-requests.js').then((m) => m.createAuthRequests(options)));
  return {
    login: async (request) => (await load()).login(request),
    generateToken: async (operatorId, credentials, seconds) =>
      (await load()).generateToken(operatorId, credentials, seconds),
    logout: async (credentials, signal) => (await load()).logout(credentials, signal),
  };
}
