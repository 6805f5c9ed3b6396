/**
 * `startBatchEmulator` options: the public types and the one place where they are checked and
 * given defaults. A bad option throws `TypeError` (wrong kind of value) or `RangeError` (out of
 * range) naming the option, before anything listens.
 */
import type { AuthOperationId } from '../../generated/auth-operations.js';
import type { BatchOperationId } from '../../generated/batch-operations.js';
import type { ErrorBody } from './error-codes.js';
import { imsiAt, simIdAt } from './ids.js';

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

export type NormalizedCredentials = {
  operatorId: string;
  authKeys: Map<string, string>;
  rootAccounts: Map<string, string>;
  samUsers: Map<string, string>;
  apiTokens: ApiTokenPair[];
};

export type NormalizedFault = Required<Pick<FaultRule, 'status' | 'times'>> & Omit<FaultRule, 'status' | 'times'>;

export type NormalizedOptions = {
  port: number;
  host: string;
  sims: Required<SimSeed>[];
  vpgs: string[];
  credentials: NormalizedCredentials;
  taskDurationMs: number;
  tasksPerTick: number;
  summaryEveryTasks: number;
  jobStartDelayMs: number;
  latencyMs: number;
  failingSims: Map<string, number>;
  faults: NormalizedFault[];
  expiredTokenStatus: 400 | 401;
  maxTasksPerJob: number;
  defaultPageLimit: number;
  maxPageLimit: number;
  requestLogLimit: number;
  paused: boolean;
};

const KNOWN = new Set([
  'port',
  'host',
  'sims',
  'vpgs',
  'credentials',
  'taskDurationMs',
  'tasksPerTick',
  'summaryEveryTasks',
  'jobStartDelayMs',
  'latencyMs',
  'failingSims',
  'faults',
  'expiredTokenStatus',
  'maxTasksPerJob',
  'defaultPageLimit',
  'maxPageLimit',
  'requestLogLimit',
  'paused',
]);
const SIM_STATUSES: readonly SimStatus[] = ['ready', 'active', 'inactive', 'standby', 'suspended', 'terminated'];

function typeError(option: string, expected: string, value: unknown): never {
  throw new TypeError(`startBatchEmulator: options.${option} must be ${expected} (got ${describe(value)})`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** An integer in [min, max], or the default when undefined. */
export function integerOption(
  option: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) typeError(option, 'a number', value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `startBatchEmulator: options.${option} must be an integer from ${min} to ${max} (got ${value})`,
    );
  }
  return value;
}

/** A non-negative, finite number of milliseconds (fractions allowed), or 0 when undefined. */
function durationOption(option: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || Number.isNaN(value)) typeError(option, 'a number', value);
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `startBatchEmulator: options.${option} must be a finite number of milliseconds ≥ 0 (got ${value})`,
    );
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringMap(option: string, value: unknown): Map<string, string> {
  if (value === undefined) return new Map();
  if (!isRecord(value)) typeError(option, 'an object of strings', value);
  for (const [key, v] of Object.entries(value)) {
    // Never echo a secret, even a malformed one: name the key only.
    if (typeof v !== 'string' || v === '') typeError(`${option}.${key}`, 'a non-empty string', typeof v);
  }
  return new Map(Object.entries(value as Record<string, string>));
}

function normalizeCredentials(value: unknown): NormalizedCredentials {
  if (value === undefined) {
    return {
      operatorId: DEMO_CREDENTIALS.operatorId,
      authKeys: new Map([[DEMO_CREDENTIALS.authKeyId, DEMO_CREDENTIALS.authKey]]),
      rootAccounts: new Map(),
      samUsers: new Map(),
      apiTokens: [{ apiKey: DEMO_CREDENTIALS.apiKey, token: DEMO_CREDENTIALS.token }],
    };
  }
  if (!isRecord(value)) typeError('credentials', 'an object', value);
  const operatorId = value.operatorId ?? DEMO_CREDENTIALS.operatorId;
  if (typeof operatorId !== 'string' || operatorId === '')
    typeError('credentials.operatorId', 'a non-empty string', operatorId);
  const apiTokens: ApiTokenPair[] = [];
  if (value.apiTokens !== undefined) {
    if (!Array.isArray(value.apiTokens))
      typeError('credentials.apiTokens', 'an array of { apiKey, token }', value.apiTokens);
    value.apiTokens.forEach((pair: unknown, i) => {
      if (
        !isRecord(pair) ||
        typeof pair.apiKey !== 'string' ||
        pair.apiKey === '' ||
        typeof pair.token !== 'string' ||
        pair.token === ''
      ) {
        typeError(
          `credentials.apiTokens[${i}]`,
          'an object { apiKey, token } of non-empty strings',
          isRecord(pair) ? 'object' : pair,
        );
      }
      apiTokens.push({ apiKey: pair.apiKey as string, token: pair.token as string });
    });
  }
  return {
    operatorId,
    authKeys: stringMap('credentials.authKeys', value.authKeys),
    rootAccounts: stringMap('credentials.rootAccounts', value.rootAccounts),
    samUsers: stringMap('credentials.samUsers', value.samUsers),
    apiTokens,
  };
}

/** The inventory seeds; `offset` numbers the IMSIs given to seeds without one (for SIMs added later). */
export function normalizeSims(value: unknown, option = 'sims', offset = 0): Required<SimSeed>[] {
  if (value === undefined || typeof value === 'number') {
    const count = integerOption('sims', value, 100, 0, 1_000_000);
    return Array.from({ length: count }, (_, i) => ({
      simId: simIdAt(i),
      imsi: imsiAt(i),
      status: 'ready',
      groupId: '',
      tags: {},
      supportsStandby: true,
    }));
  }
  if (!Array.isArray(value)) typeError(option, 'a count or an array of SIM seeds', value);
  const seen = new Set<string>();
  return value.map((seed: unknown, i): Required<SimSeed> => {
    const at = `${option}[${i}]`;
    if (!isRecord(seed)) typeError(at, 'an object { simId, ... }', seed);
    if (typeof seed.simId !== 'string' || seed.simId === '') typeError(`${at}.simId`, 'a non-empty string', seed.simId);
    if (seen.has(seed.simId))
      throw new RangeError(`startBatchEmulator: options.${at}.simId ${seed.simId} appears twice`);
    seen.add(seed.simId);
    if (seed.imsi !== undefined && typeof seed.imsi !== 'string') typeError(`${at}.imsi`, 'a string', seed.imsi);
    if (seed.status !== undefined && !SIM_STATUSES.includes(seed.status as SimStatus)) {
      typeError(`${at}.status`, `one of ${SIM_STATUSES.join(', ')}`, seed.status);
    }
    if (seed.groupId !== undefined && typeof seed.groupId !== 'string')
      typeError(`${at}.groupId`, 'a string', seed.groupId);
    if (seed.tags !== undefined) stringOrEmptyMap(`${at}.tags`, seed.tags);
    if (seed.supportsStandby !== undefined && typeof seed.supportsStandby !== 'boolean') {
      typeError(`${at}.supportsStandby`, 'a boolean', seed.supportsStandby);
    }
    return {
      simId: seed.simId,
      imsi: (seed.imsi as string | undefined) ?? imsiAt(offset + i),
      status: (seed.status as SimStatus | undefined) ?? 'ready',
      groupId: (seed.groupId as string | undefined) ?? '',
      tags: { ...((seed.tags as Record<string, string> | undefined) ?? {}) },
      supportsStandby: (seed.supportsStandby as boolean | undefined) ?? true,
    };
  });
}

function stringOrEmptyMap(option: string, value: unknown): void {
  if (!isRecord(value)) typeError(option, 'an object of strings', value);
  for (const [key, v] of Object.entries(value)) if (typeof v !== 'string') typeError(`${option}.${key}`, 'a string', v);
}

function errorStatus(option: string, value: unknown): number {
  return integerOption(option, value, 500, 400, 599);
}

function normalizeFailingSims(value: unknown): Map<string, number> {
  if (value === undefined) return new Map();
  if (Array.isArray(value)) {
    return new Map(
      value.map((id: unknown, i) => {
        if (typeof id !== 'string') typeError(`failingSims[${i}]`, 'a SIM ID string', id);
        return [id, 500];
      }),
    );
  }
  if (!isRecord(value)) typeError('failingSims', 'an array of SIM IDs or an object of SIM ID → status', value);
  return new Map(Object.entries(value).map(([id, status]) => [id, errorStatus(`failingSims.${id}`, status)]));
}

export function normalizeFault(option: string, value: unknown): NormalizedFault {
  if (!isRecord(value))
    typeError(option, 'an object { status, times?, operations?, retryAfterSeconds?, body? }', value);
  const status = integerOption(`${option}.status`, value.status, Number.NaN, 400, 599);
  if (Number.isNaN(status)) typeError(`${option}.status`, 'a status code from 400 to 599', value.status);
  const times = value.times === Infinity ? Infinity : integerOption(`${option}.times`, value.times, 1, 1);
  if (
    value.operations !== undefined &&
    (!Array.isArray(value.operations) || value.operations.some((o) => typeof o !== 'string'))
  ) {
    typeError(`${option}.operations`, 'an array of operationIds', value.operations);
  }
  if (value.retryAfterSeconds !== undefined)
    integerOption(`${option}.retryAfterSeconds`, value.retryAfterSeconds, 0, 0);
  if (value.body !== undefined && typeof value.body !== 'string') {
    if (!isRecord(value.body) || typeof value.body.code !== 'string' || typeof value.body.message !== 'string') {
      typeError(`${option}.body`, 'a string or { code, message }', value.body);
    }
  }
  return { ...(value as FaultRule), status, times };
}

export function normalizeOptions(options: BatchEmulatorOptions | undefined): NormalizedOptions {
  if (options !== undefined && !isRecord(options)) typeError('', 'an object', options);
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key) && o[key] !== undefined) {
      throw new TypeError(
        `startBatchEmulator: options.${key} is not a known option; use one of ${[...KNOWN].join(', ')}`,
      );
    }
  }
  const host = o.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') typeError('host', 'a non-empty string', host);
  const vpgs = o.vpgs ?? [DEFAULT_VPG_ID];
  if (!Array.isArray(vpgs) || vpgs.some((v) => typeof v !== 'string' || v === ''))
    typeError('vpgs', 'an array of VPG ID strings', vpgs);
  if (o.faults !== undefined && !Array.isArray(o.faults)) typeError('faults', 'an array of fault rules', o.faults);
  if (o.expiredTokenStatus !== undefined && o.expiredTokenStatus !== 400 && o.expiredTokenStatus !== 401) {
    throw new RangeError(
      `startBatchEmulator: options.expiredTokenStatus must be 400 or 401 (got ${describe(o.expiredTokenStatus)})`,
    );
  }
  if (o.paused !== undefined && typeof o.paused !== 'boolean') typeError('paused', 'a boolean', o.paused);
  const maxPageLimit = integerOption('maxPageLimit', o.maxPageLimit, 1000, 1);
  return {
    port: integerOption('port', o.port, 0, 0, 65535),
    host,
    sims: normalizeSims(o.sims),
    vpgs: [...(vpgs as string[])],
    credentials: normalizeCredentials(o.credentials),
    // Fractions are fine (0.25 ms per task: 25,000 tasks in about 6 s, as the demo uses).
    taskDurationMs: durationOption('taskDurationMs', o.taskDurationMs),
    tasksPerTick: integerOption('tasksPerTick', o.tasksPerTick, 1000, 1),
    summaryEveryTasks: integerOption('summaryEveryTasks', o.summaryEveryTasks, 1, 1),
    jobStartDelayMs: integerOption('jobStartDelayMs', o.jobStartDelayMs, 0, 0),
    latencyMs: integerOption('latencyMs', o.latencyMs, 0, 0),
    failingSims: normalizeFailingSims(o.failingSims),
    faults: ((o.faults as unknown[] | undefined) ?? []).map((f, i) => normalizeFault(`faults[${i}]`, f)),
    expiredTokenStatus: (o.expiredTokenStatus as 400 | 401 | undefined) ?? 401,
    maxTasksPerJob: integerOption('maxTasksPerJob', o.maxTasksPerJob, 10_000, 1),
    defaultPageLimit: integerOption(
      'defaultPageLimit',
      o.defaultPageLimit,
      Math.min(100, maxPageLimit),
      1,
      maxPageLimit,
    ),
    maxPageLimit,
    requestLogLimit: integerOption('requestLogLimit', o.requestLogLimit, 10_000, 0),
    paused: (o.paused as boolean | undefined) ?? false,
  };
}
