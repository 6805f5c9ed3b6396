/**
 * soracom-cli profile files: where they are, reading one (refusing a file others can read, locating
 * malformed JSON by line and column, checking each field's type), and the `ProfileError` every problem
 * becomes. The conventions are soracom-cli's (https://github.com/soracom/soracom-cli): profiles live in
 * `$SORACOM_PROFILE_DIR/<name>.json`, else `~/.soracom/<name>.json`, written with mode 0600.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
// The core by its package name: at run time this entry shares the core entry's classes (one
// SoracomError, so `instanceof` holds across entries) instead of bundling a copy of its own.
import { SoracomError } from 'soracom-batch';
import { jsonErrorLocation } from './json-error-location.js';

/**
 * A soracom-cli profile (or the environment) could not be used: missing, readable by others,
 * malformed JSON, or a field of the wrong type. `file` and `field` say where; the message says the
 * fix. Values are never echoed: profile files hold secrets.
 *
 * @example
 * ```ts
 * import { createBatchClient, isSoracomError } from 'soracom-batch';
 * import { fromProfile, ProfileError } from 'soracom-batch/node';
 *
 * try {
 *   const batch = createBatchClient(fromProfile('prod'));
 * } catch (error) {
 *   if (!isSoracomError(error, ProfileError)) throw error;
 *   console.error(`${error.file}${error.field ? ` (${error.field})` : ''}: ${error.message}`);
 * }
 * ```
 * @category Errors
 */
export class ProfileError extends SoracomError {
  static override readonly kind: string = 'ProfileError';
  /** The profile file (or `environment` for a variable). */
  readonly file: string;
  /** The field or variable at fault, when one is. */
  readonly field: string | undefined;

  constructor(message: string, details: { file: string; field?: string }) {
    super(message);
    this.file = details.file;
    this.field = details.field;
  }
}

/**
 * Where the Node helpers read the environment and the home directory from. Tests pass their own so
 * they never touch the real environment or `~/.soracom`.
 */

/**
 * Where the Node helpers read the environment and the home directory from (defaults: `process.env`
 * and `os.homedir()`); tests pass their own.
 *
 * @example
 * ```ts
 * import { fromEnv, type NodeSource } from 'soracom-batch/node';
 *
 * const source: NodeSource = { env: { SORACOM_AUTH_KEY_ID: 'keyId-test', SORACOM_AUTH_KEY: 'secret-test' }, homeDir: '/tmp/empty-home' };
 * const options = fromEnv(source);
 * ```
 * @category Profiles and environment
 */
export type NodeSource = {
  /** Environment variables (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Home directory holding `.soracom/` (default `os.homedir()`). */
  homeDir?: string;
};

export type ResolvedSource = { env: Record<string, string | undefined>; homeDir: string };

export function resolveSource(source: NodeSource | undefined): ResolvedSource {
  return { env: source?.env ?? process.env, homeDir: source?.homeDir ?? homedir() };
}

/** An environment variable, with an empty value counted as unset (as soracom-cli does). */
export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Where a soracom-cli profile lives: `$SORACOM_PROFILE_DIR/<name>.json`, else `~/.soracom/<name>.json`
 * (https://github.com/soracom/soracom-cli). A name is a file's base name, never a path.
 */

export const DEFAULT_PROFILE_NAME = 'default';

export function profileDir(source: ResolvedSource): string {
  return envValue(source.env, 'SORACOM_PROFILE_DIR') ?? join(source.homeDir, '.soracom');
}

export function profilePath(name: string, source: ResolvedSource): string {
  if (typeof name !== 'string' || name === '' || /[\\/]/.test(name) || name.startsWith('.')) {
    throw new ProfileError(
      `Profile name ${JSON.stringify(String(name))} is not a file name: pass a name such as "default" (the file is <dir>/<name>.json)`,
      { file: profileDir(source), field: 'name' },
    );
  }
  return join(profileDir(source), `${name}.json`);
}

/**
 * Reads and checks one soracom-cli profile file. Like soracom-cli, it refuses a file that group or
 * others may read (the file holds an AuthKey secret or a password). Errors name the file and the
 * field and say the fix; they never quote a value from the file, not even through a JSON parser
 * message (V8 quotes the text around a syntax error).
 */

export type SoracomProfile = {
  file: string;
  /** `jp` or `g`; an empty value means `jp`, as in soracom-cli. */
  coverageType: 'jp' | 'g' | undefined;
  endpoint: string | undefined;
  sandbox: boolean;
  authKeyId: string | undefined;
  authKey: string | undefined;
  email: string | undefined;
  password: string | undefined;
  operatorId: string | undefined;
  /** Lower-case n in the file; sent to /auth as `userName`. */
  username: string | undefined;
  mfaOTPCode: string | undefined;
  headers: Record<string, string> | undefined;
  /** A command whose output (a profile as JSON) holds the credentials (profile-command.ts). */
  profileCommand: string | undefined;
  /** A switch-user profile: log in with this other profile, then switch to `operatorId`/`username`. */
  sourceProfile: string | undefined;
  /** The lifetime of the key and token a switch-user profile asks for. */
  tokenTimeoutSeconds: number | undefined;
};

const STRING_FIELDS = [
  'coverageType',
  'endpoint',
  'authKeyId',
  'authKey',
  'email',
  'password',
  'operatorId',
  'username',
  'mfaOTPCode',
  'profileCommand',
  'sourceProfile',
] as const;

const CREDENTIAL_HEADERS = new Set(['x-soracom-api-key', 'x-soracom-token']);

function fieldError(file: string, field: string, rule: string): ProfileError {
  return new ProfileError(`Profile ${file}: "${field}" ${rule}`, { file, field });
}

function checkMode(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') {
      throw new ProfileError(
        `Profile ${file} does not exist: create it with "soracom configure" (add "--profile <name>" for another name), or set SORACOM_PROFILE_DIR to the folder that holds it`,
        { file },
      );
    }
    throw new ProfileError(
      `Profile ${file} cannot be read (${String(code ?? 'error')}): check the path and its permissions`,
      { file },
    );
  }
  // Windows has no POSIX modes; soracom-cli only warns there.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ProfileError(
      `Profile ${file} can be read by group or others (mode ${(mode & 0o777).toString(8).padStart(3, '0')}), and it holds secrets: run "chmod 600 ${file}"`,
      { file, field: 'mode' },
    );
  }
}

/** An object of names to values, or soracom-cli style "Name: value" strings. */
function headerEntries(file: string, value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    return value.map((line, i) => {
      if (typeof line !== 'string' || !line.includes(':'))
        throw fieldError(file, `headers[${i}]`, 'must be a "Name: value" string');
      const at = line.indexOf(':');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
  }
  if (value !== null && typeof value === 'object') return Object.entries(value);
  throw fieldError(file, 'headers', 'must be an object of header names to values, or a list of "Name: value" strings');
}

function parseHeaders(file: string, value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of headerEntries(file, value)) {
    if (typeof headerValue !== 'string') throw fieldError(file, `headers.${name}`, 'must be a string');
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw fieldError(file, `headers.${name}`, 'is not a valid header name');
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
      throw fieldError(
        file,
        `headers.${name}`,
        'must not carry credentials: put authKeyId and authKey in the profile instead',
      );
    }
    headers[name] = headerValue;
  }
  return headers;
}

export function readProfile(file: string): SoracomProfile {
  checkMode(file);
  return parseProfile(readFileSync(file, 'utf8'), file);
}

/**
 * A profile's JSON text, checked field by field. `file` names where it came from in messages (a file, or
 * a profile's `profileCommand`).
 */
export function parseProfile(text: string, file: string): SoracomProfile {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    // Not the parser's message: V8 quotes the text around the error, and this text holds secrets.
    throw new ProfileError(
      `Profile ${file} is not valid JSON${jsonErrorLocation(text)}: fix the file or run "soracom configure" again`,
      {
        file,
      },
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ProfileError(
      `Profile ${file} must hold a JSON object such as {"coverageType": "jp", "authKeyId": "...", "authKey": "..."}`,
      { file },
    );
  }
  const record = data as Record<string, unknown>;
  const strings: Partial<Record<(typeof STRING_FIELDS)[number], string>> = {};
  for (const field of STRING_FIELDS) {
    const value = record[field];
    // soracom-cli writes absent fields as null or leaves them out; an empty string means unset too.
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string')
      throw fieldError(file, field, `must be a string (it is ${Array.isArray(value) ? 'an array' : typeof value})`);
    strings[field] = value;
  }
  const coverageType = strings.coverageType;
  if (coverageType !== undefined && coverageType !== 'jp' && coverageType !== 'g') {
    throw fieldError(file, 'coverageType', `must be "jp" or "g" (it is ${JSON.stringify(coverageType.slice(0, 20))})`);
  }
  const sandbox = record.sandbox;
  if (sandbox !== undefined && sandbox !== null && typeof sandbox !== 'boolean')
    throw fieldError(file, 'sandbox', 'must be true or false');
  const tokenTimeoutSeconds = record.tokenTimeoutSeconds;
  if (
    tokenTimeoutSeconds !== undefined &&
    tokenTimeoutSeconds !== null &&
    (typeof tokenTimeoutSeconds !== 'number' || !Number.isInteger(tokenTimeoutSeconds) || tokenTimeoutSeconds < 1)
  )
    throw fieldError(file, 'tokenTimeoutSeconds', 'must be a positive integer (seconds)');
  return {
    file,
    coverageType,
    endpoint: strings.endpoint,
    sandbox: sandbox === true,
    authKeyId: strings.authKeyId,
    authKey: strings.authKey,
    email: strings.email,
    password: strings.password,
    operatorId: strings.operatorId,
    username: strings.username,
    mfaOTPCode: strings.mfaOTPCode,
    headers: record.headers === undefined || record.headers === null ? undefined : parseHeaders(file, record.headers),
    profileCommand: strings.profileCommand,
    sourceProfile: strings.sourceProfile,
    tokenTimeoutSeconds: typeof tokenTimeoutSeconds === 'number' ? tokenTimeoutSeconds : undefined,
  };
}
