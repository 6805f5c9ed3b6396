/**
 * `fromProfile(name?)`: client options from a soracom-cli profile, to spread into
 * `createBatchClient({ ...fromProfile('prod'), logLevel: 'info' })`.
 */
import type { BatchClientOptions, Coverage } from '../client/options.js';
import { ProfileError } from '../errors/profile-error.js';
import { resolveApiTarget } from './api-target.js';
import { envValue, type NodeSource, resolveSource } from './node-source.js';
import { profileCredentials } from './profile-credentials.js';
import { DEFAULT_PROFILE_NAME, profilePath } from './profile-path.js';
import { readProfile, type SoracomProfile } from './read-profile.js';

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
  return optionsFromProfile(profile, profileCredentials(profile), {
    envEndpoint: envValue(source.env, 'SORACOM_ENDPOINT'),
    explicitCoverage: options?.coverage,
  });
}
