/** A `CliIo` in memory: captured stdout/stderr, a given stdin, an empty environment, and a Ctrl-C button. */
import type { CliIo } from '../../../src/cli/io.js';

export type MemoryIoOptions = {
  env?: Record<string, string | undefined>;
  stdin?: string;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  cwd?: string;
  homeDir?: string;
};

export type MemoryIo = {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  /** Presses Ctrl-C: calls every registered interrupt handler. */
  interrupt(): void;
  /** How many interrupt handlers are registered right now. */
  listeners(): number;
};

export function memoryIo(options: MemoryIoOptions = {}): MemoryIo {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text), isTTY: options.stdoutIsTTY ?? false, columns: 120 },
    stderr: { write: (text: string) => (err += text), isTTY: options.stderrIsTTY ?? false, columns: 120 },
    readStdin: async function* () {
      if (options.stdin !== undefined) yield Buffer.from(options.stdin, 'utf8');
    },
    stdinIsTTY: false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.homeDir !== undefined ? { homeDir: options.homeDir } : {}),
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  return {
    io,
    stdout: () => out,
    stderr: () => err,
    interrupt: () => {
      for (const handler of [...handlers]) handler();
    },
    listeners: () => handlers.size,
  };
}
