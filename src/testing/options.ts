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
 * A fault: what the next `times` matching requests get instead of the emulator's usual answer. One rule
 * does one of three things, chosen by its fields:
 *
 * - `status` 400–599: that answer is sent and the request is **not** handled (429 under load, 5xx,
 *   an error page from a proxy).
 * - `processDelayMs`: the request is handled only after that delay, and answered then (a
 *   `createBatchJob` whose job appears after the client gave up waiting).
 * - `malformedBody`, or `status` 200–299 with a text `body`: the request **is** handled, and its answer's
 *   body is not the JSON a client expects (a truncated or garbled 2xx).
 *
 * `processDelayMs` may be combined with either of the others: the request waits, then gets the fault.
 *
 * @example
 * ```ts
 * import { type FaultRule, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const rateLimited: FaultRule = { status: 429, times: 3, operations: ['createBatchJob'], retryAfterSeconds: 1 };
 * const lateJob: FaultRule = { operations: ['createBatchJob'], processDelayMs: 2_500 };
 * const cutAnswer: FaultRule = { operations: ['getBatchJob'], malformedBody: 'truncated-json' };
 * const emulator = await startBatchEmulator({ faults: [rateLimited, lateJob, cutAnswer] });
 * ```
 * @category Emulator
 */
export type FaultRule = {
  /**
   * 400–599: answer this instead of handling the request. 200–299: handle the request, then answer this
   * status with the text `body`. Omitted: handle the request (for `processDelayMs` or `malformedBody`).
   */
  status?: number;
  /** How many requests it applies to (default 1; `Infinity` until `state.clearFaults()`). */
  times?: number;
  /** Only these operations (default: every operation, auth included). */
  operations?: readonly EmulatorOperationId[];
  /** Sends `Retry-After: <seconds>` with the answer. */
  retryAfterSeconds?: number;
  /** More headers sent with the answer, e.g. `{ 'x-soracom-ratelimit-remaining': '0' }`. */
  headers?: Readonly<Record<string, string>>;
  /**
   * The body of a `status` answer. A string is sent as text/plain (like a load balancer's page); the
   * default for 400–599 is a `{code, message}` JSON. A 200–299 `status` needs a string.
   */
  body?: string | ErrorBody;
  /** Handle the request only this many milliseconds after it arrived, and answer then (the answer waits too). */
  processDelayMs?: number;
  /**
   * Handle the request, then send its own status and headers with a body that is not its JSON:
   * `'not-json'` (an HTML page, `text/html`), `'truncated-json'` (the first half of its JSON, still labelled
   * `application/json`) or `'empty'` (no body at all, labelled `application/json`).
   */
  malformedBody?: MalformedBody;
};

/**
 * How a fault's `malformedBody` spoils a handled request's answer.
 *
 * @example
 * ```ts
 * import type { MalformedBody } from 'soracom-batch/testing';
 *
 * const kinds: MalformedBody[] = ['not-json', 'truncated-json', 'empty'];
 * for (const malformedBody of kinds) emulator.state.injectFaults({ operations: ['createBatchJob'], malformedBody });
 * ```
 * @category Emulator
 */
export type MalformedBody = 'not-json' | 'truncated-json' | 'empty';

/**
 * The CORS answers of the `cors` option. Each field replaces its default.
 *
 * @example
 * ```ts
 * import { type CorsOptions, startBatchEmulator } from 'soracom-batch/testing';
 *
 * // A server whose CORS setup hides the pagination header from a page's script.
 * const cors: CorsOptions = { exposeHeaders: ['retry-after'] };
 * const emulator = await startBatchEmulator({ cors });
 * ```
 * @category Emulator
 */
export type CorsOptions = {
  /**
   * `Access-Control-Allow-Origin` on every answer. Default: the request's `Origin`, or `*` when it has
   * none. A fixed origin lets a test play a server that does not allow the page's origin.
   */
  allowOrigin?: string;
  /**
   * `Access-Control-Expose-Headers` on every answer: the response headers a page's script may read.
   * Default: `x-soracom-next-key`, `retry-after`, `x-soracom-ratelimit-limit`, `x-soracom-ratelimit-remaining`,
   * `x-soracom-ratelimit-seconds-before-refresh`, `x-soracom-request-id`, and any header a fault adds.
   */
  exposeHeaders?: readonly string[];
  /**
   * `Access-Control-Allow-Headers` of a preflight. Default: `X-Soracom-API-Key`, `X-Soracom-Token`,
   * `X-Soracom-Lang`, `Content-Type` and every header the preflight's `Access-Control-Request-Headers`
   * asks for; a list given here is answered as it is, asked-for headers not added.
   */
  allowHeaders?: readonly string[];
  /** `Access-Control-Max-Age` of a preflight: how long a browser may reuse it, in seconds (default 600). */
  maxAgeSeconds?: number;
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
  /** The SIM inventory: a count of deterministic SIMs (`simIdAt(0..n-1)`) or explicit seeds. Default `DEFAULT_SIM_COUNT` (1,000). */
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
  /**
   * SIMs whose tasks fail: IDs (answered 500), ID → status code, or ID → `{ status, times }` for a SIM
   * whose next `times` tasks fail and later ones succeed.
   */
  failingSims?: readonly string[] | Readonly<Record<string, number | FailingSim>>;
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
  /**
   * Answer jobs without `summary` (createBatchJob, getBatchJob, listBatchJobs), as the spec allows: no
   * property of `BatchJobResponse` is required. Tasks still run and fail as usual (default false).
   */
  hideJobSummary?: boolean;
  /**
   * CORS headers, so a browser app can call the emulator (default `true`); `false` sends none and answers
   * `OPTIONS` like any other unknown method; an object changes the headers sent.
   */
  cors?: boolean | CorsOptions;
};

/**
 * A SIM whose tasks fail, for `failingSims`: with `status` (400–599), the next `times` of them (default: all).
 *
 * @example
 * ```ts
 * import { type FailingSim, simIdAt, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const flaky: FailingSim = { status: 503, times: 1 }; // fails once, then succeeds
 * const emulator = await startBatchEmulator({ failingSims: { [simIdAt(7)]: flaky } });
 * ```
 * @category Emulator
 */
export type FailingSim = {
  /** The status code its tasks answer, 400–599. */
  status: number;
  /** How many of its tasks fail before the SIM works again (default `Infinity`). */
  times?: number;
};

/**
 * The number of SIMs when `sims` is not given, for `startBatchEmulator` and `soracom-batch emulator` alike.
 * One number, so that what works against one works against the other. Why 1,000: a job on every SIM then spans ten pages of
 * tasks at the default page size (100), so paging code meets real paging without asking for it, while the
 * inventory stays small enough to copy in `state.sims()` on every assertion. Fleets are one option away
 * (`sims: 25_000`, `--sims 25000`).
 *
 * @example
 * ```ts
 * import { DEFAULT_SIM_COUNT, simIds } from 'soracom-batch/testing';
 *
 * const everySim = simIds(DEFAULT_SIM_COUNT); // the inventory of startBatchEmulator()
 * ```
 * @category Emulator
 */
export const DEFAULT_SIM_COUNT = 1_000;

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
