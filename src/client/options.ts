/**
 * Client options: the public type and the one place where they are checked and normalised.
 * Every problem is a `BatchValidationError` naming the option and the fix, raised by
 * `createBatchClient` before any request is sent.
 */
import { batchServers } from '../../generated/batch-operations.js';
import {
  type Credentials,
  DEFAULT_TOKEN_TIMEOUT_SECONDS,
  type LoginRequest,
  MAX_TOKEN_TIMEOUT_SECONDS,
  type NormalizedCredentials,
} from '../auth/credentials.js';
import { BatchValidationError, describeValue } from '../errors/errors.js';
import {
  DEFAULT_LOG_LEVEL,
  isLogLevel,
  LOG_ENV_VARIABLE,
  LOG_LEVELS,
  LOGGER_METHODS,
  type Logger,
  type LogLevel,
  readLogEnv,
} from '../logging/logging.js';
import { DEFAULT_RETRY_SETTINGS, MAX_TIMER_MS, type RetrySettings } from '../transport/retry.js';
import type { CallOptions, ResolvedCall } from '../transport/transport.js';
import { userAgent } from './user-agent.js';

/**
 * A coverage type: `jp` (Japan, `api.soracom.io`) or `g` (global, `g.api.soracom.io`).
 *
 * @example
 * ```ts
 * import { type Coverage, createBatchClient } from 'soracom-batch';
 *
 * const coverage: Coverage = 'g'; // g.api.soracom.io
 * const batch = createBatchClient({ coverage, auth: { apiKey, token } });
 * ```
 * @category Client
 * @useDeclaredType
 */
export type Coverage = keyof typeof batchServers;

/**
 * The language of the API's messages (`X-Soracom-Lang`).
 *
 * @example
 * ```ts
 * import { createBatchClient, type Lang } from 'soracom-batch';
 *
 * const lang: Lang = 'ja';
 * const batch = createBatchClient({ lang, auth: { apiKey, token } });
 * ```
 * @category Client
 */
export type Lang = 'en' | 'ja';

/**
 * The options of `createBatchClient`: where to send (coverage, sandbox, baseUrl), credentials, and how
 * hard to try (retries, timeouts) and what to log. All are optional.
 *
 * @example
 * ```ts
 * import { type BatchClientOptions, createBatchClient } from 'soracom-batch';
 *
 * const options: BatchClientOptions = {
 *   coverage: 'g',
 *   sandbox: true,
 *   auth: { authKeyId: 'keyId-...', authKey: 'secret-...' },
 *   userAgent: 'my-app/1.2',
 *   timeoutMs: 30_000,
 *   logger: console,
 *   logLevel: 'debug',
 * };
 * const batch = createBatchClient(options);
 * ```
 * @category Client
 */
export type BatchClientOptions = {
  /** Coverage type: `jp` (Japan, the default) or `g` (global); picks the spec's server. */
  coverage?: Coverage | undefined;
  /** Use Soracom's API sandbox for the chosen coverage instead of production. */
  sandbox?: boolean | undefined;
  /**
   * Full API base URL including `/v1` (or a mock's root); overrides `coverage` and `sandbox`. With
   * credentials, a plain `http://` one is refused unless it is this machine (127.0.0.1, ::1,
   * `localhost`) or `allowInsecureHttp` is set.
   */
  baseUrl?: string | undefined;
  /**
   * Send credentials over plain `http://` to a host other than this machine (default false): the AuthKey
   * secret, password or API key and token would cross the network readable by anyone on the way. Only
   * for a network you trust, e.g. a mock on another machine of a private test network.
   */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Credentials: `{ apiKey, token }` (used as given, cannot be renewed), or a login the client performs
   * itself on the first call and again when the token is rejected: `{ authKeyId, authKey }`,
   * `{ email, password }` (root) or `{ operatorId, userName, password }` (SAM user), each with optional
   * `mfaOTPCode` and `tokenTimeoutSeconds`. Without credentials every call is answered 401.
   */
  auth?: Credentials | undefined;
  /** The `fetch` to send requests with (defaults to `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Language of the API's messages, sent as `X-Soracom-Lang`. */
  lang?: Lang | undefined;
  /** Appended to the SDK's `User-Agent` (e.g. `my-app/1.2`). */
  userAgent?: string | undefined;
  /** Retries after the first attempt (default 4, so 5 attempts as soracom-cli makes); 0 sends once. */
  maxRetries?: number | undefined;
  /** Longest wait between two attempts in ms, including a wait the server asks for (default 60000). */
  maxRetryDelayMs?: number | undefined;
  /** Time limit of each attempt in ms (default 60000), or `Infinity` for none. */
  timeoutMs?: number | undefined;
  /** Where log lines go: anything with debug/info/warn/error methods (default `console`). */
  logger?: Logger | undefined;
  /** Which lines are logged: `off`, `error`, `warn` (default), `info` or `debug`; else env `SORACOM_LOG`. */
  logLevel?: LogLevel | undefined;
};

/**
 * The client's settings that other entries read from a client they are given (the job runner of
 * `soracom-batch/jobs` sizes its settle window from `timeoutMs`), under a key shared by every copy of
 * the package. Not part of the client's type.
 */
export const CLIENT_SETTINGS: unique symbol = Symbol.for('soracom-batch.client-settings') as never;
export type ClientSettings = { readonly timeoutMs: number };

export type NormalizedOptions = {
  baseUrl: string;
  credentials: NormalizedCredentials;
  /** The user's fetch; undefined means the runtime's own, looked up on every attempt. */
  fetch: typeof globalThis.fetch | undefined;
  headers: Record<string, string>;
  retry: RetrySettings;
  logger: Logger;
  logLevel: LogLevel;
  /** Problems worth a warning that do not stop the client (an unknown SORACOM_LOG value). */
  warnings: string[];
};

const KNOWN_OPTIONS = new Set([
  'coverage',
  'sandbox',
  'baseUrl',
  'allowInsecureHttp',
  'auth',
  'fetch',
  'headers',
  'lang',
  'userAgent',
  'maxRetries',
  'maxRetryDelayMs',
  'timeoutMs',
  'logger',
  'logLevel',
]);
const CREDENTIAL_HEADERS = new Set(['x-soracom-api-key', 'x-soracom-token']);

function failWith(prefix: string, option: string, rule: string, fix: string): never {
  throw new BatchValidationError(`${prefix}.${option}`, rule, `: ${fix}`);
}

function fail(option: string, rule: string, fix: string): never {
  return failWith('options', option, rule, fix);
}

/**
 * One rule of an option that is a plain value: the option, the test its value must pass, the rule
 * (`must be ...`) and, optionally, the fix said after the value that was given.
 */
type ValueCheck = readonly [option: string, test: (value: unknown) => boolean, rule: string, fix?: string];

/** Applies `check` to `record[option]` when it is given; the error names the option, the rule and the value. */
function checkValue(prefix: string, record: Record<string, unknown>, [option, test, rule, fix = '']: ValueCheck): void {
  const value = record[option];
  if (value !== undefined && !test(value)) failWith(prefix, option, rule, `got ${describeValue(value)}${fix}`);
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && value >= min && value <= max;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && isNumberIn(value, min, max);
}

/**
 * Sandbox origins sit beside production (openapi/batch.yaml `servers`): api-sandbox.soracom.io and
 * g.api-sandbox.soracom.io (https://developers.soracom.io/en/docs/tools/api-sandbox/).
 */
function sandboxUrl(url: string): string {
  return url.replace('api.soracom.io', 'api-sandbox.soracom.io');
}

/** Fields of each kind of credentials (openapi/auth.yaml, `AuthRequest`; a key and token are sent as headers). */
const CREDENTIAL_KINDS = {
  static: ['apiKey', 'token'],
  authKey: ['authKeyId', 'authKey'],
  root: ['email', 'password'],
  samUser: ['operatorId', 'userName', 'password'],
} as const;
type CredentialKind = keyof typeof CREDENTIAL_KINDS;
const KINDS = Object.keys(CREDENTIAL_KINDS) as CredentialKind[];

/** How messages name a kind of credentials, e.g. `{ authKeyId, authKey }`. */
function kindName(kind: CredentialKind): string {
  return `{ ${CREDENTIAL_KINDS[kind].join(', ')} }`;
}
const ONE_OF_KINDS = `pass exactly one of ${KINDS.map(kindName).join(', ')}`;
const LOGIN_OPTIONS = ['mfaOTPCode', 'tokenTimeoutSeconds'] as const;
const AUTH_FIELDS = new Set<string>([...Object.values(CREDENTIAL_KINDS).flat(), ...LOGIN_OPTIONS]);

function credentialString(record: Record<string, unknown>, field: string, fix: string): string {
  const value = record[field];
  // Never echo a credential value, even a malformed one.
  if (typeof value !== 'string' || value.trim() === '') fail(`auth.${field}`, 'must be a non-empty string', fix);
  return value;
}

function normalizeAuth(auth: unknown): NormalizedCredentials {
  if (auth === undefined) return { kind: 'none' };
  if (auth === null || typeof auth !== 'object' || Array.isArray(auth)) fail('auth', 'must be an object', ONE_OF_KINDS);
  const record = auth as Record<string, unknown>;
  const present = Object.keys(record).filter((key) => record[key] !== undefined);
  for (const key of present) {
    if (key === 'username')
      fail(
        'auth.username',
        'is not a credential field',
        'spell it userName (soracom-cli profiles spell it username; fromProfile maps it)',
      );
    if (!AUTH_FIELDS.has(key)) fail(`auth.${key}`, 'is not a credential field', ONE_OF_KINDS);
  }
  // The kind is told by the fields only it has; `password` belongs to root and SAM user alike.
  const kinds = KINDS.filter((kind) =>
    CREDENTIAL_KINDS[kind].some((field) => field !== 'password' && present.includes(field)),
  );
  if (kinds.length > 1) fail('auth', `mixes ${kinds.map(kindName).join(' and ')}`, ONE_OF_KINDS);
  const kind = kinds[0];
  if (kind === undefined) {
    const fix = present.includes('password')
      ? 'a password goes with email (root) or with operatorId and userName (SAM user)'
      : ONE_OF_KINDS;
    fail('auth', 'has no credential fields', fix);
  }
  const values: Record<string, string> = {};
  for (const field of CREDENTIAL_KINDS[kind]) {
    values[field] = credentialString(record, field, `${kindName(kind)} needs ${field}`);
  }
  if (kind === 'static') {
    for (const field of LOGIN_OPTIONS) {
      if (present.includes(field))
        fail(
          `auth.${field}`,
          'applies only to a login',
          'a fixed API key and token are used as given; pass AuthKey credentials to let the client log in',
        );
    }
    return { kind: 'static', apiKey: values.apiKey as string, token: values.token as string };
  }
  const request: LoginRequest = { ...values, tokenTimeoutSeconds: DEFAULT_TOKEN_TIMEOUT_SECONDS };
  if (record.mfaOTPCode !== undefined)
    request.mfaOTPCode = credentialString(record, 'mfaOTPCode', 'pass the current one-time code as a string');
  checkValue('options.auth', record, [
    'tokenTimeoutSeconds',
    (seconds) => isIntegerIn(seconds, 1, MAX_TOKEN_TIMEOUT_SECONDS),
    `must be an integer from 1 to ${MAX_TOKEN_TIMEOUT_SECONDS} (48 hours)`,
    `; the API's default is ${DEFAULT_TOKEN_TIMEOUT_SECONDS} (24 hours)`,
  ]);
  if (record.tokenTimeoutSeconds !== undefined) request.tokenTimeoutSeconds = record.tokenTimeoutSeconds as number;
  return { kind: 'login', login: kind, request };
}

/** `maxRetries`, `maxRetryDelayMs`, `timeoutMs`: the same rules for the client and for one call. */
const RETRY_CHECKS: readonly ValueCheck[] = [
  ['maxRetries', (n) => isIntegerIn(n, 0, 100), 'must be an integer from 0 to 100', '; 0 sends each request once'],
  [
    'maxRetryDelayMs',
    (ms) => isNumberIn(ms, 0, MAX_TIMER_MS),
    `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
  ],
  [
    'timeoutMs',
    (ms) => ms === Number.POSITIVE_INFINITY || (isNumberIn(ms, 0, MAX_TIMER_MS) && ms > 0),
    `must be a number of milliseconds above 0, at most ${MAX_TIMER_MS}`,
    '; pass Infinity for no time limit',
  ],
];

function checkRetrySettings(prefix: string, record: Record<string, unknown>): Partial<RetrySettings> {
  const out: Record<string, unknown> = {};
  for (const check of RETRY_CHECKS) {
    checkValue(prefix, record, check);
    if (record[check[0]] !== undefined) out[check[0]] = record[check[0]];
  }
  return out as Partial<RetrySettings>;
}

function checkHeaders(prefix: string, option: string, headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    failWith(prefix, option, 'must be an object of header names to string values', `got ${describeValue(headers)}`);
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value !== 'string')
      failWith(prefix, `${option}.${name}`, 'must be a string', `got ${describeValue(value)}`);
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
      failWith(
        prefix,
        `${option}.${name}`,
        'must not carry credentials',
        'pass them as options.auth so they are renewed and redacted',
      );
    }
    out[name] = value;
  }
  return out;
}

/** The SDK's default logger: `console`, looked up on every line so a test spy on it is seen. */
const consoleLogger = Object.fromEntries(
  LOGGER_METHODS.map((method) => [method, (message: string) => globalThis.console?.[method]?.(message)]),
) as Logger;

function normalizeLogger(logger: unknown): Logger {
  if (logger === undefined) return consoleLogger;
  if (logger === null || typeof logger !== 'object')
    fail('logger', 'must be an object with debug, info, warn and error methods', 'e.g. console');
  for (const method of LOGGER_METHODS) {
    if (typeof (logger as Record<string, unknown>)[method] !== 'function') {
      fail(
        `logger.${method}`,
        'must be a function',
        'pass a console-like logger with debug, info, warn and error methods',
      );
    }
  }
  return logger as Logger;
}

/** The level given, else env `SORACOM_LOG` (an unknown value there is a warning, not an error), else the default. */
function logLevelOf(level: unknown, warnings: string[]): LogLevel {
  if (isLogLevel(level)) return level;
  const fromEnv = readLogEnv();
  if (fromEnv !== undefined && !isLogLevel(fromEnv)) {
    warnings.push(
      `${LOG_ENV_VARIABLE}=${JSON.stringify(fromEnv.slice(0, 20))} is not one of ${LOG_LEVELS.join(', ')}; using ${DEFAULT_LOG_LEVEL}`,
    );
  }
  return isLogLevel(fromEnv) ? fromEnv : DEFAULT_LOG_LEVEL;
}

/** Options whose value only has to pass a test; the rest (baseUrl's URL, fetch, headers, logger, auth) follow. */
const OPTION_CHECKS: readonly ValueCheck[] = [
  [
    'coverage',
    (coverage) => typeof coverage === 'string' && coverage in batchServers,
    `must be ${Object.keys(batchServers)
      .map((c) => `'${c}'`)
      .join(' or ')}`,
  ],
  ['sandbox', (sandbox) => typeof sandbox === 'boolean', 'must be a boolean'],
  ['allowInsecureHttp', (allow) => typeof allow === 'boolean', 'must be a boolean'],
  ['baseUrl', (url) => typeof url === 'string', 'must be a string'],
  ['lang', (lang) => lang === 'en' || lang === 'ja', "must be 'en' or 'ja'"],
  [
    'userAgent',
    (agent) => typeof agent === 'string' && !/[\r\n]/.test(agent),
    'must be a single-line string',
    '; e.g. "my-app/1.2"',
  ],
  ['logLevel', isLogLevel, `must be one of ${LOG_LEVELS.join(', ')}`],
];

/** This machine: what a plain `http://` URL may reach with credentials (an emulator, a local mock). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * Credentials over plain http to another machine cross the network in clear text (the AuthKey secret in
 * a login's body, the API key and token in every request's headers): refused unless asked for.
 */
function refuseInsecureHttp(baseUrl: string): void {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return;
  fail(
    'baseUrl',
    'must use https to send credentials to another machine',
    `got ${url.origin}, where credentials would cross the network in clear text; use https://, or pass ` +
      'allowInsecureHttp: true on a network you trust (http to 127.0.0.1, ::1 or localhost is always allowed)',
  );
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

/**
 * Checks the options of one call (the last argument of every method) and fills in the client's
 * settings. Unknown keys are left alone: other features add their own call options.
 */
export function normalizeCallOptions(call: CallOptions | undefined, client: RetrySettings): ResolvedCall {
  if (call === undefined) return { ...client, signal: undefined, headers: {} };
  if (call === null || typeof call !== 'object' || Array.isArray(call)) {
    throw new BatchValidationError('callOptions', 'must be an object', ' (the last argument), e.g. { signal }');
  }
  const record = call as Record<string, unknown>;
  if (record.signal !== undefined && !isAbortSignal(record.signal)) {
    failWith(
      'callOptions',
      'signal',
      'must be an AbortSignal',
      `got ${describeValue(record.signal)}; e.g. new AbortController().signal`,
    );
  }
  return {
    ...client,
    ...checkRetrySettings('callOptions', record),
    signal: record.signal as AbortSignal | undefined,
    headers: checkHeaders('callOptions', 'headers', record.headers),
  };
}

export function normalizeOptions(options: BatchClientOptions | undefined): NormalizedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new BatchValidationError('options', 'must be an object', ', e.g. { coverage: "jp" }');
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key) && o[key] !== undefined) {
      fail(key, 'is not a known option', `use one of ${[...KNOWN_OPTIONS].join(', ')}`);
    }
  }
  for (const check of OPTION_CHECKS) checkValue('options', o, check);

  let baseUrl: string;
  if (o.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(o.baseUrl as string);
    } catch {
      fail('baseUrl', 'must be an absolute URL', `e.g. "https://api.soracom.io/v1"; got ${describeValue(o.baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      fail('baseUrl', 'must use http or https', `got ${url.protocol}`);
    if (url.search || url.hash) fail('baseUrl', 'must not have a query or fragment', 'pass the API root only');
    baseUrl = url.href.replace(/\/+$/, '');
  } else {
    const server = batchServers[(o.coverage ?? 'jp') as Coverage];
    baseUrl = o.sandbox === true ? sandboxUrl(server) : server;
  }

  // The runtime's own fetch is not captured here: it is looked up on every attempt (transport/transport.ts),
  // so a polyfill or a test's replacement installed after the client was created is used.
  const fetchImpl = o.fetch;
  if (fetchImpl !== undefined ? typeof fetchImpl !== 'function' : typeof globalThis.fetch !== 'function') {
    fail('fetch', 'must be a function', 'pass a fetch implementation; this runtime has no global fetch');
  }

  const credentials = normalizeAuth(o.auth);
  if (credentials.kind !== 'none' && o.allowInsecureHttp !== true) refuseInsecureHttp(baseUrl);

  const headers: Record<string, string> = {};
  if (o.lang !== undefined) headers['X-Soracom-Lang'] = o.lang as Lang;
  const agent = userAgent(o.userAgent as string | undefined);
  if (agent !== undefined) headers['User-Agent'] = agent;
  // Explicit headers win over the defaults above.
  Object.assign(headers, checkHeaders('options', 'headers', o.headers));
  const warnings: string[] = [];
  return {
    baseUrl,
    credentials,
    fetch: fetchImpl as typeof globalThis.fetch | undefined,
    headers,
    retry: { ...DEFAULT_RETRY_SETTINGS, ...checkRetrySettings('options', o) },
    logger: normalizeLogger(o.logger),
    logLevel: logLevelOf(o.logLevel, warnings),
    warnings,
  };
}
