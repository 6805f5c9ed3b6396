/**
 * `startBatchEmulator(options)`: a stateful stand-in for the Soracom Batch API (9 operations) and
 * its auth operations (3), on loopback, under `/v1` like the real API. It wires the modules together
 * and owns the HTTP server's lifetime.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthStore, createAuthHandlers } from './auth.js';
import { createBatchHandlers } from './batch-handlers.js';
import { BatchStore } from './batch-store.js';
import { normalizeOptions } from './check-options.js';
import { createControlHandler } from './control.js';
import { createEmulatorState, type EmulatorState } from './emulator-state.js';
import { FaultInjector } from './faults.js';
import { createRequestListener, RequestLog } from './http-server.js';
import { Inventory } from './inventory.js';
import { JobRunner, type RunnerSettings } from './job-runner.js';
import type { ApiTokenPair, BatchEmulatorOptions } from './options.js';
import { API_PREFIX } from './routes.js';

/**
 * Every credential that works against this emulator, in one object, e.g. to print (the CLI's `--json`
 * line). To configure a client, pass `emulator.clientOptions` or `emulator.apiToken` instead: a client
 * takes one kind of credentials, and this object holds two.
 *
 * @example
 * ```ts
 * import { startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator();
 * const { operatorId, authKeyId, apiKey } = emulator.credentials;
 * console.log(`${operatorId}: AuthKey ${authKeyId}, API key ${apiKey}`);
 * ```
 * @category Emulator
 */
export type EmulatorLogin = {
  /** The operator every credential belongs to. */
  operatorId: string;
  /** For `POST /auth {authKeyId, authKey}`: the first configured AuthKey (else one the emulator made up). */
  authKeyId: string;
  /** The secret of `authKeyId`. */
  authKey: string;
  /** A ready-made pair for `X-Soracom-API-Key` / `X-Soracom-Token`: the first configured (else a made-up one). */
  apiKey: string;
  /** The token paired with `apiKey`. */
  token: string;
};

/**
 * Options for `createBatchClient` that reach this emulator and log in with its AuthKey. The client logs in as
 * it would against the real API, so login, token renewal and re-login on 401 are exercised too.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { type EmulatorClientOptions, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator();
 * const options: EmulatorClientOptions = emulator.clientOptions;
 * const batch = createBatchClient({ ...options, maxRetries: 0 });
 * ```
 * @category Emulator
 */
export type EmulatorClientOptions = {
  /** The API root, e.g. `http://127.0.0.1:43210/v1`. */
  baseUrl: string;
  /** An AuthKey the emulator accepts. */
  auth: {
    /** The AuthKey ID. */
    authKeyId: string;
    /** The AuthKey secret. */
    authKey: string;
  };
};

/**
 * A running emulator: its address, credentials that work, its state, and `close()`.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { type BatchEmulator, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator: BatchEmulator = await startBatchEmulator();
 * const batch = createBatchClient(emulator.clientOptions);
 * await batch.createBatchGroup({ body: { batchGroupName: 'test' } });
 * console.log(emulator.state.groups().length); // 1
 * await emulator.close();
 * ```
 * @category Emulator
 */
export type BatchEmulator = {
  /** The API root, e.g. `http://127.0.0.1:43210/v1`: pass it as the client's `baseUrl`. */
  baseUrl: string;
  /** The TCP port it listens on. */
  port: number;
  /** The interface it listens on. */
  host: string;
  /** `createBatchClient(emulator.clientOptions)`: the base URL and an AuthKey the client logs in with. */
  clientOptions: EmulatorClientOptions;
  /** A ready-made API key and token, for `auth` when a test should skip logging in. */
  apiToken: ApiTokenPair;
  /** Every credential that works against it, in one object (for display; not a client's `auth`). */
  credentials: EmulatorLogin;
  /** What tests may see and steer while it runs. */
  state: EmulatorState;
  /**
   * Stops processing, drops open connections and requests still waiting, and stops listening. Safe to
   * call twice.
   *
   * @example
   * ```ts
   * import { startBatchEmulator } from 'soracom-batch/testing';
   *
   * const emulator = await startBatchEmulator();
   * try {
   *   // ... exercise the code under test against emulator.baseUrl
   * } finally {
   *   await emulator.close();
   * }
   * ```
   */
  close(): Promise<void>;
};

function urlHost(address: AddressInfo): string {
  // A wildcard address is reachable on loopback; IPv6 literals need brackets in a URL.
  if (address.address === '0.0.0.0' || address.address === '::') return '127.0.0.1';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a local, stateful stand-in for the Soracom Batch API and resolves once it listens.
 *
 * It answers the 9 Batch operations and the 3 auth operations on loopback, under `/v1` like the real API.
 *
 * @example
 * ```ts
 * import { createBatchClient, tasks } from 'soracom-batch';
 * import { runTasks } from 'soracom-batch/jobs';
 * import { simIdAt, simIds, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator({ sims: 100, failingSims: [simIdAt(7)] });
 * const batch = createBatchClient(emulator.clientOptions);
 * const { batchGroupId } = await batch.createBatchGroup({ body: { batchGroupName: 'test' } });
 * const result = await runTasks(batch, { batch_group_id: batchGroupId, tasks: tasks.many('suspendSim', simIds(100)) });
 * console.log(result.failed); // 1
 * await emulator.close();
 * ```
 * @category Emulator
 */
export async function startBatchEmulator(options?: BatchEmulatorOptions): Promise<BatchEmulator> {
  const o = normalizeOptions(options);
  const inventory = new Inventory(o.sims, o.vpgs, o.failingSims);
  const store = new BatchStore(o.hideJobSummary);
  const runnerSettings: RunnerSettings = {
    taskDurationMs: o.taskDurationMs,
    tasksPerTick: o.tasksPerTick,
    summaryEveryTasks: o.summaryEveryTasks,
    jobStartDelayMs: o.jobStartDelayMs,
  };
  const runner = new JobRunner(inventory, runnerSettings, o.paused);
  const auth = new AuthStore(o.credentials);
  const faults = new FaultInjector();
  faults.add(o.faults);
  const log = new RequestLog(o.requestLogLimit);
  const serverSettings = { latencyMs: o.latencyMs, expiredTokenStatus: o.expiredTokenStatus };
  const closing = new AbortController();

  const server = createServer(
    createRequestListener({
      handlers: {
        ...createBatchHandlers({ store, runner, limits: o }),
        ...createAuthHandlers(auth),
      },
      control: createControlHandler(inventory),
      auth,
      faults,
      log,
      settings: serverSettings,
      cors: o.cors,
      closing: closing.signal,
    }),
  );
  // Jobs of 10,000 tasks make big bodies; keep-alive lets pollers reuse connections.
  server.keepAliveTimeout = 5_000;

  const address = await listen(server, o.port, o.host);
  const baseUrl = `http://${urlHost(address)}:${address.port}${API_PREFIX}`;
  // check-options.ts guarantees one AuthKey and one ready-made pair.
  const [authKeyId, authKey] = [...o.credentials.authKeys.entries()][0] as [string, string];
  const { apiKey, token } = o.credentials.apiTokens[0] as ApiTokenPair;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      closing.abort();
      runner.stop();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    baseUrl,
    port: address.port,
    host: o.host,
    clientOptions: Object.freeze({ baseUrl, auth: Object.freeze({ authKeyId, authKey }) }),
    apiToken: Object.freeze({ apiKey, token }),
    credentials: Object.freeze({ operatorId: o.credentials.operatorId, authKeyId, authKey, apiKey, token }),
    state: createEmulatorState({ store, inventory, runner, runnerSettings, serverSettings, auth, faults, log }),
    close,
  };
}
