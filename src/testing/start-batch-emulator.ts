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
import { createEmulatorState, type EmulatorState } from './emulator-state.js';
import { FaultInjector } from './faults.js';
import { createRequestListener, RequestLog } from './http-server.js';
import { Inventory } from './inventory.js';
import { JobRunner, type RunnerSettings } from './job-runner.js';
import type { BatchEmulatorOptions } from './options.js';
import { API_PREFIX } from './routes.js';

/**
 * Credentials that work against this emulator: the first configured of each kind.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator();
 * const { authKeyId, authKey } = emulator.credentials;
 * const batch = createBatchClient({ baseUrl: emulator.baseUrl, auth: { authKeyId: authKeyId!, authKey: authKey! } });
 * ```
 * @category Emulator
 */
export type EmulatorLogin = {
  /** The operator every credential belongs to. */
  operatorId: string;
  /** For `POST /auth {authKeyId, authKey}` (absent when no AuthKey is configured). */
  authKeyId?: string;
  /** The secret of `authKeyId`. */
  authKey?: string;
  /** A ready-made pair for `X-Soracom-API-Key` / `X-Soracom-Token` (absent when none is configured). */
  apiKey?: string;
  /** The token paired with `apiKey`. */
  token?: string;
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
 * const batch = createBatchClient({ baseUrl: emulator.baseUrl, auth: { apiKey: emulator.credentials.apiKey!, token: emulator.credentials.token! } });
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
  /** Credentials that work against it. */
  credentials: EmulatorLogin;
  /** What tests may see and steer while it runs. */
  state: EmulatorState;
  /**
   * Stops processing, drops open connections and stops listening. Safe to call twice.
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
 * import { simIdAt, simIds, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator({ sims: 100, failingSims: [simIdAt(7)] });
 * const batch = createBatchClient({ baseUrl: emulator.baseUrl, auth: { authKeyId: emulator.credentials.authKeyId!, authKey: emulator.credentials.authKey! } });
 * const group = await batch.createBatchGroup({ body: { batchGroupName: 'test' } });
 * const result = await batch.runTasks({ batch_group_id: group.batchGroupId!, tasks: tasks.many('suspendSim', simIds(100)) });
 * console.log(result.failed); // 1
 * await emulator.close();
 * ```
 * @category Emulator
 */
export async function startBatchEmulator(options?: BatchEmulatorOptions): Promise<BatchEmulator> {
  const o = normalizeOptions(options);
  const inventory = new Inventory(o.sims, o.vpgs, o.failingSims);
  const store = new BatchStore();
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
  let closed = false;

  const server = createServer(
    createRequestListener({
      handlers: {
        ...createBatchHandlers({ store, runner, limits: o }),
        ...createAuthHandlers(auth),
      },
      auth,
      faults,
      log,
      settings: serverSettings,
      isClosed: () => closed,
    }),
  );
  // Jobs of 10,000 tasks make big bodies; keep-alive lets pollers reuse connections.
  server.keepAliveTimeout = 5_000;

  const address = await listen(server, o.port, o.host);
  const baseUrl = `http://${urlHost(address)}:${address.port}${API_PREFIX}`;
  const firstKey = [...o.credentials.authKeys.entries()][0];
  const firstPair = o.credentials.apiTokens[0];
  const credentials: EmulatorLogin = {
    operatorId: o.credentials.operatorId,
    ...(firstKey && { authKeyId: firstKey[0], authKey: firstKey[1] }),
    ...(firstPair && { apiKey: firstPair.apiKey, token: firstPair.token }),
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      runner.stop();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    baseUrl,
    port: address.port,
    host: o.host,
    credentials,
    state: createEmulatorState({ store, inventory, runner, runnerSettings, serverSettings, auth, faults, log }),
    close,
  };
}
