/**
 * Reads and checks one soracom-cli profile file. Like soracom-cli, it refuses a file that group or
 * others may read (the file holds an AuthKey secret or a password). Errors name the file and the
 * field and say the fix; they never quote a value from the file, not even through a JSON parser
 * message (V8 quotes the text around a syntax error).
 */
import { readFileSync, statSync } from 'node:fs';
import { ProfileError } from '../errors/profile-error.js';
import { jsonErrorLocation } from './json-error-location.js';

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
  /** CLI-only ways of getting credentials, reported when nothing else is there. */
  profileCommand: string | undefined;
  sourceProfile: string | undefined;
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
  const text = readFileSync(file, 'utf8');
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
  };
}
