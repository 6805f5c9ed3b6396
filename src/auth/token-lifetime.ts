/**
 * When an issued token should be renewed. The API keeps a token for `tokenTimeoutSeconds` (default
 * 24 h, at most 48 h: soracom-facts); renewing shortly before the end lets a long job go on without a
 * failed call, while the API key stays the same.
 */

/** Renew when a tenth of the lifetime is left, but no earlier than 10 minutes before expiry. */
export const REFRESH_LEAD_MAX_MS = 10 * 60_000;

/** After a renewal failed for a reason other than an expired token, wait this long before trying again. */
export const REFRESH_RETRY_PAUSE_MS = 60_000;

export type TokenTimes = {
  /** When the request that issued the token was sent (the lifetime is counted from there, to be safe). */
  issuedAt: number;
  /** From when on the next call renews the token first. */
  refreshAt: number;
  /** When the API stops accepting the token. */
  expiresAt: number;
};

export function tokenTimes(issuedAt: number, tokenTimeoutSeconds: number): TokenTimes {
  const lifetimeMs = tokenTimeoutSeconds * 1000;
  return {
    issuedAt,
    refreshAt: issuedAt + lifetimeMs - Math.min(lifetimeMs / 10, REFRESH_LEAD_MAX_MS),
    expiresAt: issuedAt + lifetimeMs,
  };
}
