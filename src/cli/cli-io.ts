/**
 * Everything the CLI touches outside itself, passed in so that `runCli` runs in-process in tests:
 * the two output streams (with their TTY flags), stdin, the environment, the working directory,
 * the home directory (profiles) and a source of Ctrl-C.
 */

/** A place to write text: `process.stdout`, `process.stderr`, or a test's buffer. */
export type CliOutput = {
  write(text: string): unknown;
  /** True when it is a terminal: decides between the live progress bar and plain lines. */
  isTTY?: boolean;
  /** Terminal width, when known (the progress bar fits itself to it). */
  columns?: number;
};

export type CliIo = {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Reads stdin; called only for `--input -` / `--body -`, so an unused terminal stdin is never opened. */
  readStdin(): AsyncIterable<string | Uint8Array>;
  /** True when stdin is a terminal (reading it then waits for the user to type and press Ctrl-D). */
  stdinIsTTY?: boolean;
  env: Record<string, string | undefined>;
  /** Relative paths (`--input`, `--state-file`, ...) are resolved against it. */
  cwd: string;
  /** Home directory holding `.soracom/` profiles (default: the OS's). */
  homeDir?: string;
  /**
   * Calls `handler` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. Commands
   * that run for long (run, retry-failed, emulator) register one to stop cleanly.
   */
  onInterrupt(handler: () => void): () => void;
};
