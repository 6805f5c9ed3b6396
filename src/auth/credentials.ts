/**
 * The credentials `options.auth` accepts (`POST /auth` in openapi/auth.yaml). All but the first make the
 * client log in by itself with `POST /v1/auth` on the first call, and again when the API rejects the
 * token; the first is used as given and cannot be renewed.
 */

/**
 * Ready-made API key and token (from `POST /v1/auth` or soracom-cli); they cannot be renewed.
 *
 * @example
 * ```ts
 * import { type ApiKeyCredentials, createBatchClient } from 'soracom-batch';
 *
 * const auth: ApiKeyCredentials = { apiKey, token };
 * const batch = createBatchClient({ auth });
 * ```
 * @category Authentication
 */
export type ApiKeyCredentials = {
  /** The API key (`X-Soracom-API-Key`). */
  apiKey: string;
  /** The API token (`X-Soracom-Token`). */
  token: string;
};

/**
 * Options of a login, accepted beside AuthKey, root and SAM user credentials.
 *
 * @example
 * ```ts
 * import { createBatchClient, type LoginOptions } from 'soracom-batch';
 *
 * const login: LoginOptions = { tokenTimeoutSeconds: 3600 };
 * const batch = createBatchClient({ auth: { authKeyId: 'keyId-...', authKey: 'secret-...', ...login } });
 * ```
 * @category Authentication
 */
export type LoginOptions = {
  /** One-time code when the account uses multi-factor authentication (it is only good for one login). */
  mfaOTPCode?: string | undefined;
  /** Lifetime of the issued token in seconds: an integer, at most 172800 (48 h); the API's default is 86400. */
  tokenTimeoutSeconds?: number | undefined;
};

/**
 * An AuthKey (`keyId-...` and its secret): the recommended kind for programs.
 *
 * @example
 * ```ts
 * import { type AuthKeyCredentials, createBatchClient } from 'soracom-batch';
 *
 * const auth: AuthKeyCredentials = { authKeyId, authKey, tokenTimeoutSeconds: 3600 };
 * const batch = createBatchClient({ auth });
 * ```
 * @category Authentication
 */
export type AuthKeyCredentials = {
  /** The AuthKey ID, `keyId-...`. */
  authKeyId: string;
  /** The AuthKey secret, `secret-...`. */
  authKey: string;
} & LoginOptions;

/**
 * The root account's email address and password.
 *
 * @example
 * ```ts
 * import { createBatchClient, type RootCredentials } from 'soracom-batch';
 *
 * const auth: RootCredentials = { email: 'ops@example.com', password, mfaOTPCode: '123456' };
 * const batch = createBatchClient({ auth });
 * ```
 * @category Authentication
 */
export type RootCredentials = {
  /** The root account's email address. */
  email: string;
  /** The root account's password. */
  password: string;
} & LoginOptions;

/**
 * A SAM user of an operator.
 *
 * @example
 * ```ts
 * import { createBatchClient, type SamUserCredentials } from 'soracom-batch';
 *
 * const auth: SamUserCredentials = { operatorId: 'OP0012345678', userName: 'batch-runner', password };
 * const batch = createBatchClient({ auth });
 * ```
 * @category Authentication
 */
export type SamUserCredentials = {
  /** The operator the SAM user belongs to, `OP...`. */
  operatorId: string;
  /** The SAM user's name. */
  userName: string;
  /** The SAM user's password. */
  password: string;
} & LoginOptions;

/**
 * The credentials `options.auth` accepts: a fixed API key and token, or a login the client performs itself.
 *
 * @example
 * ```ts
 * import { createBatchClient, type Credentials } from 'soracom-batch';
 *
 * // A token from soracom-cli when there is one, else an AuthKey the client logs in with.
 * const auth: Credentials = token ? { apiKey, token } : { authKeyId, authKey };
 * const batch = createBatchClient({ auth });
 * ```
 * @category Authentication
 */
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
