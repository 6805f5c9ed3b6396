/**
 * Where `startBatchEmulator`'s options are checked and given defaults (fault rules are checked beside
 * their meaning, in faults.ts). A bad option throws `TypeError` (wrong kind of value) or `RangeError`
 * (out of range) naming the option, before anything listens.
 */
import { randomUUID } from 'node:crypto';
import {
  booleanOption,
  describe,
  durationOption,
  errorStatus,
  headerList,
  integerOption,
  isRecord,
  timesOption,
  typeError,
} from './checks.js';
import { type NormalizedFault, normalizeFault } from './faults.js';
import { imsiAt, simIdAt } from './inventory.js';
import {
  type ApiTokenPair,
  type BatchEmulatorOptions,
  DEFAULT_SIM_COUNT,
  DEFAULT_VPG_ID,
  DEMO_CREDENTIALS,
  type SimSeed,
  type SimStatus,
} from './options.js';

export type NormalizedCredentials = {
  operatorId: string;
  authKeys: Map<string, string>;
  rootAccounts: Map<string, string>;
  samUsers: Map<string, string>;
  apiTokens: ApiTokenPair[];
};

/** A SIM whose tasks fail, counting down the failures it has left. */
export type FailingSimState = { status: number; remaining: number };

/** `undefined` when CORS is off; `undefined` lists mean "the default, widened by the request". */
export type NormalizedCors =
  | {
      allowOrigin: string | undefined;
      exposeHeaders: string[] | undefined;
      allowHeaders: string[] | undefined;
      maxAgeSeconds: number;
    }
  | undefined;

type NormalizedOptions = {
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
  failingSims: Map<string, FailingSimState>;
  faults: NormalizedFault[];
  expiredTokenStatus: 400 | 401;
  maxTasksPerJob: number;
  defaultPageLimit: number;
  maxPageLimit: number;
  requestLogLimit: number;
  paused: boolean;
  hideJobSummary: boolean;
  cors: NormalizedCors;
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
  'hideJobSummary',
  'cors',
]);
const SIM_STATUSES: readonly SimStatus[] = ['ready', 'active', 'inactive', 'standby', 'suspended', 'terminated'];

function stringMap(option: string, value: unknown): Map<string, string> {
  if (value === undefined) return new Map();
  if (!isRecord(value)) typeError(option, 'an object of strings', value);
  for (const [key, v] of Object.entries(value)) {
    // Never echo a secret, even a malformed one: name the key only.
    if (typeof v !== 'string' || v === '') typeError(`${option}.${key}`, 'a non-empty string', typeof v);
  }
  return new Map(Object.entries(value as Record<string, string>));
}

/**
 * The credentials always hold at least one AuthKey and one ready-made pair, so that `emulator.clientOptions`
 * and `emulator.apiToken` always work: the configured ones, else ones with random secrets that nobody else
 * knows (configured credentials still replace the demo ones).
 */
function normalizeCredentials(value: unknown): NormalizedCredentials {
  const credentials = checkCredentials(value);
  if (credentials.authKeys.size === 0)
    credentials.authKeys.set(`keyId-emulator-${randomUUID()}`, `secret-${randomUUID()}`);
  if (credentials.apiTokens.length === 0)
    credentials.apiTokens.push({ apiKey: `api-${randomUUID()}`, token: `token-${randomUUID()}` });
  return credentials;
}

function checkCredentials(value: unknown): NormalizedCredentials {
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
    const count = integerOption('sims', value, DEFAULT_SIM_COUNT, 0, 1_000_000);
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

export function failingSim(option: string, status: unknown, times: unknown): FailingSimState {
  return {
    status: errorStatus(`${option}.status`, status),
    remaining: timesOption(`${option}.times`, times, Infinity),
  };
}

function normalizeFailingSims(value: unknown): Map<string, FailingSimState> {
  if (value === undefined) return new Map();
  if (Array.isArray(value)) {
    return new Map(
      value.map((id: unknown, i) => {
        if (typeof id !== 'string') typeError(`failingSims[${i}]`, 'a SIM ID string', id);
        return [id, { status: 500, remaining: Infinity }];
      }),
    );
  }
  if (!isRecord(value)) {
    typeError('failingSims', 'an array of SIM IDs or an object of SIM ID → status or { status, times }', value);
  }
  return new Map(
    Object.entries(value).map(([id, entry]) => {
      const option = `failingSims.${id}`;
      if (!isRecord(entry)) return [id, { status: errorStatus(option, entry), remaining: Infinity }];
      if (entry.status === undefined) typeError(`${option}.status`, 'a status code from 400 to 599', undefined);
      return [id, failingSim(option, entry.status, entry.times)];
    }),
  );
}

function normalizeCors(value: unknown): NormalizedCors {
  if (value === false) return undefined;
  if (value === undefined || value === true) value = {};
  if (!isRecord(value))
    typeError('cors', 'true, false or { allowOrigin?, exposeHeaders?, allowHeaders?, maxAgeSeconds? }', value);
  const { allowOrigin } = value;
  if (
    allowOrigin !== undefined &&
    (typeof allowOrigin !== 'string' || allowOrigin === '' || /[\r\n]/.test(allowOrigin))
  ) {
    typeError('cors.allowOrigin', "'*' or an origin such as 'https://app.example'", allowOrigin);
  }
  return {
    allowOrigin: allowOrigin as string | undefined,
    exposeHeaders: headerList('cors.exposeHeaders', value.exposeHeaders),
    allowHeaders: headerList('cors.allowHeaders', value.allowHeaders),
    maxAgeSeconds: integerOption('cors.maxAgeSeconds', value.maxAgeSeconds, 600, 0),
  };
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
    paused: booleanOption('paused', o.paused),
    hideJobSummary: booleanOption('hideJobSummary', o.hideJobSummary),
    cors: normalizeCors(o.cors),
  };
}
