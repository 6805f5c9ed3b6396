/**
 * What the SDK logs through: a level filter and the redactor in front of the user's logger. Every
 * line is prefixed `[soracom-batch]` and passes through the redactor, so a secret that slipped into
 * a message (an echoed token in an error body) is still hidden. A throwing logger never breaks a call.
 */
import { type LogLevel, levelEnabled } from './log-level.js';
import type { Logger } from './logger.js';

export type SdkLog = {
  readonly level: LogLevel;
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

export function createSdkLog(options: { logger: Logger; level: LogLevel; redact: (text: string) => string }): SdkLog {
  const write = (level: Exclude<LogLevel, 'off'>) => (message: string) => {
    if (!levelEnabled(options.level, level)) return;
    try {
      options.logger[level](`[soracom-batch] ${options.redact(message)}`);
    } catch {
      // Logging must never change the outcome of a call.
    }
  };
  return {
    level: options.level,
    enabled: (level) => levelEnabled(options.level, level),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

/** A log that drops everything, for code paths built without a client (tests, helpers). */
export const silentLog: SdkLog = {
  level: 'off',
  enabled: () => false,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
