/**
 * soracom-batch/cli: the command-line tool as a library, for embedding and tests. The `bin` entry
 * (`bin.ts`) only wires it to the process.
 */

export type { CliIo, CliOutput } from './cli-io.js';
export { ExitCode } from './exit-codes.js';
export { nodeIo } from './node-io.js';
export { runCli } from './run-cli.js';
