/**
 * The emulator as a command, for `soracom-batch emulator` (src/cli/commands/emulator-command.ts, which
 * parses the flags): the syntax of its failure flags, starting the emulator, and what it prints (where
 * it listens and the credentials, as text or as one JSON line). Kept here, beside the options it maps
 * to, so the command stays a thin layer of flags.
 */
import { normalizeFault } from './faults.js';
import type { BatchEmulatorOptions, FailingSim, FaultRule } from './options.js';
import { type BatchEmulator, startBatchEmulator } from './start-batch-emulator.js';

/** Where the command writes: its lines for people on `err`, the base URL and credentials on `out`. */
export type EmulatorIo = { out: (line: string) => void; err: (line: string) => void };

/** One entry of `--fail-sims`: a SIM ID, with the status its tasks fail with when the entry names one. */
export type SimFailure = { simId: string; status: number | undefined };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `8981100000000000017:400,8981100000000000020`: SIM IDs, each optionally followed by `:status`. Commas,
 * spaces and line breaks separate entries, and `#` starts a comment to the end of the line, so a file of
 * one SIM per line reads the same. Throws an Error naming the bad entry.
 */
export function parseSimFailures(text: string): SimFailure[] {
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(',')
    .split(/[\s,]+/)
    .filter((entry) => entry !== '');
  return entries.map((entry) => {
    const match = /^([^:]+)(?::(\d{3}))?$/.exec(entry);
    const status = match?.[2] === undefined ? undefined : Number(match[2]);
    if (!match || (status !== undefined && (status < 400 || status > 599))) {
      throw new Error(`${JSON.stringify(entry)} is not a SIM ID or SIM_ID:STATUS with a status from 400 to 599`);
    }
    return { simId: match[1] as string, status };
  });
}

/** `failingSims` for the entries: each with its own status, else `status`; failing `times` tasks each. */
export function failingSimsOption(
  entries: readonly SimFailure[],
  status: number,
  times: number,
): Record<string, FailingSim> {
  return Object.fromEntries(entries.map((e) => [e.simId, { status: e.status ?? status, times }]));
}

const NUMBER_FIELDS = new Set(['status', 'times', 'retryAfterSeconds', 'processDelayMs']);
const TEXT_FIELDS = new Set(['malformedBody', 'body']);

/**
 * One `--fault`: `status=429,times=3,operations=createBatchJob+getBatchJob,retryAfterSeconds=1` (the fields of
 * `FaultRule`, operations joined with `+`, `times=Infinity` for ever), or the rule as a JSON object (for
 * `headers`, or a `body` with commas). Checked as `startBatchEmulator` checks it; throws an Error saying what
 * is wrong.
 */
export function parseFaultRule(text: string): FaultRule {
  let rule: Record<string, unknown>;
  if (text.trim().startsWith('{')) {
    try {
      rule = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error('it starts with { but is not valid JSON');
    }
  } else {
    rule = {};
    for (const pair of text.split(',')) {
      const at = pair.indexOf('=');
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (at < 0 || key === '' || value === '') throw new Error(`${JSON.stringify(pair)} is not FIELD=VALUE`);
      if (key in rule) throw new Error(`${key} is given twice`);
      if (key === 'operations') rule.operations = value.split('+').map((o) => o.trim());
      else if (NUMBER_FIELDS.has(key)) {
        const n = value === 'Infinity' ? Infinity : Number(value);
        if (!/^\d+(\.\d+)?$/.test(value) && value !== 'Infinity') throw new Error(`${key} must be a number`);
        rule[key] = n;
      } else if (TEXT_FIELDS.has(key)) rule[key] = value;
      else {
        throw new Error(
          `${key} is not a field of a fault rule; use ${[...NUMBER_FIELDS, 'operations', ...TEXT_FIELDS].join(', ')}, or a JSON object`,
        );
      }
    }
  }
  try {
    normalizeFault('fault', rule);
  } catch (error) {
    throw new Error(String((error as Error).message).replace(/^startBatchEmulator: options\.fault\.?/, ''));
  }
  return rule as FaultRule;
}

function describeStart(emulator: BatchEmulator, options: BatchEmulatorOptions): string[] {
  const c = emulator.credentials;
  const failing = Object.keys(options.failingSims ?? {}).length;
  const faults = options.faults?.length ?? 0;
  return [
    `Soracom Batch emulator listening on ${emulator.baseUrl}`,
    `  operator ID      ${c.operatorId}`,
    `  AuthKey          ${c.authKeyId} / ${c.authKey} (POST ${emulator.baseUrl}/auth)`,
    `  API key / token  ${c.apiKey} / ${c.token}`,
    // What soracom-batch's CLI and fromEnv() read (SORACOM_ENDPOINT is an origin: /v1 is appended).
    `  environment      SORACOM_ENDPOINT=${new URL(emulator.baseUrl).origin} SORACOM_AUTH_KEY_ID=${c.authKeyId} SORACOM_AUTH_KEY=${c.authKey}`,
    `  SIMs             ${emulator.state.sims().length} (8981100000000000000 + i)`,
    ...(failing > 0 ? [`  failing SIMs     ${failing}`] : []),
    ...(faults > 0 ? [`  fault rules      ${faults}`] : []),
    ...(options.hideJobSummary ? ['  job summaries    hidden'] : []),
    ...(options.cors === false ? ['  CORS             off'] : []),
    '  Demo credentials only: they work against this emulator and nowhere else.',
    'Press Ctrl+C to stop.',
  ];
}

/**
 * Starts the emulator and prints where it listens: text lines, or with `json` one line
 * `{baseUrl, port, credentials}`. Undefined (after saying why on `err`) when it could not start.
 */
export async function runEmulator(
  options: BatchEmulatorOptions,
  output: { json: boolean },
  io: EmulatorIo,
): Promise<BatchEmulator | undefined> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    io.err(`Warning: listening on ${host}, not loopback: anyone who can reach it can use the demo credentials.`);
  }
  let emulator: BatchEmulator;
  try {
    emulator = await startBatchEmulator(options);
  } catch (error) {
    io.err(
      `Could not start the emulator on ${host}:${options.port ?? 0}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  const unknown = Object.keys(options.failingSims ?? {}).filter((id) => emulator.state.sim(id) === undefined);
  if (unknown.length > 0) {
    io.err(
      `Warning: ${unknown.length} failing SIM(s) are not in the inventory (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', ...' : ''}): their tasks answer 404 as for any unknown SIM.`,
    );
  }
  if (output.json) {
    io.out(JSON.stringify({ baseUrl: emulator.baseUrl, port: emulator.port, credentials: emulator.credentials }));
  } else for (const line of describeStart(emulator, options)) io.out(line);
  return emulator;
}
