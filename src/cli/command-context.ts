/**
 * What every command shares during one `runCli` call: the (redacting) io, the global options, the
 * client (made once, on first use, so commands that send nothing need no credentials), stderr lines
 * that respect `--quiet`, and where the result is printed.
 */
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { type CliClient, createCliClient } from './create-client.js';
import { type GlobalOptions, readGlobalOptions } from './global-options.js';
import { type OutputShape, writeOutput } from './output/write-output.js';
import type { SecretRedaction } from './secret-redaction.js';

export class CommandContext {
  readonly io: CliIo;
  readonly redaction: SecretRedaction;
  /** Set by the command's action; read by runCli once commander returns. */
  exitCode = 0;
  #client: CliClient | undefined;
  /** While a progress bar is live, stderr lines go through it so they print above the bar. */
  #stderrSink: ((line: string) => void) | undefined;

  constructor(io: CliIo, redaction: SecretRedaction) {
    this.io = io;
    this.redaction = redaction;
  }

  globals(command: Command): GlobalOptions {
    return readGlobalOptions(command, this.io.env);
  }

  /** A line on stderr (warnings, problems): always shown. */
  warn(line: string): void {
    if (this.#stderrSink) this.#stderrSink(line);
    else this.io.stderr.write(`${line}\n`);
  }

  /** A line on stderr for people (summaries, notices): hidden by `--quiet`. */
  info(globals: GlobalOptions, line: string): void {
    if (!globals.quiet) this.warn(line);
  }

  routeStderr(sink: ((line: string) => void) | undefined): void {
    this.#stderrSink = sink;
  }

  client(globals: GlobalOptions): CliClient {
    this.#client ??= createCliClient(
      globals,
      this.io,
      (line) => this.warn(line),
      (secrets) => this.redaction.add(...secrets),
    );
    return this.#client;
  }

  print(globals: GlobalOptions, value: unknown, shape?: OutputShape): void {
    writeOutput(this.io.stdout, globals.output, value, shape);
  }

  /** Wraps a command's handler for commander: its return value becomes the exit code. */
  action<A extends unknown[]>(handler: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      this.exitCode = await handler(...args);
    };
  }
}
