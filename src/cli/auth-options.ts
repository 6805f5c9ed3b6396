/**
 * Where the client's credentials and endpoint come from. Precedence (most specific first), so a flag
 * typed for one command always wins over what the shell or a file provides:
 *
 * Credentials
 *   1. flags: `--api-key` + `--api-token`, or `--auth-key-id` + `--auth-key`;
 *   2. `--profile <name>`: that profile's credentials (environment credentials are then ignored:
 *      naming a profile on the command line is a deliberate choice);
 *   3. environment: `SORACOM_AUTH_KEY_ID` + `SORACOM_AUTH_KEY`;
 *   4. the profile named by `SORACOM_PROFILE`, else the `default` profile.
 *   (3 and 4 are the Node entry's `fromEnv()`; with credentials from flags no profile is read unless
 *   `--profile` or `SORACOM_PROFILE` names one, so a broken default profile cannot get in the way.)
 *
 * Endpoint (soracom-cli's order, with our `--endpoint` flag in front)
 *   1. `--endpoint <origin>`;  2. `SORACOM_ENDPOINT`;  3. `--coverage-type`;  4. `SORACOM_COVERAGE_TYPE`;
 *   5. the profile's `endpoint`;  6. the profile's `coverageType` (sandbox-aware);  7. Japan (`jp`).
 */
import type { Credentials } from '../auth/credentials.js';
import type { BatchClientOptions, Coverage } from '../client/options.js';
import { fromEnv, fromProfile, type ProfileClientOptions } from '../node/index.js';
import { UsageError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { endpointToBaseUrl } from './endpoint-url.js';
import type { GlobalOptions } from './global-options.js';

export type Connection = {
  options: Pick<BatchClientOptions, 'auth' | 'baseUrl' | 'coverage' | 'sandbox' | 'headers'>;
  /** Where the credentials came from, for `--verbose` (never the values). */
  credentialSource: string;
  /** Every credential value, for the output redactor. */
  secrets: string[];
};

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function credentialsFromFlags(g: GlobalOptions): Credentials | undefined {
  const pairs = [
    ['--api-key', g.apiKey, '--api-token', g.apiToken],
    ['--auth-key-id', g.authKeyId, '--auth-key', g.authKey],
  ] as const;
  for (const [a, av, b, bv] of pairs) {
    if (av !== undefined && bv === undefined) throw new UsageError(`${a} needs ${b} as well`);
    if (bv !== undefined && av === undefined) throw new UsageError(`${b} needs ${a} as well`);
  }
  const staticPair = g.apiKey !== undefined && g.apiToken !== undefined;
  const authKey = g.authKeyId !== undefined && g.authKey !== undefined;
  if (staticPair && authKey)
    throw new UsageError('pass either --api-key/--api-token or --auth-key-id/--auth-key, not both');
  if (staticPair) return { apiKey: g.apiKey as string, token: g.apiToken as string };
  if (authKey) return { authKeyId: g.authKeyId as string, authKey: g.authKey as string };
  return undefined;
}

function coverageOf(g: GlobalOptions, env: Record<string, string | undefined>): Coverage | undefined {
  if (g.coverageType) return g.coverageType;
  const fromEnvironment = envValue(env, 'SORACOM_COVERAGE_TYPE');
  if (fromEnvironment !== undefined && fromEnvironment !== 'jp' && fromEnvironment !== 'g') {
    throw new UsageError('SORACOM_COVERAGE_TYPE must be "jp" or "g"');
  }
  return fromEnvironment as Coverage | undefined;
}

function secretValues(auth: Credentials | undefined): string[] {
  if (!auth) return [];
  return Object.values(auth as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
}

export function resolveConnection(g: GlobalOptions, io: CliIo): Connection {
  const { env } = io;
  const flagged = credentialsFromFlags(g);
  const coverage = coverageOf(g, env);
  const source = { env, ...(io.homeDir !== undefined ? { homeDir: io.homeDir } : {}) };
  let base: ProfileClientOptions;
  let credentialSource: string;

  if (g.profile !== undefined) {
    base = fromProfile(g.profile, { ...source, ...(coverage ? { coverage } : {}) });
    credentialSource = `profile "${g.profile}"`;
  } else if (flagged) {
    const envProfile = envValue(env, 'SORACOM_PROFILE');
    if (envProfile) {
      base = fromProfile(envProfile, { ...source, ...(coverage ? { coverage } : {}) });
    } else {
      const endpoint = envValue(env, 'SORACOM_ENDPOINT');
      base = endpoint ? { baseUrl: endpointToBaseUrl(endpoint, 'SORACOM_ENDPOINT') } : coverage ? { coverage } : {};
    }
    credentialSource = 'command-line flags';
  } else {
    // The flag's coverage type must beat SORACOM_COVERAGE_TYPE: hand fromEnv an environment that says so.
    base = fromEnv({ ...source, env: g.coverageType ? { ...env, SORACOM_COVERAGE_TYPE: g.coverageType } : env });
    credentialSource = envValue(env, 'SORACOM_AUTH_KEY_ID')
      ? 'environment (SORACOM_AUTH_KEY_ID)'
      : `profile "${envValue(env, 'SORACOM_PROFILE') ?? 'default'}"`;
  }

  let options: Connection['options'] = { ...base };
  if (g.endpoint !== undefined) {
    const { coverage: _c, sandbox: _s, ...rest } = options;
    options = { ...rest, baseUrl: endpointToBaseUrl(g.endpoint, '--endpoint') };
  }
  if (flagged) options.auth = flagged;
  return { options, credentialSource, secrets: secretValues(options.auth) };
}
