/**
 * The three auth operations the client uses, sent with openapi-fetch typed by the generated auth
 * spec (`generated/auth.ts`, from openapi/auth.yaml). They go through the same transport as Batch
 * calls (retries, timeouts, logging, redaction) but never with the session's own headers and never
 * with renewal: login has no credentials yet, and renewal and logout carry the exact ones they act on.
 * Non-2xx answers become the usual `SoracomApiError`s through the same error middleware. Loaded on the
 * first auth request (auth-api.ts).
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/auth.js';
import { errorMiddleware } from '../client/error-middleware.js';
import { SoracomError } from '../errors/soracom-error.js';
import type { AuthApi, AuthApiOptions } from './auth-api.js';

function malformed(what: string): never {
  throw new SoracomError(`${what} answered 2xx without the fields the auth spec requires; is baseUrl a Soracom API?`);
}

export function createAuthRequests(options: AuthApiOptions): AuthApi {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.headers,
    fetch: (request: Request) => options.transport.send(request, undefined, { anonymous: true, replaySafe: true }),
  });
  client.use(errorMiddleware({ transport: options.transport, redact: options.redact, authHint: options.loginHint }));

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
