/**
 * `runCli(argv, io)`: the whole CLI, in-process, resolving to the exit code (never calling
 * `process.exit`), so tests run it without a child process and `bin.ts` stays a few lines.
 */
import { CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { CommandContext } from './command-context.js';
import { ExitCode } from './exit-codes.js';
import { envVerbose } from './global-options.js';
import { buildProgram } from './program.js';
import { errorLines, exitCodeOf } from './report-error.js';
import { SecretRedaction, secretsInArgv, secretsInEnv } from './secret-redaction.js';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Known credentials are hidden from every line written, from the very first one.
  const redaction = new SecretRedaction();
  redaction.add(...secretsInArgv(argv), ...secretsInEnv(io.env));
  const safeIo: CliIo = { ...io, stdout: redaction.wrap(io.stdout), stderr: redaction.wrap(io.stderr) };
  const ctx = new CommandContext(safeIo, redaction);
  const program = buildProgram(ctx);
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
