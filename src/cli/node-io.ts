/**
 * The real process as a `CliIo`. Ctrl-C and SIGTERM call the registered handlers (the command stops
 * cleanly and saves its state); a second Ctrl-C while stopping exits at once, as users expect.
 */
import { homedir } from 'node:os';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';

/**
 * `soracom-batch jobs tasks ... -o jsonl | head` closes the pipe early: the rest of the output has
 * no reader, which is no error of ours, so EPIPE is swallowed instead of crashing the process.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

export function nodeIo(): CliIo {
  ignoreClosedPipe(process.stdout);
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
