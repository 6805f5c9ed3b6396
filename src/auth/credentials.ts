/**
 * The credentials `options.auth` accepts (soracom-facts: authentication). All but the first make the
 * client log in by itself with `POST /v1/auth` on the first call, and again when the API rejects the
 * token; the first is used as given and cannot be renewed.
 */

/** Ready-made API key and token (from `POST /v1/auth` or soracom-cli); they cannot be renewed. */
export type ApiKeyCredentials = { apiKey: string; token: string };

/** Options of a login. */
export type LoginOptions = {
  /** One-time code when the account uses multi-factor authentication (it is only good for one login). */
  mfaOTPCode?: string;
  /** Lifetime of the issued token in seconds: an integer, at most 172800 (48 h); the API's default is 86400. */
  tokenTimeoutSeconds?: number;
};

/** An AuthKey (`keyId-...` and its secret): the recommended kind for programs. */
export type AuthKeyCredentials = { authKeyId: string; authKey: string } & LoginOptions;

/** The root account's email address and password. */
export type RootCredentials = { email: string; password: string } & LoginOptions;

/** A SAM user of an operator. */
export type SamUserCredentials = { operatorId: string; userName: string; password: string } & LoginOptions;

export type Credentials = ApiKeyCredentials | AuthKeyCredentials | RootCredentials | SamUserCredentials;

/** The body of `POST /auth`, ready to send (built by options.ts). */
export type LoginRequest = {
  authKeyId?: string;
  authKey?: string;
  email?: string;
  password?: string;
  operatorId?: string;
  userName?: string;
  mfaOTPCode?: string;
  tokenTimeoutSeconds: number;
};

/** Credentials after options.ts has checked them. */
export type NormalizedCredentials =
  | { kind: 'none' }
  | { kind: 'static'; apiKey: string; token: string }
  | { kind: 'login'; login: 'authKey' | 'root' | 'samUser'; request: LoginRequest };

/** The API's default token lifetime (24 h) and its maximum (48 h). */
export const DEFAULT_TOKEN_TIMEOUT_SECONDS = 86_400;
export const MAX_TOKEN_TIMEOUT_SECONDS = 172_800;

/** The secret values of a login request: what must never be shown. */
export function loginSecrets(request: LoginRequest): string[] {
  return [request.authKey, request.password, request.mfaOTPCode].filter((v): v is string => typeof v === 'string');
}
