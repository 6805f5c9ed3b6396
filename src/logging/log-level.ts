/**
 * Log levels, most quiet first, and the `SORACOM_LOG` environment variable. The core runs in
 * browsers, Deno, Bun and workers, so the environment is read through `globalThis.process` when
 * there is one, and a runtime that guards it (Deno without --allow-env) is treated as unset.
 */
export const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug'] as const;
/**
 * Which lines the SDK logs: `off`, `error`, `warn` (the default), `info` or `debug`, each including the
 * ones before it. Without the option, the `SORACOM_LOG` environment variable sets it.
 *
 * @example
 * ```ts
 * import { createBatchClient, type LogLevel } from 'soracom-batch';
 *
 * const logLevel: LogLevel = 'info'; // also logins, token renewals and retries
 * const batch = createBatchClient({ logLevel, auth: { apiKey, token } });
 * ```
 * @category Logging
 * @useDeclaredType
 */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `warn`: retries and renewals stay quiet, problems a user should act on are shown. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

export const LOG_ENV_VARIABLE = 'SORACOM_LOG';

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Whether a line at `line` is shown when the configured level is `configured`. */
export function levelEnabled(configured: LogLevel, line: Exclude<LogLevel, 'off'>): boolean {
  return configured !== 'off' && LOG_LEVELS.indexOf(line) <= LOG_LEVELS.indexOf(configured);
}

/** The raw `SORACOM_LOG` value, or undefined where there is no readable environment. */
export function readLogEnv(): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[LOG_ENV_VARIABLE];
    return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
