/**
 * Options every command takes (commander's global options, accepted before or after the command):
 * authentication and endpoint the way soracom-cli spells them, output format, verbosity.
 */
import { type Command, Option } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from './output/output-format.js';
import { integerFlag } from './parse-flags.js';

export type GlobalOptions = {
  profile?: string;
  coverageType?: 'jp' | 'g';
  endpoint?: string;
  apiKey?: string;
  apiToken?: string;
  authKeyId?: string;
  authKey?: string;
  output: OutputFormat;
  quiet: boolean;
  verbose: boolean;
  maxRetries?: number;
};

export function addGlobalOptions(program: Command): void {
  program
    .option(
      '--profile <name>',
      'soracom-cli profile to use ($SORACOM_PROFILE_DIR/<name>.json or ~/.soracom/<name>.json)',
    )
    .addOption(new Option('--coverage-type <type>', 'coverage type: jp (Japan) or g (global)').choices(['jp', 'g']))
    .option('--endpoint <url>', 'API origin, e.g. http://127.0.0.1:8080 (/v1 is appended); wins over coverage type')
    .option('--api-key <key>', 'API key (with --api-token), e.g. from "soracom auth"')
    .option('--api-token <token>', 'API token (with --api-key)')
    .option('--auth-key-id <id>', 'AuthKey ID (with --auth-key): the CLI logs in and renews the token itself')
    .option('--auth-key <secret>', 'AuthKey secret (with --auth-key-id)')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]).default('json'))
    .option(
      '--max-retries <n>',
      'retries of a failed request (429, 5xx, network) before giving up (default 4)',
      integerFlag(0, 100),
    )
    .option('-q, --quiet', 'no progress and no summary lines on stderr (errors are still printed)')
    .option('-v, --verbose', 'full error details and SDK debug logs on stderr (credentials are always hidden)');
}

/** soracom-cli's SORACOM_VERBOSE turns verbose output on as well (any value but empty, 0 or false). */
export function envVerbose(env: Record<string, string | undefined>): boolean {
  const value = env.SORACOM_VERBOSE?.trim().toLowerCase();
  return value !== undefined && !['', '0', 'false'].includes(value);
}

export function readGlobalOptions(command: Command, env: Record<string, string | undefined>): GlobalOptions {
  const o = command.optsWithGlobals() as Record<string, unknown>;
  return {
    profile: o.profile as string | undefined,
    coverageType: o.coverageType as 'jp' | 'g' | undefined,
    endpoint: o.endpoint as string | undefined,
    apiKey: o.apiKey as string | undefined,
    apiToken: o.apiToken as string | undefined,
    authKeyId: o.authKeyId as string | undefined,
    authKey: o.authKey as string | undefined,
    output: (o.output as OutputFormat | undefined) ?? 'json',
    quiet: o.quiet === true,
    verbose: o.verbose === true || envVerbose(env),
    maxRetries: o.maxRetries as number | undefined,
  };
}
