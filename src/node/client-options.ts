/**
 * Client options from a soracom-cli profile (`fromProfile`) or from the environment (`fromEnv`):
 * credentials, which API to call, extra headers. They only produce options for the core's
 * `createBatchClient`; the order in which the sources are consulted is soracom-cli's
 * (https://github.com/soracom/soracom-cli).
 */
import { existsSync } from 'node:fs';
import type { BatchClientOptions, Credentials } from 'soracom-batch';
import { runProfileCommand } from './profile-command.js';
import {
  DEFAULT_PROFILE_NAME,
  envValue,
  type NodeSource,
  ProfileError,
  profilePath,
  readProfile,
  resolveSource,
  type SoracomProfile,
} from './profile-file.js';

type Coverage = NonNullable<BatchClientOptions['coverage']>;

/**
 * An endpoint origin as soracom-cli takes it (`https://api.soracom.io`) turned into the API root the
 * client needs (`https://api.soracom.io/v1`). Shared by the profile/environment helpers and the CLI's
 * `--endpoint`, which wrap the problem into their own error, naming where the value came from.
 */
export type ApiRootProblem =
  | { problem: 'not-absolute' }
  | { problem: 'scheme'; protocol: string }
  | { problem: 'not-an-origin' };

export function apiRootOf(value: string): { root: string } | ApiRootProblem {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: 'not-absolute' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'scheme', protocol: url.protocol };
  if (url.search || url.hash || url.username || url.password) return { problem: 'not-an-origin' };
  const root = url.href.replace(/\/+$/, '');
  // soracom-cli appends /v1; a value that already ends with it (the emulator prints its base URL that
  // way) is taken as it is rather than sent to /v1/v1.
  return { root: root.endsWith('/v1') ? root : `${root}/v1` };
}

/** The sentence that explains a problem, without echoing the value (it may hold anything, even a secret). */
export function describeApiRootProblem(name: string, result: ApiRootProblem): string {
  if (result.problem === 'not-absolute') return `${name} must be an absolute URL such as https://api.soracom.io`;
  if (result.problem === 'scheme') return `${name} must use http or https (it uses ${result.protocol})`;
  return `${name} must be an origin such as https://api.soracom.io, without query, fragment or user info`;
}

/**
 * Which API a client built from a profile or the environment talks to. soracom-cli's precedence
 * (its endpoint handling in https://github.com/soracom/soracom-cli), kept exactly:
 *   1. `SORACOM_ENDPOINT` (an origin; `/v1` is appended);
 *   2. a coverage type given explicitly (`fromProfile`'s `coverage`, or `SORACOM_COVERAGE_TYPE` for
 *      `fromEnv`), in the profile's sandbox when the profile is a sandbox one;
 *   3. the profile's `endpoint` (an origin, `/v1` appended);
 *   4. the profile's `coverageType` (empty means `jp`), in the sandbox when `sandbox` is true.
 * With none of them the client's own default applies (Japan coverage, production).
 */

export type ApiTarget = Pick<BatchClientOptions, 'baseUrl' | 'coverage' | 'sandbox'>;

/** `https://api.soracom.io` → `https://api.soracom.io/v1` (an origin, as soracom-cli takes it). */
export function apiRootFromOrigin(value: string, where: { file: string; field: string }): string {
  const result = apiRootOf(value);
  if ('root' in result) return result.root;
  throw new ProfileError(`${where.file}: ${describeApiRootProblem(where.field, result)}`, where);
}

export function resolveApiTarget(input: {
  envEndpoint: string | undefined;
  explicitCoverage: Coverage | undefined;
  profile: SoracomProfile | undefined;
}): ApiTarget {
  const { profile } = input;
  if (input.envEndpoint)
    return { baseUrl: apiRootFromOrigin(input.envEndpoint, { file: 'environment', field: 'SORACOM_ENDPOINT' }) };
  if (input.explicitCoverage)
    return { coverage: input.explicitCoverage, ...(profile?.sandbox ? { sandbox: true } : {}) };
  if (!profile) return {};
  if (profile.endpoint)
    return { baseUrl: apiRootFromOrigin(profile.endpoint, { file: profile.file, field: 'endpoint' }) };
  return { coverage: profile.coverageType ?? 'jp', ...(profile.sandbox ? { sandbox: true } : {}) };
}

/**
 * The credentials of a profile, as `options.auth`. A profile may hold more than one kind: a sandbox
 * profile made by `soracom configure-sandbox` keeps the production AuthKey (used once, to create the
 * sandbox account) beside the sandbox account's email and password, and the sandbox is logged in to
 * with the latter. Otherwise an AuthKey wins, then a SAM user, then the root account.
 */

function pair(profile: SoracomProfile, a: keyof SoracomProfile, b: keyof SoracomProfile): boolean {
  if (profile[a] !== undefined && profile[b] === undefined) {
    throw new ProfileError(`Profile ${profile.file}: "${a}" is set but "${b}" is missing: add it, or remove "${a}"`, {
      file: profile.file,
      field: b,
    });
  }
  return profile[a] !== undefined;
}

export function profileCredentials(profile: SoracomProfile): Credentials {
  // A switch-user profile has an operatorId and a username but no password: say what it is first.
  if (profile.sourceProfile) throw switchUserNeedsLogin(profile);
  const mfa = profile.mfaOTPCode ? { mfaOTPCode: profile.mfaOTPCode } : {};
  const root = () => {
    if (!pair(profile, 'email', 'password')) return undefined;
    return { email: profile.email as string, password: profile.password as string, ...mfa };
  };
  if (profile.sandbox) {
    const sandboxAccount = root();
    if (sandboxAccount) return sandboxAccount;
  }
  if (pair(profile, 'authKeyId', 'authKey'))
    return { authKeyId: profile.authKeyId as string, authKey: profile.authKey as string };
  if (profile.operatorId !== undefined || profile.username !== undefined) {
    pair(profile, 'operatorId', 'username');
    pair(profile, 'username', 'operatorId');
    pair(profile, 'username', 'password');
    return {
      operatorId: profile.operatorId as string,
      userName: profile.username as string,
      password: profile.password as string,
      ...mfa,
    };
  }
  const account = root();
  if (account) return account;
  throw new ProfileError(
    `Profile ${profile.file} has no credentials: add "authKeyId" and "authKey" (or "email" and "password", or "operatorId", "username" and "password")`,
    { file: profile.file, field: 'authKeyId' },
  );
}

/**
 * A switch-user profile (`sourceProfile`) gets its key and token from two requests (log in as the
 * source, then `POST /auth/switch_user`), which the synchronous `fromProfile` cannot make. The CLI
 * makes them before it creates its client (src/cli/switch-user.ts).
 */
function switchUserNeedsLogin(profile: SoracomProfile): ProfileError {
  return new ProfileError(
    `Profile ${profile.file} switches to another user (sourceProfile "${profile.sourceProfile}"), which needs a login before a client exists: ` +
      'the soracom-batch command line does it; in code, log in as the source user, call POST /auth/switch_user and pass the { apiKey, token } it answers as options.auth',
    { file: profile.file, field: 'sourceProfile' },
  );
}

/**
 * A profile's credentials: its own, or those of the profile its `profileCommand` prints (run without a
 * shell, its output never shown: profile-command.ts), as soracom-cli takes them.
 */
export function resolveProfileCredentials(profile: SoracomProfile): Credentials {
  return profileCredentials(profile.profileCommand ? runProfileCommand(profile) : profile);
}

/**
 * `fromProfile(name?)`: client options from a soracom-cli profile, to spread into
 * `createBatchClient({ ...fromProfile('prod'), logLevel: 'info' })`.
 */

/**
 * The options a profile or the environment provides: credentials, where to send, and headers.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { fromProfile, type ProfileClientOptions } from 'soracom-batch/node';
 *
 * const options: ProfileClientOptions = fromProfile('prod');
 * const batch = createBatchClient({ ...options, maxRetries: 2 });
 * ```
 * @category Profiles and environment
 */
export type ProfileClientOptions = Pick<BatchClientOptions, 'auth' | 'baseUrl' | 'coverage' | 'sandbox' | 'headers'>;

/**
 * The options of `fromProfile`: where to read from (environment, home directory) and a coverage type
 * that wins over the profile's.
 *
 * @example
 * ```ts
 * import { fromProfile, type FromProfileOptions } from 'soracom-batch/node';
 *
 * const options: FromProfileOptions = { coverage: 'g', homeDir: '/srv/batch' };
 * const clientOptions = fromProfile('default', options);
 * ```
 * @category Profiles and environment
 */
export type FromProfileOptions = NodeSource & {
  /** A coverage type chosen by the caller; it wins over the profile's (soracom-cli's `--coverage-type`). */
  coverage?: Coverage;
};

export function optionsFromProfile(
  profile: SoracomProfile | undefined,
  auth: ProfileClientOptions['auth'],
  target: { envEndpoint: string | undefined; explicitCoverage: Coverage | undefined },
): ProfileClientOptions {
  return {
    ...resolveApiTarget({ ...target, profile }),
    ...(auth ? { auth } : {}),
    ...(profile?.headers && Object.keys(profile.headers).length > 0 ? { headers: profile.headers } : {}),
  };
}

/**
 * Client options from a soracom-cli profile: reads `$SORACOM_PROFILE_DIR/<name>.json` (else
 * `~/.soracom/<name>.json`); `name` defaults to `default`. `SORACOM_ENDPOINT`, when set, wins over the
 * profile's endpoint and coverage. Throws {@link ProfileError} when the profile cannot be used.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { fromProfile } from 'soracom-batch/node';
 *
 * const batch = createBatchClient({ ...fromProfile('prod'), logLevel: 'info' });
 * ```
 * @category Profiles and environment
 */
export function fromProfile(name: string = DEFAULT_PROFILE_NAME, options?: FromProfileOptions): ProfileClientOptions {
  const source = resolveSource(options);
  if (options?.coverage !== undefined && options.coverage !== 'jp' && options.coverage !== 'g') {
    throw new ProfileError('fromProfile: coverage must be "jp" or "g"', { file: 'arguments', field: 'coverage' });
  }
  const profile = readProfile(profilePath(name, source));
  return optionsFromProfile(profile, resolveProfileCredentials(profile), {
    envEndpoint: envValue(source.env, 'SORACOM_ENDPOINT'),
    explicitCoverage: options?.coverage,
  });
}

/**
 * `fromEnv()`: client options from the environment, the way Soracom's tools read it:
 * - credentials: `SORACOM_AUTH_KEY_ID` and `SORACOM_AUTH_KEY` (both or neither); without them, the
 *   profile named by `SORACOM_PROFILE`, else the `default` profile when it exists;
 * - `SORACOM_PROFILE` also brings the profile's endpoint, coverage, sandbox and headers (an AuthKey
 *   from the environment replaces only its credentials);
 * - `SORACOM_COVERAGE_TYPE` (`jp` or `g`) is the explicitly chosen coverage, `SORACOM_ENDPOINT` (an
 *   origin) wins over everything, as in soracom-cli (`getSpecifiedEndpoint` in generators/cmd/predefined/endpoint.go);
 * - `SORACOM_PROFILE_DIR` moves the profile folder.
 */

function envError(field: string, rule: string): ProfileError {
  return new ProfileError(`Environment variable ${field} ${rule}`, { file: 'environment', field });
}

/**
 * Client options from the environment, the way Soracom's tools read it: `SORACOM_AUTH_KEY_ID` and
 * `SORACOM_AUTH_KEY`, else the profile named by `SORACOM_PROFILE` (or the `default` one), with
 * `SORACOM_COVERAGE_TYPE` and `SORACOM_ENDPOINT` applied. Throws {@link ProfileError} naming the
 * variable or file at fault.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { fromEnv } from 'soracom-batch/node';
 *
 * // SORACOM_AUTH_KEY_ID=keyId-... SORACOM_AUTH_KEY=secret-... SORACOM_COVERAGE_TYPE=g node app.js
 * const batch = createBatchClient({ ...fromEnv(), logLevel: 'info' });
 * ```
 * @category Profiles and environment
 */
export function fromEnv(options?: NodeSource): ProfileClientOptions {
  const source = resolveSource(options);
  const { env } = source;
  const authKeyId = envValue(env, 'SORACOM_AUTH_KEY_ID');
  const authKey = envValue(env, 'SORACOM_AUTH_KEY');
  if (authKeyId && !authKey)
    throw envError('SORACOM_AUTH_KEY', 'is not set, but SORACOM_AUTH_KEY_ID is: set both, or neither');
  if (authKey && !authKeyId)
    throw envError('SORACOM_AUTH_KEY_ID', 'is not set, but SORACOM_AUTH_KEY is: set both, or neither');

  const coverage = envValue(env, 'SORACOM_COVERAGE_TYPE');
  if (coverage !== undefined && coverage !== 'jp' && coverage !== 'g') {
    throw envError('SORACOM_COVERAGE_TYPE', `must be "jp" or "g" (it is ${JSON.stringify(coverage.slice(0, 20))})`);
  }

  const profileName = envValue(env, 'SORACOM_PROFILE');
  let profile: SoracomProfile | undefined;
  if (profileName) {
    profile = readProfile(profilePath(profileName, source));
  } else if (!authKeyId) {
    const file = profilePath(DEFAULT_PROFILE_NAME, source);
    if (!existsSync(file)) {
      throw envError(
        'SORACOM_AUTH_KEY_ID',
        `is not set, nor SORACOM_PROFILE, and there is no default profile (${file}): set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or SORACOM_PROFILE`,
      );
    }
    profile = readProfile(file);
  }

  const auth = authKeyId && authKey ? { authKeyId, authKey } : resolveProfileCredentials(profile as SoracomProfile);
  return optionsFromProfile(profile, auth, {
    envEndpoint: envValue(env, 'SORACOM_ENDPOINT'),
    explicitCoverage: coverage as Coverage | undefined,
  });
}
