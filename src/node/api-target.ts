/**
 * Which API a client built from a profile or the environment talks to. soracom-cli's precedence
 * (its endpoint.go, soracom-facts: profiles and environment), kept exactly:
 *   1. `SORACOM_ENDPOINT` (an origin; `/v1` is appended);
 *   2. a coverage type given explicitly (`fromProfile`'s `coverage`, or `SORACOM_COVERAGE_TYPE` for
 *      `fromEnv`), in the profile's sandbox when the profile is a sandbox one;
 *   3. the profile's `endpoint` (an origin, `/v1` appended);
 *   4. the profile's `coverageType` (empty means `jp`), in the sandbox when `sandbox` is true.
 * With none of them the client's own default applies (Japan coverage, production).
 */
import type { BatchClientOptions, Coverage } from '../client/options.js';
import { ProfileError } from '../errors/profile-error.js';
import { apiRootOf, describeApiRootProblem } from './api-root.js';
import type { SoracomProfile } from './read-profile.js';

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
