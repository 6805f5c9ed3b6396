/** Options every SDK call accepts as its last argument. */
export type CallOptions = {
  /** Cancels the call, including any retry backoff; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
};
