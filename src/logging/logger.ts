/**
 * The `logger` option: anything console-like (console, pino, winston, a test spy). The SDK calls one
 * method per line with a single string, already filtered by level and redacted.
 */
export type Logger = {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
};

export const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;
