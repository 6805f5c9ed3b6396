/**
 * Process entry: `tsx src/testing/emulator-main.ts --port 8080`. Runs the emulator until SIGINT or
 * SIGTERM, then closes it and exits 0.
 */
import { runEmulator } from './emulator-cli.js';

const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
const result = await runEmulator(process.argv.slice(2), io);

if ('exitCode' in result) {
  process.exitCode = result.exitCode;
} else {
  const stop = (signal: NodeJS.Signals): void => {
    io.err(`${signal}: stopping the emulator`);
    result.emulator.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        io.err(`Error while stopping: ${String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
