/**
 * The emulator as a command: parses the arguments, starts it and prints where it listens and the
 * demo credentials. Kept apart from `emulator-main.ts` (process wiring: signals, exit code) so it can
 * be tested in-process, and so the CLI's `soracom-batch emulator` can reuse it.
 */
import { parseArgs } from 'node:util';
import type { BatchEmulator } from './start-batch-emulator.js';
import { startBatchEmulator } from './start-batch-emulator.js';

export type EmulatorArgs = {
  port: number;
  host: string;
  sims: number;
  taskDurationMs: number;
  latencyMs: number;
  json: boolean;
  help: boolean;
};

export type EmulatorIo = { out: (line: string) => void; err: (line: string) => void };

export const EMULATOR_USAGE = `Usage: emulator-main [options]

Starts a local, in-memory Soracom Batch API emulator (Batch + auth operations under /v1).

Options:
  --port <n>              TCP port (default 0: any free port, printed on start)
  --host <address>        interface to listen on (default 127.0.0.1)
  --sims <n>              SIMs in the inventory, IDs 8981100000000000000 + i (default 1000)
  --task-duration-ms <n>  time each task takes (default 0)
  --latency-ms <n>        delay before every answer (default 0)
  --json                  print one JSON line {baseUrl, port, credentials} instead of text
  -h, --help              show this help`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function integerFlag(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max) {
    throw new Error(`--${flag} must be an integer from 0 to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** Throws an Error whose message names the bad flag. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      sims: { type: 'string' },
      'task-duration-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    port: integerFlag('port', values.port, 0, 65535),
    host: values.host ?? '127.0.0.1',
    sims: integerFlag('sims', values.sims, 1000, 1_000_000),
    taskDurationMs: integerFlag('task-duration-ms', values['task-duration-ms'], 0),
    latencyMs: integerFlag('latency-ms', values['latency-ms'], 0),
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

function describeStart(emulator: BatchEmulator, args: EmulatorArgs): string[] {
  const c = emulator.credentials;
  return [
    `Soracom Batch emulator listening on ${emulator.baseUrl}`,
    `  operator ID      ${c.operatorId}`,
    ...(c.authKeyId ? [`  AuthKey          ${c.authKeyId} / ${c.authKey} (POST ${emulator.baseUrl}/auth)`] : []),
    ...(c.apiKey ? [`  API key / token  ${c.apiKey} / ${c.token}`] : []),
    `  SIMs             ${args.sims} (8981100000000000000 + i)`,
    '  Demo credentials only: they work against this emulator and nowhere else.',
    'Press Ctrl+C to stop.',
  ];
}

/** Starts the emulator (or prints help / an argument error); `exitCode` when it did not start. */
export async function runEmulator(
  argv: readonly string[],
  io: EmulatorIo,
): Promise<{ emulator: BatchEmulator } | { exitCode: number }> {
  let args: EmulatorArgs;
  try {
    args = parseEmulatorArgs(argv);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${EMULATOR_USAGE}`);
    return { exitCode: 2 };
  }
  if (args.help) {
    io.out(EMULATOR_USAGE);
    return { exitCode: 0 };
  }
  if (!LOOPBACK.has(args.host)) {
    io.err(`Warning: listening on ${args.host}, not loopback: anyone who can reach it can use the demo credentials.`);
  }
  let emulator: BatchEmulator;
  try {
    emulator = await startBatchEmulator({
      port: args.port,
      host: args.host,
      sims: args.sims,
      taskDurationMs: args.taskDurationMs,
      latencyMs: args.latencyMs,
    });
  } catch (error) {
    io.err(
      `Could not start the emulator on ${args.host}:${args.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { exitCode: 1 };
  }
  if (args.json)
    io.out(JSON.stringify({ baseUrl: emulator.baseUrl, port: emulator.port, credentials: emulator.credentials }));
  else for (const line of describeStart(emulator, args)) io.out(line);
  return { emulator };
}
