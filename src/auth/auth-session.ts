/**
 * What the transport needs from authentication: headers for a request, a way to renew them when
 * the API rejects them, and the secret values that must never be shown.
 */
export interface AuthSession {
  /** Headers that authenticate a request (logging in first when needed). */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * The API rejected `rejected` (401 or the invalid-token 400). Resolves true when new credentials are
   * in place and a replay may succeed, false when nothing can be renewed (static key and token).
   */
  renew(rejected: Record<string, string>, signal?: AbortSignal): Promise<boolean>;
  /** Every secret value known so far (API key, token, AuthKey secret, password), for redaction. */
  secrets(): string[];
  /** A short, secret-free description for errors and `inspect`, e.g. `api key and token`. */
  describe(): string;
  /** Advice added to an authentication failure's message, when there is any. */
  rejectionHint(): string | undefined;
}

export const API_KEY_HEADER = 'X-Soracom-API-Key';
export const TOKEN_HEADER = 'X-Soracom-Token';

/** Sends no credentials: the API answers 401, which the client explains. */
export const noAuth: AuthSession = {
  headers: async () => ({}),
  renew: async () => false,
  secrets: () => [],
  describe: () => 'no credentials',
  rejectionHint: () => 'No credentials were configured: pass options.auth',
};

/** A fixed API key and token; when the API rejects them there is nothing to renew. */
export function staticAuth(apiKey: string, token: string): AuthSession {
  const headers = { [API_KEY_HEADER]: apiKey, [TOKEN_HEADER]: token };
  return {
    headers: async () => headers,
    renew: async () => false,
    secrets: () => [apiKey, token],
    describe: () => 'a fixed API key and token',
    rejectionHint: () =>
      'The fixed API key and token were rejected and cannot be renewed: get new ones, or pass AuthKey credentials ' +
      '({ authKeyId, authKey }) so the client can log in again by itself',
  };
}
