/**
 * Logging: the levels and `SORACOM_LOG`, the `Logger` option's shape, the redactor that hides every
 * known secret, and the SDK's log (a level filter and the redactor in front of the user's logger).
 *
 * The core runs in browsers, Deno, Bun and workers, so the environment is read through
 * `globalThis.process` when there is one, and a runtime that guards it (Deno without --allow-env) is
 * treated as unset.
 */

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
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Log levels, most quiet first. */
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

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

/**
 * Replaces every known secret value in a text with `[REDACTED]`. Secrets can be added as they appear
 * (a login issues a new API key and token; a refresh a new token).
 *
 * A secret can reach a text in another spelling: percent-encoded (a URL or query string an error
 * echoes), form-encoded (`+` for spaces), or inside a JSON string (a body quoted in a message), where a
 * `"` or `\` is escaped and, depending on the encoder, any other character may be written `\uXXXX`
 * (Python and PHP escape every non-ASCII character, Go escapes `<`, `>` and `&`, PHP also `/`). Each
 * spelling is redacted, longest secret first so a shorter one never leaves part of a longer one behind.
 */
export const REDACTED = '[REDACTED]';

/** Short values would redact innocent text; credentials are far longer than 3 characters. */
const MIN_SECRET_LENGTH = 4;

/** The spellings found as they are: raw, percent- and form-encoded. */
function encodedSpellings(secret: string): string[] {
  const variants = new Set<string>([secret]);
  try {
    const percent = encodeURIComponent(secret);
    variants.add(percent);
    variants.add(percent.replace(/%20/g, '+'));
    // Some encoders leave these unescaped; others escape them too.
    variants.add(percent.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    variants.add(percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  } catch {
    // A lone surrogate cannot be percent-encoded; the other spellings are still redacted.
  }
  return [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH);
}

/** What follows the backslash of a JSON short escape (RFC 8259, section 7). */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};

const asRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Every spelling of `secret` inside a JSON string: each UTF-16 unit as it is, as `\uXXXX` (hex digits
 * in either case) or as its short escape (`\"`, `\\`, `\/`, `\n`, ...), whichever an encoder chose.
 */
function jsonSpellings(secret: string): RegExp {
  let source = '';
  for (let i = 0; i < secret.length; i++) {
    const unit = secret.charAt(i);
    const hex = [...secret.charCodeAt(i).toString(16).padStart(4, '0')]
      .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
      .join('');
    const short = SHORT_ESCAPES[unit];
    source += `(?:${asRegExp(unit)}|\\\\u${hex}${short === undefined ? '' : `|\\\\${asRegExp(short)}`})`;
  }
  return new RegExp(source, 'g');
}

export class Redactor {
  readonly #sources: Array<() => readonly string[]> = [];

  /** Registers a source of secrets; it is asked again on every call, so renewed tokens are covered. */
  addSource(source: () => readonly string[]): void {
    this.#sources.push(source);
  }

  redact = (text: string): string => {
    const secrets = new Set<string>();
    for (const source of this.#sources) {
      for (const secret of source()) {
        if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
      }
    }
    let out = text;
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
      out = out.replace(jsonSpellings(secret), REDACTED);
      for (const variant of encodedSpellings(secret))
        if (out.includes(variant)) out = out.split(variant).join(REDACTED);
    }
    return out;
  };
}

/**
 * What the SDK logs through: a level filter and the redactor in front of the user's logger. Every
 * line is prefixed `[soracom-batch]` and passes through the redactor, so a secret that slipped into
 * a message (an echoed token in an error body) is still hidden. A throwing logger never breaks a call.
 */

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
