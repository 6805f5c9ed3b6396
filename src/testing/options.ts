/**
 * What `startBatchEmulator` accepts: the option types, the demo credentials and the defaults a reader
 * needs to know. check-options.ts checks them and fills in the defaults.
 */
import type { AuthOperationId } from '../../generated/auth-operations.js';
import type { BatchOperationId } from '../../generated/batch-operations.js';
import type { ErrorBody } from './faults.js';

/**
 * Every operation the emulator answers: the 9 Batch operations and the 3 auth operations.
 *
 * @example
 * ```ts
 * import type { EmulatorOperationId } from 'soracom-batch/testing';
 *
 * const operations: EmulatorOperationId[] = ['createBatchJob', 'auth'];
 * emulator.state.injectFaults({ status: 503, times: 2, operations });
 * ```
 * @category Emulator
 * @useDeclaredType
 */
export type EmulatorOperationId = BatchOperationId | AuthOperationId;

/**
 * The status of a SIM in the emulator's inventory.
 *
 * @example
 * ```ts
 * import { type SimStatus, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const status: SimStatus = 'active';
 * const emulator = await startBatchEmulator({ sims: [{ simId: '8981100000000000001', status }] });
 * ```
 * @category Emulator
 */
export type SimStatus = 'ready' | 'active' | 'inactive' | 'standby' | 'suspended' | 'terminated';

/**
 * One SIM of the inventory, for `sims` and `state.addSims`.
 *
 * @example
 * ```ts
 * import { type SimSeed, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const seeds: SimSeed[] = [
 *   { simId: '8981100000000000001', status: 'active', tags: { area: 'tokyo' } },
 *   { simId: '8981100000000000002', supportsStandby: false },
 * ];
 * const emulator = await startBatchEmulator({ sims: seeds });
 * ```
 * @category Emulator
 */
export type SimSeed = {
  /** The SIM ID, unique in the inventory. */
  simId: string;
  /** Defaults to a 15-digit IMSI derived from the SIM's position in the inventory. */
  imsi?: string;
  /** Defaults to `ready`. */
  status?: SimStatus;
  /** The group the SIM is in (default: none). */
  groupId?: string;
  /** The SIM's tags, name → value (default: none). */
  tags?: Record<string, string>;
  /** Whether `set_to_standby` is accepted (the API answers 400 for SIMs without standby). Default true. */
  supportsStandby?: boolean;
};

/**
 * Injected answers: the next `times` matching requests get `status` instead of being handled.
 *
 * @example
 * ```ts
 * import { type FaultRule, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const rateLimited: FaultRule = { status: 429, times: 3, operations: ['createBatchJob'], retryAfterSeconds: 1 };
 * const emulator = await startBatchEmulator({ faults: [rateLimited] });
 * ```
 * @category Emulator
 */
export type FaultRule = {
  /** 429 or a 5xx (any 4xx/5xx is accepted). */
  status: number;
  /** How many requests it answers (default 1; `Infinity` until `state.clearFaults()`). */
  times?: number;
  /** Only these operations (default: every operation, auth included). */
  operations?: readonly EmulatorOperationId[];
  /** Sends `Retry-After: <seconds>` with the answer. */
  retryAfterSeconds?: number;
  /** A string is sent as text/plain (like a load balancer's page); default is a `{code, message}` JSON. */
  body?: string | ErrorBody;
};

/**
 * A ready-made API key and token the emulator accepts.
 *
 * @example
 * ```ts
 * import { type ApiTokenPair, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const pair: ApiTokenPair = { apiKey: 'api-test', token: 'token-test' };
 * const emulator = await startBatchEmulator({ credentials: { apiTokens: [pair] } });
 * ```
 * @category Emulator
 */
export type ApiTokenPair = {
  /** Sent as `X-Soracom-API-Key`. */
  apiKey: string;
  /** Sent as `X-Soracom-Token`. */
  token: string;
};

/**
 * Who may log in. Given credentials replace the demo ones entirely.
 *
 * @example
 * ```ts
 * import { type EmulatorCredentials, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const credentials: EmulatorCredentials = { authKeys: { 'keyId-test': 'secret-test' }, samUsers: { 'batch-runner': 'pw' } };
 * const emulator = await startBatchEmulator({ credentials });
 * ```
 * @category Emulator
 */
export type EmulatorCredentials = {
  /** The one operator the emulator serves (default `OP0000000001`). */
  operatorId?: string;
  /** AuthKey ID → AuthKey secret, for `POST /auth {authKeyId, authKey}`. */
  authKeys?: Record<string, string>;
  /** Root account email → password, for `POST /auth {email, password}`. */
  rootAccounts?: Record<string, string>;
  /** SAM user name → password, for `POST /auth {operatorId, userName, password}`. */
  samUsers?: Record<string, string>;
  /** Ready-made API key and token pairs, valid until `state.expireTokens()` or logout. */
  apiTokens?: readonly ApiTokenPair[];
};

/**
 * The options of `startBatchEmulator`: where to listen, the SIM inventory, credentials, pacing of jobs,
 * failures and faults. All are optional.
 *
 * @example
 * ```ts
 * import { type BatchEmulatorOptions, simIdAt, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const options: BatchEmulatorOptions = {
 *   sims: 10_000,
 *   taskDurationMs: 0.25,
 *   failingSims: { [simIdAt(3)]: 404 },
 *   faults: [{ status: 500, times: 1 }],
 * };
 * const emulator = await startBatchEmulator(options);
 * ```
 * @category Emulator
 */
export type BatchEmulatorOptions = {
  /** TCP port (default 0: a free port chosen by the OS). */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** The SIM inventory: a count of deterministic SIMs (`simIdAt(0..n-1)`) or explicit seeds. Default 100. */
  sims?: number | readonly SimSeed[];
  /** IDs of the Virtual Private Gateways that exist (default: one, `DEFAULT_VPG_ID`). */
  vpgs?: readonly string[];
  /** Credentials accepted by `POST /auth` and pre-issued API tokens (default: the demo credentials). */
  credentials?: EmulatorCredentials;
  /** Time each task takes in milliseconds, fractions allowed (default 0). */
  taskDurationMs?: number;
  /** Tasks one job may run per scheduler tick, so HTTP stays responsive under big jobs (default 1000). */
  tasksPerTick?: number;
  /** The visible summary is refreshed every N tasks (and when the job ends), like the API's periodic updates (default 1). */
  summaryEveryTasks?: number;
  /** How long a new job stays `pending` before it starts running (default 0: the next tick). */
  jobStartDelayMs?: number;
  /** Delay before every answer (default 0). */
  latencyMs?: number;
  /** SIMs whose tasks fail: IDs (answered 500) or ID → status code. */
  failingSims?: readonly string[] | Readonly<Record<string, number>>;
  /** Faults active from the start; more can be injected with `state.injectFaults()`. */
  faults?: readonly FaultRule[];
  /** Status for an expired token: 401 (default) or 400, the two the API has been seen to answer. */
  expiredTokenStatus?: 400 | 401;
  /** Task limit per job (default 10,000, the API's). */
  maxTasksPerJob?: number;
  /** Page size when a list request has no `limit` (default 100). */
  defaultPageLimit?: number;
  /** Larger `limit`s are reduced to this (the spec allows fewer items than asked) (default 1000). */
  maxPageLimit?: number;
  /** Request log entries kept, oldest dropped first (default 10,000). */
  requestLogLimit?: number;
  /** Start with job processing paused (`state.resume()` starts it). */
  paused?: boolean;
};

/**
 * The VPG that exists when `vpgs` is not given.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { DEFAULT_VPG_ID, imsiAt } from 'soracom-batch/testing';
 *
 * const task = tasks.putVirtualPrivateGatewayIpAddressMapEntry(DEFAULT_VPG_ID, { key: imsiAt(0), ipAddress: '10.0.0.1' });
 * ```
 * @category Emulator
 */
export const DEFAULT_VPG_ID = '00000000-0000-4000-8000-00000000f00d';

/**
 * The demo credentials, for local demos only (the emulator is not a security boundary).
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { DEMO_CREDENTIALS, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator();
 * const { authKeyId, authKey } = DEMO_CREDENTIALS;
 * const batch = createBatchClient({ baseUrl: emulator.baseUrl, auth: { authKeyId, authKey } });
 * ```
 * @category Emulator
 */
export const DEMO_CREDENTIALS = {
  /** The operator the emulator serves. */
  operatorId: 'OP0000000001',
  /** The demo AuthKey ID. */
  authKeyId: 'keyId-emulator-demo',
  /** The demo AuthKey secret. */
  authKey: 'secret-emulator-demo',
  /** The demo ready-made API key. */
  apiKey: 'api-emulator-demo',
  /** The demo ready-made token. */
  token: 'token-emulator-demo',
} as const;
