/**
 * The API connection of a command: credentials and endpoint from the flags, the environment and
 * soracom-cli profiles, the SDK client made from them, and the redaction that keeps every credential
 * out of everything the CLI writes.
 *
 * Precedence (most specific first), so a flag typed for one command always wins over what the shell
 * or a file provides:
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
import { existsSync } from 'node:fs';
import type { Credentials } from '../auth/credentials.js';
import { type BatchClient, createBatchClient } from '../client/client.js';
import type { BatchClientOptions, Coverage } from '../client/options.js';
import { isLogLevel, type Logger, type LogLevel, Redactor } from '../logging/logging.js';
import { apiRootOf, describeApiRootProblem, optionsFromProfile, profileCredentials } from '../node/client-options.js';
import { fromEnv, fromProfile, type NodeSource, type ProfileClientOptions } from '../node/index.js';
import { runProfileCommand } from '../node/profile-command.js';
import {
  DEFAULT_PROFILE_NAME,
  profilePath,
  readProfile,
  resolveSource,
  type SoracomProfile,
} from '../node/profile-file.js';
import { SDK_VERSION } from '../version.js';
import { UsageError } from './errors.js';
import type { CliIo, CliOutput } from './io.js';
import type { GlobalOptions } from './program.js';
import { proxySecrets } from './proxy.js';
import { switchUser } from './switch-user.js';

export type Connection = {
  options: Pick<BatchClientOptions, 'auth' | 'baseUrl' | 'coverage' | 'sandbox' | 'headers'>;
  /** Where the credentials came from, for `--verbose` (never the values). */
  credentialSource: string;
  /** Every credential value, for the output redactor. */
  secrets: string[];
};

/** Makes the SDK client from its options; tests pass their own (runCli's `setup.createClient`). */
export type ClientFactory = (options: BatchClientOptions) => BatchClient;

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * `localhost:8080` or `api.soracom.io`: a host (with a dot, a port, or `localhost`) and no scheme.
 * URL parsing takes `localhost:` for a scheme, so without this check the message would be about a
 * scheme nobody typed.
 */
const BARE_HOST = /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+(?=:\d))(?::\d{1,5})?(?:\/\S*)?$/i;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0)$/i;

/**
 * `--endpoint` and `SORACOM_ENDPOINT`: an origin such as `https://api.soracom.io`, to which `/v1` is
 * appended as soracom-cli does (the Node entry's rule for profiles and the environment,
 * src/node/client-options.ts). A value without a scheme gets the command that fixes it.
 */
export function endpointToBaseUrl(value: string, name: string): string {
  const trimmed = value.trim();
  if (BARE_HOST.test(trimmed)) {
    const host = trimmed.split(/[:/]/, 1)[0] as string;
    const fixed = `${LOOPBACK.test(host) ? 'http' : 'https'}://${trimmed}`;
    throw new UsageError(
      name.startsWith('--')
        ? `${name} ${trimmed} has no scheme: use ${name} ${fixed}`
        : `${name}=${trimmed} has no scheme: set ${name}=${fixed}`,
    );
  }
  const result = apiRootOf(value);
  if ('root' in result) return result.root;
  throw new UsageError(
    result.problem === 'not-absolute'
      ? `${describeApiRootProblem(name, result)} or http://127.0.0.1:8080`
      : describeApiRootProblem(name, result),
  );
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

/**
 * No flag, no variable and no default profile: the command line has its own ways to give credentials,
 * which the Node entry's message (environment only) cannot name.
 */
function refuseNoCredentials(env: Record<string, string | undefined>, source: NodeSource): void {
  if (envValue(env, 'SORACOM_AUTH_KEY_ID') || envValue(env, 'SORACOM_AUTH_KEY') || envValue(env, 'SORACOM_PROFILE'))
    return;
  const file = profilePath(DEFAULT_PROFILE_NAME, resolveSource(source));
  if (existsSync(file)) return;
  throw new UsageError(
    `no credentials: pass --auth-key-id and --auth-key (or --api-key and --api-token), or --profile NAME; ` +
      `or set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or SORACOM_PROFILE (there is no default profile ${file})`,
  );
}

/**
 * The profile whose credentials a command uses, when they come from a profile: `--profile`, else (no
 * credential flags, no SORACOM_AUTH_KEY_ID) SORACOM_PROFILE or the default profile, when it exists.
 */
function credentialProfileName(g: GlobalOptions, env: Record<string, string | undefined>): string | undefined {
  if (g.profile !== undefined) return g.profile;
  if (credentialsFromFlags(g) || envValue(env, 'SORACOM_AUTH_KEY_ID')) return undefined;
  return envValue(env, 'SORACOM_PROFILE') ?? DEFAULT_PROFILE_NAME;
}

/**
 * Credentials of a profile worked out before the client is made, where that takes more than reading a
 * file: its `profileCommand` run (once), or a switch of user made (two requests, switch-user.ts).
 */
export type PreparedCredentials = { profile: string; auth: Credentials; switchedTo?: string };

export type PrepareOptions = {
  fetch: typeof globalThis.fetch | undefined;
  onSecrets: (secrets: string[]) => void;
};

export async function prepareCredentials(
  g: GlobalOptions,
  io: CliIo,
  options: PrepareOptions,
): Promise<PreparedCredentials | undefined> {
  const name = credentialProfileName(g, io.env);
  if (name === undefined) return undefined;
  const source = resolveSource({ env: io.env, ...(io.homeDir !== undefined ? { homeDir: io.homeDir } : {}) });
  const file = profilePath(name, source);
  // A missing default profile is the "no credentials" error of resolveConnection.
  if (g.profile === undefined && !envValue(io.env, 'SORACOM_PROFILE') && !existsSync(file)) return undefined;
  const profile = readProfile(file);
  if (!profile.profileCommand && !profile.sourceProfile) return undefined;
  const effective = profile.profileCommand ? runProfileCommand(profile) : profile;
  if (!effective.sourceProfile) {
    const auth = profileCredentials(effective);
    options.onSecrets(secretValues(auth));
    return { profile: name, auth };
  }
  // Where the client will send: the endpoint this command resolves without the credentials.
  const target = endpointOptions(g, io, profile);
  const switched = await switchUser(effective, source, target, options.fetch, options.onSecrets);
  return { profile: name, auth: switched.auth, switchedTo: switched.user };
}

/** The endpoint options of a command whose credentials come from `profile` (soracom-cli's order). */
function endpointOptions(g: GlobalOptions, io: CliIo, profile: SoracomProfile): Connection['options'] {
  const coverage = coverageOf(g, io.env);
  const envEndpoint = g.endpoint === undefined ? envValue(io.env, 'SORACOM_ENDPOINT') : undefined;
  const options: Connection['options'] = optionsFromProfile(profile, undefined, {
    envEndpoint: envEndpoint === undefined ? undefined : endpointToBaseUrl(envEndpoint, 'SORACOM_ENDPOINT'),
    explicitCoverage: coverage,
  });
  if (g.endpoint === undefined) return options;
  const { coverage: _c, sandbox: _s, ...rest } = options;
  return { ...rest, baseUrl: endpointToBaseUrl(g.endpoint, '--endpoint') };
}

export function resolveConnection(g: GlobalOptions, io: CliIo, prepared?: PreparedCredentials): Connection {
  const { env } = io;
  const flagged = credentialsFromFlags(g);
  const coverage = coverageOf(g, env);
  // Checked here, whoever reads it below, so that a missing scheme gets the same message everywhere
  // (unless --endpoint, which wins, makes it irrelevant).
  const envEndpoint = g.endpoint === undefined ? envValue(env, 'SORACOM_ENDPOINT') : undefined;
  const envBaseUrl = envEndpoint === undefined ? undefined : endpointToBaseUrl(envEndpoint, 'SORACOM_ENDPOINT');
  const source = { env, ...(io.homeDir !== undefined ? { homeDir: io.homeDir } : {}) };
  let base: ProfileClientOptions;
  let credentialSource: string;

  if (prepared) {
    const profile = readProfile(profilePath(prepared.profile, resolveSource(source)));
    base = optionsFromProfile(profile, prepared.auth, { envEndpoint: envBaseUrl, explicitCoverage: coverage });
    credentialSource = `profile "${prepared.profile}"${prepared.switchedTo ? `, switched to user ${prepared.switchedTo}` : ''}`;
  } else if (g.profile !== undefined) {
    base = fromProfile(g.profile, { ...source, ...(coverage ? { coverage } : {}) });
    credentialSource = `profile "${g.profile}"`;
  } else if (flagged) {
    const envProfile = envValue(env, 'SORACOM_PROFILE');
    if (envProfile) base = fromProfile(envProfile, { ...source, ...(coverage ? { coverage } : {}) });
    else base = envBaseUrl ? { baseUrl: envBaseUrl } : coverage ? { coverage } : {};
    credentialSource = 'command-line flags';
  } else {
    refuseNoCredentials(env, source);
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

/** `--verbose` shows the SDK's debug lines, `--quiet` only its errors; otherwise `SORACOM_LOG`, else warnings. */
function logLevelOf(g: GlobalOptions, env: Record<string, string | undefined>): LogLevel {
  if (g.verbose) return 'debug';
  if (g.quiet) return 'error';
  const fromEnvironment = env.SORACOM_LOG?.trim().toLowerCase();
  return isLogLevel(fromEnvironment) ? fromEnvironment : 'warn';
}

export type CliClientOptions = {
  /** Where the SDK's log lines go (stderr, above a live progress bar). */
  log: (line: string) => void;
  /** Told the credentials the client was given (the redactor) before anything can print them. */
  onSecrets: (secrets: string[]) => void;
  create?: ClientFactory | undefined;
  /** The proxy's `fetch` (proxy.ts), or undefined for the platform's. */
  fetch?: typeof globalThis.fetch | undefined;
  /** A profile's credentials worked out beforehand (prepareCredentials). */
  prepared?: PreparedCredentials | undefined;
};

/** The SDK client a command uses. */
export function createCliClient(g: GlobalOptions, io: CliIo, options: CliClientOptions): BatchClient {
  const { log, onSecrets, create = createBatchClient, fetch, prepared } = options;
  const connection = resolveConnection(g, io, prepared);
  onSecrets(connection.secrets);
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  const client = create({
    ...connection.options,
    // Through the proxy of the environment when one is set (proxy.ts).
    ...(fetch ? { fetch } : {}),
    logger,
    logLevel: logLevelOf(g, io.env),
    userAgent: `soracom-batch-cli/${SDK_VERSION}`,
    ...(g.maxRetries !== undefined ? { maxRetries: g.maxRetries } : {}),
  });
  if (g.verbose) log(`[soracom-batch] API ${client.baseUrl}, credentials from ${connection.credentialSource}`);
  return client;
}

/** Flags whose value is a credential (soracom-cli's names). */
const CREDENTIAL_FLAGS = ['--api-key', '--api-token', '--auth-key-id', '--auth-key'] as const;

/** Environment variables holding credentials, read by the Node entry (`fromEnv`). */
const CREDENTIAL_ENV = ['SORACOM_AUTH_KEY_ID', 'SORACOM_AUTH_KEY'] as const;

/**
 * The CLI never prints a credential. The SDK already redacts the secrets it knows in its errors and
 * logs; this is the second line of defence at the very end: every byte the CLI writes, to stdout and
 * stderr alike, passes through a redactor that knows every credential the CLI was given (flags,
 * environment, profile), in every spelling the SDK's Redactor handles.
 */
export class SecretRedaction {
  readonly #secrets = new Set<string>();
  readonly #redactor = new Redactor();

  constructor() {
    this.#redactor.addSource(() => [...this.#secrets]);
  }

  add(...values: Array<string | undefined>): void {
    for (const value of values) if (typeof value === 'string' && value.trim() !== '') this.#secrets.add(value);
  }

  redact = (text: string): string => (this.#secrets.size === 0 ? text : this.#redactor.redact(text));

  /**
   * The output with every write redacted; `isTTY` and `columns` still read the real stream, except that
   * `redraw: false` (a terminal that cannot redraw, progress.ts `canRedraw`) makes it no terminal.
   */
  wrap(output: CliOutput, options: { redraw?: boolean } = {}): CliOutput {
    const redact = this.redact;
    const redraw = options.redraw ?? true;
    return {
      write: (text: string) => output.write(redact(text)),
      get isTTY() {
        return redraw && output.isTTY;
      },
      get columns() {
        return output.columns;
      },
    };
  }

  /**
   * Credentials known before parsing: on the command line (`--api-key X` and `--api-key=X`), so that
   * even a parse error that quotes the arguments cannot show them, and in the environment.
   */
  static fromStart(argv: readonly string[], env: Record<string, string | undefined>): SecretRedaction {
    const redaction = new SecretRedaction();
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string;
      for (const flag of CREDENTIAL_FLAGS) {
        if (arg === flag && i + 1 < argv.length) redaction.add(argv[i + 1]);
        else if (arg.startsWith(`${flag}=`)) redaction.add(arg.slice(flag.length + 1));
      }
    }
    redaction.add(...CREDENTIAL_ENV.map((name) => env[name]));
    // A proxy URL's user and password (HTTPS_PROXY=http://user:secret@proxy:3128).
    redaction.add(...proxySecrets(env));
    return redaction;
  }
}
