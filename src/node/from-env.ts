/**
 * `fromEnv()`: client options from the environment, the way Soracom's tools read it:
 * - credentials: `SORACOM_AUTH_KEY_ID` and `SORACOM_AUTH_KEY` (both or neither); without them, the
 *   profile named by `SORACOM_PROFILE`, else the `default` profile when it exists;
 * - `SORACOM_PROFILE` also brings the profile's endpoint, coverage, sandbox and headers (an AuthKey
 *   from the environment replaces only its credentials);
 * - `SORACOM_COVERAGE_TYPE` (`jp` or `g`) is the explicitly chosen coverage, `SORACOM_ENDPOINT` (an
 *   origin) wins over everything, in soracom-cli's order (api-target.ts);
 * - `SORACOM_PROFILE_DIR` moves the profile folder.
 */
import { existsSync } from 'node:fs';
import type { Coverage } from '../client/options.js';
import { ProfileError } from '../errors/profile-error.js';
import { optionsFromProfile, type ProfileClientOptions } from './from-profile.js';
import { envValue, type NodeSource, resolveSource } from './node-source.js';
import { profileCredentials } from './profile-credentials.js';
import { DEFAULT_PROFILE_NAME, profilePath } from './profile-path.js';
import { readProfile, type SoracomProfile } from './read-profile.js';

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

  const auth = authKeyId && authKey ? { authKeyId, authKey } : profileCredentials(profile as SoracomProfile);
  return optionsFromProfile(profile, auth, {
    envEndpoint: envValue(env, 'SORACOM_ENDPOINT'),
    explicitCoverage: coverage as Coverage | undefined,
  });
}
