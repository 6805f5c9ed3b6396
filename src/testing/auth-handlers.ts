/** The three auth operations: log in, log out, renew the token. */
import type { AuthOperationId } from '../../generated/auth-operations.js';
import { type AuthStore, type Session, tokenSeconds } from './auth-store.js';
import { badRequest, codes } from './error-codes.js';
import type { Handler } from './handler-types.js';

export function createAuthHandlers(auth: AuthStore): Record<AuthOperationId, Handler> {
  return {
    auth: ({ body }) => ({ status: 200, body: auth.login(body) }),

    logout: ({ session }) => {
      auth.revoke(session as Session);
      return { status: 204 };
    },

    // The server has already answered 400 when the token had expired (the API's documented answer).
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
