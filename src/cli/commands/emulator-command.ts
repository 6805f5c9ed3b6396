/**
 * `emulator`: the SDK's local Batch API emulator (soracom-batch/testing), to try the CLI without an
 * account and to test scripts. It runs until Ctrl-C. The demo credentials it prints work against it
 * and nowhere else.
 */
import type { Command } from 'commander';
import { runEmulator } from '../../testing/emulator-cli.js';
import { type CommandContext, ExitCode, examples, integerFlag } from '../program.js';

type EmulatorFlags = {
  port: number;
  host: string;
  sims: number;
  taskDurationMs?: number;
  latencyMs?: number;
  json?: boolean;
};

export function addEmulatorCommand(program: Command, ctx: CommandContext): void {
  program
    .command('emulator')
    .description('run the local Batch API emulator (in memory, with demo credentials) until Ctrl-C')
    .option('--port <n>', 'TCP port (0: any free port, printed on start)', integerFlag(0, 65535), 0)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--sims <n>', 'SIMs in the inventory, IDs 8981100000000000000 + i', integerFlag(0, 1_000_000), 1000)
    .option('--task-duration-ms <n>', 'time each task takes (default 0)', integerFlag(0))
    .option('--latency-ms <n>', 'delay before every answer (default 0)', integerFlag(0))
    .option('--json', 'print one JSON line {baseUrl, port, credentials} instead of text')
    .addHelpText(
      'after',
      examples(
        'soracom-batch emulator --port 8080 --sims 25000',
        '# in another shell:',
        'export SORACOM_ENDPOINT=http://127.0.0.1:8080 SORACOM_AUTH_KEY_ID=keyId-emulator-demo SORACOM_AUTH_KEY=secret-emulator-demo',
        'soracom-batch groups list',
      ),
    )
    .action(
      ctx.action(async (flags: EmulatorFlags) => {
        const argv = ['--port', String(flags.port), '--host', flags.host, '--sims', String(flags.sims)];
        if (flags.taskDurationMs !== undefined) argv.push('--task-duration-ms', String(flags.taskDurationMs));
        if (flags.latencyMs !== undefined) argv.push('--latency-ms', String(flags.latencyMs));
        if (flags.json) argv.push('--json');
        const started = await runEmulator(argv, {
          out: (line) => ctx.io.stdout.write(`${line}\n`),
          err: (line) => ctx.io.stderr.write(`${line}\n`),
        });
        // The emulator's own usage errors are exit 2; for this CLI a bad flag is a usage error (1).
        if ('exitCode' in started) return started.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
        const { emulator } = started;
        if (!flags.json) {
          const origin = emulator.baseUrl.replace(/\/v1$/, '');
          ctx.io.stderr.write(
            `Try: soracom-batch --endpoint ${origin} --auth-key-id ${emulator.credentials.authKeyId ?? ''} --auth-key ${emulator.credentials.authKey ?? ''} groups list\n`,
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
      }),
    );
}
