/**
 * Client options: the public type and the one place where they are checked and normalised.
 * Every problem is a `BatchValidationError` naming the option and the fix, raised by
 * `createBatchClient` before any request is sent.
 */
import { batchServers } from '../../generated/batch-operations.js';
import { type AuthSession, noAuth, staticAuth } from '../auth/auth-session.js';
import type { Credentials } from '../auth/credentials.js';
import { BatchValidationError } from '../errors/validation-error.js';
import { SDK_VERSION } from '../version.js';

export type Coverage = keyof typeof batchServers;
export type Lang = 'en' | 'ja';

export type BatchClientOptions = {
  /** Coverage type: `jp` (Japan, the default) or `g` (global); picks the spec's server. */
  coverage?: Coverage;
  /** Use Soracom's API sandbox for the chosen coverage instead of production. */
  sandbox?: boolean;
  /** Full API base URL including `/v1` (or a mock's root); overrides `coverage` and `sandbox`. */
  baseUrl?: string;
  /** Credentials. Without them every call is answered 401. */
  auth?: Credentials;
  /** The `fetch` to send requests with (defaults to `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Language of the API's messages, sent as `X-Soracom-Lang`. */
  lang?: Lang;
  /** Appended to the SDK's `User-Agent` (e.g. `my-app/1.2`). */
  userAgent?: string;
};

export type NormalizedOptions = {
  baseUrl: string;
  auth: AuthSession;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
};

const KNOWN_OPTIONS = new Set(['coverage', 'sandbox', 'baseUrl', 'auth', 'fetch', 'headers', 'lang', 'userAgent']);
const CREDENTIAL_HEADERS = new Set(['x-soracom-api-key', 'x-soracom-token']);

function fail(option: string, rule: string, fix: string): never {
  throw new BatchValidationError(`options.${option}`, rule, `options.${option} ${rule}: ${fix}`);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  return typeof value;
}

/** Sandbox origins sit beside production (soracom-facts: servers): api-sandbox.soracom.io, g.api-sandbox.soracom.io. */
function sandboxUrl(url: string): string {
  return url.replace('api.soracom.io', 'api-sandbox.soracom.io');
}

/** `User-Agent` is a forbidden header in browsers; elsewhere (Node, Deno, Bun, workers) it can be set. */
function canSetUserAgent(): boolean {
  return typeof (globalThis as { document?: unknown }).document === 'undefined';
}

function normalizeAuth(auth: unknown): AuthSession {
  if (auth === undefined) return noAuth;
  if (auth === null || typeof auth !== 'object') fail('auth', 'must be an object', 'pass { apiKey, token }');
  const record = auth as Record<string, unknown>;
  if ('apiKey' in record || 'token' in record) {
    for (const field of ['apiKey', 'token'] as const) {
      const value = record[field];
      if (typeof value !== 'string' || value.trim() === '') {
        // Never echo a credential value, even a malformed one.
        fail(`auth.${field}`, 'must be a non-empty string', `pass the ${field} returned by POST /v1/auth`);
      }
    }
    return staticAuth(record.apiKey as string, record.token as string);
  }
  return fail('auth', 'has no credential fields', 'pass { apiKey, token }');
}

export function normalizeOptions(options: BatchClientOptions | undefined): NormalizedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new BatchValidationError('options', 'must be an object', 'options must be an object, e.g. { coverage: "jp" }');
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key) && o[key] !== undefined) {
      fail(key, 'is not a known option', `use one of ${[...KNOWN_OPTIONS].join(', ')}`);
    }
  }

  const coverage = o.coverage ?? 'jp';
  if (typeof coverage !== 'string' || !(coverage in batchServers)) {
    fail('coverage', `must be ${Object.keys(batchServers).map((c) => `'${c}'`).join(' or ')}`, `got ${describeValue(coverage)}`);
  }
  if (o.sandbox !== undefined && typeof o.sandbox !== 'boolean') fail('sandbox', 'must be a boolean', `got ${describeValue(o.sandbox)}`);

  let baseUrl: string;
  if (o.baseUrl !== undefined) {
    if (typeof o.baseUrl !== 'string') fail('baseUrl', 'must be a string', `got ${describeValue(o.baseUrl)}`);
    let url: URL;
    try {
      url = new URL(o.baseUrl);
    } catch {
      fail('baseUrl', 'must be an absolute URL', `e.g. "https://api.soracom.io/v1"; got ${describeValue(o.baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('baseUrl', 'must use http or https', `got ${url.protocol}`);
    if (url.search || url.hash) fail('baseUrl', 'must not have a query or fragment', 'pass the API root only');
    baseUrl = url.href.replace(/\/+$/, '');
  } else {
    const server = batchServers[coverage as Coverage];
    baseUrl = o.sandbox === true ? sandboxUrl(server) : server;
  }

  const fetchImpl = o.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    fail('fetch', 'must be a function', 'pass a fetch implementation; this runtime has no global fetch');
  }

  const userHeaders: Record<string, string> = {};
  if (o.headers !== undefined) {
    if (o.headers === null || typeof o.headers !== 'object' || Array.isArray(o.headers)) {
      fail('headers', 'must be an object of header names to string values', `got ${describeValue(o.headers)}`);
    }
    for (const [name, value] of Object.entries(o.headers as Record<string, unknown>)) {
      if (typeof value !== 'string') fail(`headers.${name}`, 'must be a string', `got ${describeValue(value)}`);
      if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
        fail(`headers.${name}`, 'must not carry credentials', 'pass them as options.auth so they are renewed and redacted');
      }
      userHeaders[name] = value;
    }
  }

  const headers: Record<string, string> = {};
  if (o.lang !== undefined && o.lang !== 'en' && o.lang !== 'ja') fail('lang', "must be 'en' or 'ja'", `got ${describeValue(o.lang)}`);
  if (o.lang !== undefined) headers['X-Soracom-Lang'] = o.lang as Lang;

  if (o.userAgent !== undefined && (typeof o.userAgent !== 'string' || /[\r\n]/.test(o.userAgent))) {
    fail('userAgent', 'must be a single-line string', 'e.g. "my-app/1.2"');
  }
  if (canSetUserAgent()) {
    headers['User-Agent'] = [`soracom-batch/${SDK_VERSION}`, o.userAgent].filter(Boolean).join(' ');
  }

  // Explicit headers win over the defaults above.
  Object.assign(headers, userHeaders);
  return { baseUrl, auth: normalizeAuth(o.auth), fetch: fetchImpl as typeof globalThis.fetch, headers };
}
