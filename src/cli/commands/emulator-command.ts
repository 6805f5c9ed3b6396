/**
 * `emulator`: the SDK's local Batch API emulator (soracom-batch/testing), to try the CLI without an
 * account and to test scripts. It runs until Ctrl-C. The demo credentials it prints work against it
 * and nowhere else. Its failure flags map to the emulator's options (`failingSims`, `faults`,
 * `hideJobSummary`, `cors`), so a failure walkthrough can be rehearsed from the shell.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CONTROL_PREFIX } from '../../testing/control.js';
import {
  failingSimsOption,
  parseFaultRule,
  parseSimFailures,
  runEmulator,
  type SimFailure,
} from '../../testing/emulator-cli.js';
import type { Sim } from '../../testing/inventory.js';
import { type BatchEmulatorOptions, DEFAULT_SIM_COUNT, type FaultRule, type SimStatus } from '../../testing/options.js';
import { endpointToBaseUrl } from '../connection.js';
import { UsageError } from '../errors.js';
import { helpConfiguration } from '../help-format.js';
import { readTextSource } from '../io.js';
import { formatOutput, type OutputFormat } from '../output.js';
import { type CommandContext, ExitCode, examples, integerFlag } from '../program.js';

type EmulatorFlags = {
  port: number;
  host: string;
  sims: number;
  taskDurationMs?: number;
  latencyMs?: number;
  json?: boolean;
  failSims: SimFailure[];
  failSimsFile?: string;
  failStatus: number;
  failTimes?: number;
  fault: FaultRule[];
  hideJobSummary?: boolean;
  cors: boolean;
};

/** A parser of a repeatable flag whose reason for refusing a value becomes commander's usage error. */
function collectParsed<T>(parse: (value: string) => T | T[]): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => {
    try {
      return [...(previous ?? []), ...[parse(value)].flat()] as T[];
    } catch (error) {
      throw new InvalidArgumentError(`${(error as Error).message}.`);
    }
  };
}

const EMULATOR_HELP = `
Fault rules (--fault) take the fields of the SDK's FaultRule; operations are joined with +:
  status=429,times=3,operations=createBatchJob,retryAfterSeconds=1   429 three times, then the real answer
  status=503,times=Infinity                                          every request, until restarted
  operations=createBatchJob,processDelayMs=2500                      the job is created 2.5 s late, then answered
  operations=getBatchJob,malformedBody=truncated-json                a 200 whose JSON is cut (or not-json, empty)
${examples(
  'soracom-batch emulator --port 8080 --sims 25000',
  '# in another shell:',
  'export SORACOM_ENDPOINT=http://127.0.0.1:8080 SORACOM_AUTH_KEY_ID=keyId-emulator-demo SORACOM_AUTH_KEY=secret-emulator-demo',
  'soracom-batch groups list',
  '',
  '# two SIMs whose tasks fail (400 and 500), once each, like the failure walkthrough:',
  'soracom-batch emulator --port 8080 --sims 25000 --fail-sims 8981100000000000017:400,8981100000000012345 --fail-times 1',
  'soracom-batch emulator --fail-sims-file failing.txt --fail-status 503',
  "soracom-batch emulator --fault 'status=429,times=3,operations=createBatchJob,retryAfterSeconds=1'",
  'soracom-batch emulator --fault \'{"status":429,"headers":{"x-soracom-ratelimit-remaining":"0"}}\'',
)}`;

/** Runs the emulator until Ctrl-C, as the flags say. */
async function serve(ctx: CommandContext, flags: EmulatorFlags): Promise<number> {
  const failures = [...flags.failSims];
  if (flags.failSimsFile !== undefined) {
    const source = await readTextSource(flags.failSimsFile, ctx.io, '--fail-sims-file');
    try {
      failures.push(...parseSimFailures(source.text));
    } catch (error) {
      throw new UsageError(`--fail-sims-file ${source.label}: ${(error as Error).message}`);
    }
  }
  const options: BatchEmulatorOptions = {
    port: flags.port,
    host: flags.host,
    sims: flags.sims,
    failingSims: failingSimsOption(failures, flags.failStatus, flags.failTimes ?? Infinity),
    faults: flags.fault,
    hideJobSummary: flags.hideJobSummary === true,
    cors: flags.cors,
    ...(flags.taskDurationMs !== undefined && { taskDurationMs: flags.taskDurationMs }),
    ...(flags.latencyMs !== undefined && { latencyMs: flags.latencyMs }),
  };
  const emulator = await runEmulator(
    options,
    { json: flags.json === true },
    {
      out: (line) => ctx.io.stdout.write(`${line}\n`),
      err: (line) => ctx.io.stderr.write(`${line}\n`),
    },
  );
  // It could not listen (a port in use, an address it cannot bind): the flags need changing.
  if (emulator === undefined) return ExitCode.usage;
  if (!flags.json) {
    const origin = emulator.baseUrl.replace(/\/v1$/, '');
    const { authKeyId, authKey } = emulator.clientOptions.auth;
    ctx.io.stderr.write(
      `Try: soracom-batch --endpoint ${origin} --auth-key-id ${authKeyId} --auth-key ${authKey} groups list\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const off = ctx.io.onInterrupt(() => {
      off();
      resolve();
    });
  });
  await emulator.close();
  ctx.io.stderr.write('Emulator stopped.\n');
  return ExitCode.ok;
}

export function addEmulatorCommand(program: Command, ctx: CommandContext): void {
  const emulator = program
    .command('emulator')
    .description('run the local Batch API emulator (in memory, with demo credentials) until Ctrl-C')
    // It sends nothing to an API: the credential, endpoint and output options mean nothing here.
    .configureHelp(helpConfiguration(false))
    .option('--port <n>', 'TCP port (0: any free port, printed on start)', integerFlag(0, 65535), 0)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option(
      '--sims <n>',
      'SIMs in the inventory, IDs 8981100000000000000 + i',
      integerFlag(0, 1_000_000),
      DEFAULT_SIM_COUNT,
    )
    .option('--task-duration-ms <n>', 'time each task takes (default 0)', integerFlag(0))
    .option('--latency-ms <n>', 'delay before every answer (default 0)', integerFlag(0))
    .option(
      '--fail-sims <list>',
      'tasks on these SIMs fail: SIM_ID or SIM_ID:STATUS, comma-separated (repeatable)',
      collectParsed(parseSimFailures),
      [],
    )
    .option('--fail-sims-file <path>', 'the same, read from a file (one or more per line, # comments; - for stdin)')
    .option('--fail-status <code>', 'status of failing tasks without their own', integerFlag(400, 599), 500)
    .option(
      '--fail-times <n>',
      'each failing SIM fails this many tasks, then works (default: every task)',
      integerFlag(1),
    )
    .option(
      '--fault <rule>',
      "answer matching requests with a fault: FIELD=VALUE,... of the SDK's FaultRule, or JSON (repeatable)",
      collectParsed(parseFaultRule),
      [],
    )
    .option('--hide-job-summary', 'answer jobs without "summary" (tasks still run and fail as usual)')
    .option('--no-cors', 'send no CORS headers (on by default, so a browser app can call it)')
    .option('--json', 'print one JSON line {baseUrl, port, credentials} instead of text')
    .addHelpText('after', EMULATOR_HELP)
    .action(ctx.action((flags: EmulatorFlags) => serve(ctx, flags)));
  addEmulatorSimsCommand(emulator, ctx);
}

/** The statuses a SIM of the emulator can have (its SimStatus). */
const SIM_STATUSES: readonly SimStatus[] = ['ready', 'active', 'inactive', 'standby', 'suspended', 'terminated'];

/**
 * What `emulator sims` prints: the IDs, one per line, unless `--output` asks for rows (csv, jsonl, table:
 * the input's column names) or the inventory as JSON.
 */
type SimFormat = 'ids' | OutputFormat;

const SIM_COLUMNS = ['sim_id', 'imsi', 'status', 'group_id', 'tags'];

/** A SIM as a row of `--input`: the CLI's own column names, so the file is a run's input as it is. */
function simRow(sim: Sim): Record<string, string> {
  return {
    sim_id: sim.simId,
    imsi: sim.imsi,
    status: sim.status,
    group_id: sim.groupId ?? '',
    tags: Object.entries(sim.tags)
      .map(([name, value]) => `${name}=${value}`)
      .join(';'),
  };
}

export function formatSims(sims: readonly Sim[], format: SimFormat): string {
  if (format === 'ids') return sims.map((sim) => `${sim.simId}\n`).join('');
  if (format === 'json') return `${JSON.stringify(sims, null, 2)}\n`;
  const rows = sims.map(simRow);
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  // csv cells neutralised and table cells made visible, as for every command (output.ts).
  return formatOutput(format, rows, { rows, columns: SIM_COLUMNS });
}

/** The emulator's origin from --endpoint or SORACOM_ENDPOINT (the line the emulator prints exports it). */
function emulatorOrigin(ctx: CommandContext, command: Command): string {
  const { endpoint } = ctx.globals(command);
  const value = endpoint ?? ctx.io.env.SORACOM_ENDPOINT?.trim();
  if (!value) {
    throw new UsageError(
      'emulator sims reads a running emulator: pass --endpoint http://127.0.0.1:PORT, or set SORACOM_ENDPOINT as the emulator prints it',
    );
  }
  return endpointToBaseUrl(value, endpoint ? '--endpoint' : 'SORACOM_ENDPOINT').replace(/\/v1$/, '');
}

function addEmulatorSimsCommand(emulator: Command, ctx: CommandContext): void {
  emulator
    .command('sims')
    .description(
      "list the SIMs of a running emulator (at --endpoint, else SORACOM_ENDPOINT): their IDs, one per line, or with --output csv, jsonl or table rows with the input's columns (sim_id, imsi, status, group_id, tags), or --output json the inventory; ready to be a run's --input",
    )
    .addOption(new Option('--status <status>', 'only the SIMs in this status').choices([...SIM_STATUSES]))
    .addHelpText(
      'after',
      examples(
        'soracom-batch emulator sims --endpoint http://127.0.0.1:8080 > sims.txt',
        'soracom-batch run activate --input sims.txt --batch-group-name trial',
        'soracom-batch emulator sims --output csv --status inactive > inactive.csv',
      ),
    )
    .action(
      ctx.action(async (flags: { status?: string }, command: Command) => {
        const origin = emulatorOrigin(ctx, command);
        // IDs unless --output was given (its default, json, is not a choice made here).
        const format: SimFormat =
          command.getOptionValueSourceWithGlobals('output') === 'cli' ? ctx.globals(command).output : 'ids';
        const url = `${origin}${CONTROL_PREFIX}/sims`;
        let response: Response;
        try {
          response = await ctx.fetch(url);
        } catch (error) {
          throw new UsageError(
            `no emulator answers at ${origin}: start one with "soracom-batch emulator" (${String((error as Error).cause ?? error)})`,
          );
        }
        if (!response.ok) {
          throw new UsageError(
            `${origin} answered ${response.status} to ${CONTROL_PREFIX}/sims: is it a soracom-batch emulator?`,
          );
        }
        const sims = ((await response.json()) as Sim[]).filter((sim) => !flags.status || sim.status === flags.status);
        ctx.io.stdout.write(formatSims(sims, format));
        return ExitCode.ok;
      }),
    );
}
