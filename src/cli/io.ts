/**
 * Everything the CLI touches outside itself, passed in as a `CliIo` so that `runCli` runs in-process in
 * tests: the two output streams (with their TTY flags), stdin, the environment, the working directory,
 * the home directory (profiles) and a source of Ctrl-C. Also the two ways the CLI reads and writes
 * files: a text source (`--input`, `--body @file`, `-` for stdin) read whole, and an atomic write.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitCode, UsageError } from './errors.js';

/** A place to write text: `process.stdout`, `process.stderr`, or a test's buffer. */
export type CliOutput = {
  write(text: string): unknown;
  /**
   * True when it is a terminal that can redraw: decides between the live progress bar and plain lines
   * (runCli sets it false for `TERM=dumb` and under CI, progress.ts `canRedraw`).
   */
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

/**
 * `soracom-batch jobs tasks ... -o jsonl | head` closes the pipe early: the rest of the output has
 * no reader, which is no error of ours, so EPIPE is swallowed instead of crashing the process.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

/**
 * The real process as a `CliIo`. Ctrl-C and SIGTERM call the registered handlers (the command stops
 * cleanly and saves its state); a second Ctrl-C while stopping exits at once, as users expect.
 */
export function nodeIo(): CliIo {
  // Both: `soracom-batch run ... 2>&1 | head -1` closes stderr's reader too, and the run must go on.
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  const handlers = new Set<() => void>();
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals > 1) process.exit(ExitCode.interrupted);
    for (const handler of [...handlers]) handler();
  };
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    onInterrupt(handler) {
      if (handlers.size === 0) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      };
    },
  };
}

/** Exits once stdout and stderr have flushed what was written (a piped stdout may still hold the report). */
export function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** A file's text, or stdin's; `label` is how messages name it (the path as given, or `stdin`). */
export type TextSource = { text: string; label: string; path?: string };

async function readStdin(io: CliIo): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of io.readStdin()) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** Why a file named by a flag cannot be read, in words: `cannot read --input x.csv: no such file`. */
export function cannotRead(what: string, spec: string, error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : String(code ?? error);
  return new UsageError(`cannot read ${what} ${spec}: ${reason}`);
}

/**
 * Reads small files named by a flag (`--body @file`, `--fail-sims-file`) whole: a path (relative to
 * the working directory) or `-` for stdin. `--input`, which can be millions of rows, is streamed
 * instead (input.ts).
 */
export async function readTextSource(spec: string, io: CliIo, what: string): Promise<TextSource> {
  if (spec === '-') return { text: await readStdin(io), label: 'stdin' };
  const path = resolve(io.cwd, spec);
  try {
    return { text: await readFile(path, 'utf8'), label: spec, path };
  } catch (error) {
    throw cannotRead(what, spec, error);
  }
}

/**
 * Writes a file so that a reader (or a crash at any moment, SIGKILL included) sees either the old
 * content or the new, never half of it: write a temporary file beside it, flush it to disk, then
 * rename it over the target (atomic on POSIX file systems and on NTFS). Readable by its owner only:
 * what the CLI writes may name the user's SIMs and jobs.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'w', 0o600);
    await handle.writeFile(text, 'utf8');
    // Without the flush a power loss could leave the renamed file empty; a killed process cannot.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
