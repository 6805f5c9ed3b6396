/** Picks the session for the checked credentials (options.ts): none, a fixed key and token, or a login. */
import type { SdkLog } from '../logging/sdk-log.js';
import type { AuthApi } from './auth-api.js';
import { type AuthSession, noAuth, staticAuth } from './auth-session.js';
import type { NormalizedCredentials } from './credentials.js';
import { lazyLoginSession } from './lazy-login-session.js';

export function createAuthSession(credentials: NormalizedCredentials, api: AuthApi, log: SdkLog): AuthSession {
  switch (credentials.kind) {
    case 'none':
      return noAuth;
    case 'static':
      return staticAuth(credentials.apiKey, credentials.token, api);
    case 'login':
      return lazyLoginSession({ api, request: credentials.request, login: credentials.login, log });
  }
}
