/**
 * The SDK client a command uses: credentials and endpoint from `auth-options.ts`, the SDK's log lines
 * sent to stderr (through the context, so they print above a live progress bar), and the job helpers
 * (`runTasks`, `waitForJob`, ...) over the same client.
 */
import { type BatchClient, createBatchClient } from '../client/client.js';
import type { JobMethods } from '../jobs/job-methods.js';
import { isLogLevel, type Logger, type LogLevel } from '../logging/logging.js';
import { SDK_VERSION } from '../version.js';
import { type Connection, resolveConnection } from './auth-options.js';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';

export type CliClient = { batch: BatchClient; jobs: JobMethods; connection: Connection };

/** `--verbose` shows the SDK's debug lines, `--quiet` only its errors; otherwise `SORACOM_LOG`, else warnings. */
function logLevelOf(g: GlobalOptions, env: Record<string, string | undefined>): LogLevel {
  if (g.verbose) return 'debug';
  if (g.quiet) return 'error';
  const fromEnv = env.SORACOM_LOG?.trim().toLowerCase();
  return isLogLevel(fromEnv) ? fromEnv : 'warn';
}

export function createCliClient(
  g: GlobalOptions,
  io: CliIo,
  log: (line: string) => void,
  onSecrets: (secrets: string[]) => void,
): CliClient {
  const connection = resolveConnection(g, io);
  onSecrets(connection.secrets);
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  const batch = createBatchClient({
    ...connection.options,
    logger,
    logLevel: logLevelOf(g, io.env),
    userAgent: `soracom-batch-cli/${SDK_VERSION}`,
    ...(g.maxRetries !== undefined ? { maxRetries: g.maxRetries } : {}),
  });
  if (g.verbose) log(`[soracom-batch] API ${batch.baseUrl}, credentials from ${connection.credentialSource}`);
  // The job helpers (runTasks, waitForJob, ...) are methods of the client itself.
  return { batch, jobs: batch, connection };
}
