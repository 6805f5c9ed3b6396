/**
 * The program: `runCli(argv, io)` runs the whole CLI in-process and resolves to the exit code (never
 * calling `process.exit`), so tests need no child process and `bin.ts` stays a few lines. One commander
 * program is built per call, so in-process runs share nothing; output goes to the io given.
 *
 * Also what every command shares: the global options, the `CommandContext` (io, client, stderr lines
 * that respect `--quiet`, printing the result), and the helpers commands declare their options with.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { BatchClient } from '../client/client.js';
import { SDK_VERSION } from '../version.js';
import { type ApiOperation, addApiCommands, BATCH_API_OPERATIONS } from './commands/api-commands.js';
import { addCompletionCommand } from './commands/completion-command.js';
import { addEmulatorCommand } from './commands/emulator-command.js';
import { addRetryFailedCommand } from './commands/retry-failed-command.js';
import { addRunCommand } from './commands/run-command.js';
import {
  type ClientFactory,
  createCliClient,
  type PreparedCredentials,
  prepareCredentials,
  SecretRedaction,
} from './connection.js';
import { ExitCode, errorLines, exitCodeOf } from './errors.js';
import { fitToWidth, helpConfiguration, helpWidth } from './help-format.js';
import type { CliIo } from './io.js';
import {
  OUTPUT_FORMATS,
  type OutputFormat,
  type OutputShape,
  TIME_FORMATS,
  type TimeFormat,
  writeOutput,
} from './output.js';
import { canRedraw } from './progress.js';
import { proxyFetch, proxySettings } from './proxy.js';
import { visibleText } from './terminal-text.js';

export { ExitCode } from './errors.js';

/** What a caller may replace: the operation table the API commands are built from, and the client. */
export type CliSetup = {
  /** Default: every operation of generated/batch-operations.ts. */
  operations?: readonly ApiOperation[];
  createClient?: ClientFactory;
};

export type GlobalOptions = {
  profile?: string;
  coverageType?: 'jp' | 'g';
  endpoint?: string;
  apiKey?: string;
  apiToken?: string;
  authKeyId?: string;
  authKey?: string;
  output: OutputFormat;
  /** Given with `--time-format`; without it, each format has its own (output.ts `defaultTimeFormat`). */
  timeFormat: TimeFormat | undefined;
  quiet: boolean;
  verbose: boolean;
  maxRetries?: number;
};

/** An integer from `min` to `max`, written in plain digits (no `1e3`, no `0x10`); commander reports the reason. */
export function integerFlag(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`It must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** For repeatable options (`--tag a=1 --tag b=2`): collects every value in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** For repeatable integer options (`--skip-status-code 404 --skip-status-code 400`). */
export function collectIntegers(min: number, max: number): (value: string, previous: number[] | undefined) => number[] {
  const parse = integerFlag(min, max);
  return (value, previous) => [...(previous ?? []), parse(value)];
}

/**
 * An old spelling of an option, still accepted and not shown: commander handles it as the option
 * itself (same parser, checks and value), so `--job X` is `--job-id X`. `flags` is the old spelling
 * with the same argument, e.g. `--job <id>`.
 */
export function hiddenAlias(command: Command, flags: string, primary: string): Command {
  const alias = new Option(flags).hideHelp();
  command.addOption(alias);
  // Commander is an EventEmitter; its types declare `on` but not `emit`.
  const emitter = command as unknown as NodeJS.EventEmitter;
  command.on(`option:${alias.name()}`, (value) => emitter.emit(`option:${primary}`, value));
  return command;
}

/** The "Examples:" block at the end of every command's `--help`. Lines starting with `#` are comments. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => (line.startsWith('#') || line === '' ? `  ${line}` : `  $ ${line}`)).join('\n')}\n`;
}

/** soracom-cli's SORACOM_VERBOSE turns verbose output on as well (any value but empty, 0 or false). */
function envVerbose(env: Record<string, string | undefined>): boolean {
  const value = env.SORACOM_VERBOSE?.trim().toLowerCase();
  return value !== undefined && !['', '0', 'false'].includes(value);
}

/** Options every command takes (before or after the command): soracom-cli's auth and endpoint, output, verbosity. */
function addGlobalOptions(program: Command): void {
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
    .option(
      '--auth-key <secret>',
      'AuthKey secret (with --auth-key-id); other users of the machine can read a command line (ps): prefer SORACOM_AUTH_KEY or a profile',
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]).default('json'))
    .addOption(
      new Option(
        '--time-format <format>',
        'times as ISO 8601 or Unix seconds (epoch) in every format (default: epoch in json and jsonl, as the API sends them; iso in csv and table)',
      ).choices([...TIME_FORMATS]),
    )
    .option(
      '--max-retries <n>',
      'retries of a failed request (429, 5xx, network) before giving up (default 4)',
      integerFlag(0, 100),
    )
    .option('-q, --quiet', 'results only: no progress, summaries or notes (errors and warnings still go to stderr)')
    .option('-v, --verbose', 'full error details and SDK debug logs on stderr (credentials are always hidden)');
}

function readGlobalOptions(command: Command, env: Record<string, string | undefined>): GlobalOptions {
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
    timeFormat: o.timeFormat as TimeFormat | undefined,
    quiet: o.quiet === true,
    verbose: o.verbose === true || envVerbose(env),
    maxRetries: o.maxRetries as number | undefined,
  };
}

/**
 * What every command shares during one `runCli` call: the (redacting) io, the global options, the
 * client (made once, on first use, so commands that send nothing need no credentials), stderr lines
 * that respect `--quiet`, and where the result is printed.
 */
export class CommandContext {
  readonly io: CliIo;
  readonly redaction: SecretRedaction;
  /** Set by the command's action; read by runCli once commander returns. */
  exitCode = 0;
  readonly #createClient: ClientFactory | undefined;
  #client: BatchClient | undefined;
  #fetch: { value: typeof globalThis.fetch | undefined } | undefined;
  #prepared: PreparedCredentials | undefined;
  /** While a progress bar is live, stderr lines go through it so they print above the bar. */
  #stderrSink: ((line: string) => void) | undefined;

  constructor(io: CliIo, redaction: SecretRedaction, createClient?: ClientFactory) {
    this.io = io;
    this.redaction = redaction;
    this.#createClient = createClient;
  }

  globals(command: Command): GlobalOptions {
    return readGlobalOptions(command, this.io.env);
  }

  /**
   * A line on stderr (warnings, problems): always shown. It may quote API data (a group's name, an error
   * message), so control characters are shown as escapes, never sent to the terminal.
   */
  warn(line: string): void {
    const safe = visibleText(line);
    if (this.#stderrSink) this.#stderrSink(safe);
    else this.io.stderr.write(`${safe}\n`);
  }

  /** A line on stderr for people (summaries, notices): hidden by `--quiet`. */
  info(globals: GlobalOptions, line: string): void {
    if (!globals.quiet) this.warn(line);
  }

  routeStderr(sink: ((line: string) => void) | undefined): void {
    this.#stderrSink = sink;
  }

  /**
   * The `fetch` every request of the CLI goes through: through the proxy the environment names
   * (proxy.ts), else undefined for the platform's own. Made on first use, so a bad proxy variable is a
   * usage error of the commands that send, not of `--help`.
   */
  proxyFetch(): typeof globalThis.fetch | undefined {
    this.#fetch ??= { value: proxyFetch(this.io.env) };
    return this.#fetch.value;
  }

  /** A request outside the SDK (the emulator's control paths), through the same proxy settings. */
  fetch(url: string): Promise<Response> {
    return (this.proxyFetch() ?? globalThis.fetch)(url);
  }

  /**
   * Before a command that sends: the credentials of a profile that takes more than a file to read (its
   * profileCommand run, or a switch of user made), so that `client()` can stay synchronous.
   */
  async prepare(globals: GlobalOptions): Promise<void> {
    this.#prepared = await prepareCredentials(globals, this.io, {
      fetch: this.proxyFetch(),
      onSecrets: (secrets) => this.redaction.add(...secrets),
    });
  }

  client(globals: GlobalOptions): BatchClient {
    if (this.#client) return this.#client;
    this.#client = createCliClient(globals, this.io, {
      log: (line) => this.warn(line),
      onSecrets: (secrets) => this.redaction.add(...secrets),
      create: this.#createClient,
      fetch: this.proxyFetch(),
      prepared: this.#prepared,
    });
    const proxy = proxySettings(this.io.env);
    if (globals.verbose && proxy) {
      // The URLs as given: their user and password are redacted like every credential (connection.ts).
      this.warn(
        `[soracom-batch] proxy: http ${proxy.httpProxy ?? 'direct'}, https ${proxy.httpsProxy ?? proxy.httpProxy ?? 'direct'}` +
          `${proxy.noProxy ? `, not for ${proxy.noProxy}` : ''}`,
      );
    }
    return this.#client;
  }

  /** The result on stdout; with `--quiet` a table has no footer (the summary lines are not results). */
  print(globals: GlobalOptions, value: unknown, shape: OutputShape = {}): void {
    const { footer: _footer, ...rest } = shape;
    writeOutput(this.io.stdout, globals.output, value, globals.quiet ? rest : shape, globals.timeFormat);
  }

  /** Wraps a command's handler for commander: its return value becomes the exit code. */
  action<A extends unknown[]>(handler: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      this.exitCode = await handler(...args);
    };
  }
}

const MAIN_HELP = `
Authentication (most specific first):
  1. --api-key/--api-token, or --auth-key-id/--auth-key
  2. --profile NAME (a soracom-cli profile: $SORACOM_PROFILE_DIR/NAME.json, else ~/.soracom/NAME.json)
  3. SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY
  4. the profile named by SORACOM_PROFILE, else the "default" profile
Endpoint: --endpoint, SORACOM_ENDPOINT, --coverage-type, SORACOM_COVERAGE_TYPE, the profile's
  endpoint, the profile's coverageType (jp when none).
Other environment: SORACOM_PROFILE_DIR, SORACOM_VERBOSE (like --verbose), SORACOM_LOG (SDK log level).

Output: the result on stdout (--output json, jsonl, csv or table; json and jsonl as the API sends
  them, times as Unix seconds; csv and table with ISO 8601 times; --time-format chooses); progress,
  summaries and notes on stderr (none with --quiet).

Exit codes:
  0  all succeeded
  1  usage or input error (nothing was sent, or nothing more)
  2  API or network error
  3  the run finished, but some tasks failed or did not run
  130  interrupted (Ctrl-C / SIGTERM); rerun with the same --state-file to resume
`;

/** Commands that send nothing to the API (and `--dry-run`): no credentials are worked out for them. */
const OFFLINE_COMMANDS = new Set(['emulator', 'completion']);

function sendsNothing(command: Command): boolean {
  let top = command;
  while (top.parent?.parent) top = top.parent;
  return OFFLINE_COMMANDS.has(top.name()) || command.opts().dryRun === true;
}

export function buildProgram(ctx: CommandContext, setup: CliSetup = {}): Command {
  const { env } = ctx.io;
  const outWidth = () => helpWidth(ctx.io.stdout.columns, env);
  const errWidth = () => helpWidth(ctx.io.stderr.columns, env);
  const program = new Command('soracom-batch')
    .description('Soracom Batch API from the shell: batch groups, jobs, and runs of one action over thousands of SIMs.')
    .version(SDK_VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      // Only help, usage errors and the version pass here; each line is folded to the width (help-format.ts).
      writeOut: (text) => ctx.io.stdout.write(fitToWidth(text, outWidth())),
      writeErr: (text) => ctx.io.stderr.write(fitToWidth(text, errWidth())),
      getOutHelpWidth: outWidth,
      getErrHelpWidth: errWidth,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .configureHelp(helpConfiguration())
    .showHelpAfterError('(add --help for usage)');
  addGlobalOptions(program);
  program.hook('preAction', async (_program, command) => {
    if (sendsNothing(command)) return;
    await ctx.prepare(ctx.globals(command));
  });
  addApiCommands(program, ctx, setup.operations ?? BATCH_API_OPERATIONS);
  addRunCommand(program, ctx);
  addRetryFailedCommand(program, ctx);
  addEmulatorCommand(program, ctx);
  addCompletionCommand(program, ctx);
  program.addHelpText(
    'after',
    MAIN_HELP +
      examples(
        'soracom-batch --profile prod groups list --output table',
        'soracom-batch run put-tags --input fleet.csv --batch-group-name "July tags" --state-file tags.state.json --failed-output failed.csv',
        'soracom-batch retry-failed --batch-group-id GROUP --job-id JOB',
        'soracom-batch run --help',
      ),
  );
  return program;
}

/** `--version` (or `-V`) alone: answered before the command tree is built, since nothing else is needed. */
function isVersionOnly(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
}

export async function runCli(argv: readonly string[], io: CliIo, setup: CliSetup = {}): Promise<number> {
  if (isVersionOnly(argv)) {
    io.stdout.write(`${SDK_VERSION}\n`);
    return ExitCode.ok;
  }
  // Known credentials are hidden from every line written, from the very first one.
  const redaction = SecretRedaction.fromStart(argv, io.env);
  const safeIo: CliIo = {
    ...io,
    stdout: redaction.wrap(io.stdout),
    stderr: redaction.wrap(io.stderr, { redraw: canRedraw(io.env) }),
  };
  const ctx = new CommandContext(safeIo, redaction, setup.createClient);
  const program = buildProgram(ctx, setup);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help); `--help` and `--version` exit 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    // Options are parsed by the time a command fails, so the program knows whether --verbose was given.
    const verbose = program.opts().verbose === true || envVerbose(io.env);
    for (const line of errorLines(error, verbose)) safeIo.stderr.write(`${line}\n`);
    return exitCodeOf(error);
  }
}
