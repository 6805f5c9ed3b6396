/**
 * The `logger` option: anything console-like (console, pino, winston, a test spy). The SDK calls one
 * method per line with a single string, already filtered by level and redacted.
 */
/**
 * Where the SDK's log lines go: anything console-like with `debug`, `info`, `warn` and `error` methods.
 *
 * @example
 * ```ts
 * import { createBatchClient, type Logger } from 'soracom-batch';
 *
 * const lines: string[] = [];
 * const logger: Logger = {
 *   debug: (m) => lines.push(`debug ${m}`),
 *   info: (m) => lines.push(`info ${m}`),
 *   warn: (m) => lines.push(`warn ${m}`),
 *   error: (m) => lines.push(`error ${m}`),
 * };
 * const batch = createBatchClient({ logger, logLevel: 'debug', auth: { apiKey, token } });
 * ```
 * @category Logging
 */
export type Logger = {
  /**
   * Receives `debug` lines: every attempt of every request with its outcome and duration.
   *
   * @example
   * ```ts
   * import type { Logger } from 'soracom-batch';
   *
   * const logger: Logger = { ...console, debug: (message: string) => process.stderr.write(`${message}\n`) };
   * ```
   */
  debug(message: string, ...rest: unknown[]): void;
  /**
   * Receives `info` lines: logins, token renewals and retries.
   *
   * @example
   * ```ts
   * import type { Logger } from 'soracom-batch';
   *
   * const logger: Logger = { ...console, info: (message: string) => console.log(`[soracom] ${message}`) };
   * ```
   */
  info(message: string, ...rest: unknown[]): void;
  /**
   * Receives `warn` lines: problems worth a look that did not stop the client (a failed token renewal, an unknown `SORACOM_LOG`).
   *
   * @example
   * ```ts
   * import type { Logger } from 'soracom-batch';
   *
   * const warnings: string[] = [];
   * const logger: Logger = { ...console, warn: (message: string) => warnings.push(message) };
   * ```
   */
  warn(message: string, ...rest: unknown[]): void;
  /**
   * Receives `error` lines, shown at every level but `off`.
   *
   * @example
   * ```ts
   * import type { Logger } from 'soracom-batch';
   *
   * const logger: Logger = { ...console, error: (message: string) => console.error(new Date().toISOString(), message) };
   * ```
   */
  error(message: string, ...rest: unknown[]): void;
};

export const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;
