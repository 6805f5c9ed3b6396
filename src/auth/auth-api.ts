/**
 * The three auth operations the client uses (openapi/auth.yaml): login, token renewal and logout, sent
 * with openapi-fetch typed by the generated auth spec (`generated/auth.ts`). They go through the same
 * transport as Batch calls (retries, timeouts, logging, redaction) but never with the session's own
 * headers and never with renewal: login has no credentials yet, and renewal and logout carry the exact
 * ones they act on. Non-2xx answers become the usual `SoracomApiError`s, thrown by the transport as
 * for the Batch calls.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../generated/auth.js';
import { SoracomError } from '../errors/errors.js';
import { readableResponse, type Transport } from '../transport/transport.js';
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
  /** Advice for a failed login, e.g. which options to check. */
  loginHint: () => string | undefined;
};

function malformed(what: string): never {
  throw new SoracomError(`${what} answered 2xx without the fields the auth spec requires; is baseUrl a Soracom API?`);
}

export function createAuthApi(options: AuthApiOptions): AuthApi {
  const { transport } = options;
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.headers,
    fetch: async (request: Request) =>
      readableResponse(
        await transport.send(request, undefined, { anonymous: true, replaySafe: true, authHint: options.loginHint }),
      ),
  });

  return {
    async login(request) {
      const { data } = await client.POST('/auth', { body: request });
      if (
        !data ||
        typeof data.apiKey !== 'string' ||
        typeof data.token !== 'string' ||
        typeof data.operatorId !== 'string'
      ) {
        malformed('POST /auth');
      }
      return data;
    },
    async generateToken(operatorId, credentials, tokenTimeoutSeconds) {
      const { data } = await client.POST('/operators/{operator_id}/token', {
        params: { path: { operator_id: operatorId } },
        headers: credentials,
        body: { tokenTimeoutSeconds },
      });
      if (!data || typeof data.token !== 'string') malformed('POST /operators/{operator_id}/token');
      return data.token;
    },
    async logout(credentials, signal) {
      await client.POST('/auth/logout', { headers: credentials, ...(signal ? { signal } : {}) });
    },
  };
}
