/**
 * The login session, loaded on first use: a client built with `{ apiKey, token }`, or one that is
 * created but never called, does not load the login code, which keeps the core bundle small.
 * Until it is loaded the session knows the secrets it was given, so they are redacted from the start.
 */
import type { AuthSession } from './auth-session.js';
import { loginSecrets } from './credentials.js';
import { LOGIN_KIND_TEXT } from './login-hint.js';
import type { LoginSessionOptions } from './login-session.js';

export function lazyLoginSession(options: LoginSessionOptions): AuthSession {
  let session: AuthSession | undefined;
  let loading: Promise<AuthSession> | undefined;
  const load = (): Promise<AuthSession> =>
    (loading ??= import('./login-session.js').then((m) => {
      session = m.createLoginSession(options);
      return session;
    }));
  return {
    headers: async (signal) => (await load()).headers(signal),
    renew: async (rejected, signal) => (await load()).renew(rejected, signal),
    // Not loaded means never logged in: there is nothing to revoke.
    logout: async (signal) => session?.logout(signal),
    secrets: () => session?.secrets() ?? loginSecrets(options.request),
    describe: () => session?.describe() ?? `${LOGIN_KIND_TEXT[options.login]} (logs in on the first call)`,
    rejectionHint: () => session?.rejectionHint(),
  };
}
