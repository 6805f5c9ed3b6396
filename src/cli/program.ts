/**
 * The command tree (commander). One program is built per `runCli` call, so in-process runs share
 * nothing. Output goes to the io given, never to `process`, and errors never call `process.exit`.
 */
import { Command } from 'commander';
import { SDK_VERSION } from '../version.js';
import type { CommandContext } from './command-context.js';
import { addEmulatorCommand } from './commands/emulator-command.js';
import { addGroupsCommand } from './commands/groups-command.js';
import { addJobsCommand } from './commands/jobs-command.js';
import { addRetryFailedCommand } from './commands/retry-failed-command.js';
import { addRunCommand } from './commands/run-command.js';
import { addGlobalOptions } from './global-options.js';
import { examples } from './help-text.js';

const MAIN_HELP = `
Authentication (most specific first):
  1. --api-key/--api-token, or --auth-key-id/--auth-key
  2. --profile NAME (a soracom-cli profile: $SORACOM_PROFILE_DIR/NAME.json, else ~/.soracom/NAME.json)
  3. SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY
  4. the profile named by SORACOM_PROFILE, else the "default" profile
Endpoint: --endpoint, SORACOM_ENDPOINT, --coverage-type, SORACOM_COVERAGE_TYPE, the profile's
  endpoint, the profile's coverageType (jp when none).
Other environment: SORACOM_PROFILE_DIR, SORACOM_VERBOSE (like --verbose), SORACOM_LOG (SDK log level).

Exit codes:
  0  all succeeded
  1  usage or input error (nothing was sent, or nothing more)
  2  API or network error
  3  the run finished, but some tasks failed or did not run
  130  interrupted (Ctrl-C / SIGTERM); rerun with the same --state-file to resume
`;

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('soracom-batch')
    .description('Soracom Batch API from the shell: batch groups, jobs, and runs of one action over thousands of SIMs.')
    .version(SDK_VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      getOutHelpWidth: () => ctx.io.stdout.columns ?? 100,
      getErrHelpWidth: () => ctx.io.stderr.columns ?? 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)');
  addGlobalOptions(program);
  addGroupsCommand(program, ctx);
  addJobsCommand(program, ctx);
  addRunCommand(program, ctx);
  addRetryFailedCommand(program, ctx);
  addEmulatorCommand(program, ctx);
  program.addHelpText(
    'after',
    MAIN_HELP +
      examples(
        'soracom-batch --profile prod groups list --output table',
        'soracom-batch run put-tags --input fleet.csv --group-name "July tags" --state-file tags.state.json --failed-output failed.csv',
        'soracom-batch retry-failed --batch-group-id GROUP --job JOB',
        'soracom-batch run --help',
      ),
  );
  return program;
}
