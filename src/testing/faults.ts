/**
 * Every error answer the emulator gives, and the faults tests inject.
 *
 * Refusals are Soracom-style `{code, message}` bodies whose codes follow Soracom's shape (three letters,
 * four digits) with the prefix `EMU`, so nobody mistakes them for real API codes; the messages say what a
 * real API would refuse and why, which is what tests and SDK errors show.
 *
 * Faults are rules consumed in the order they were injected. They model what a client must survive and
 * only the server can do: 429 under load (createBatchJob documents it, and rate limits apply to every
 * path), 5xx and error pages from in front of the API, a request handled long after it arrived (the
 * client gave up; did the job get created?), and a 2xx whose body is not the JSON it should be. Network
 * faults (resets, stalls) are a proxy's job, not the server's.
 */
import { authOperations } from '../../generated/auth-operations.js';
import { batchOperations } from '../../generated/batch-operations.js';
import { durationOption, HEADER_NAME, integerOption, isRecord, timesOption, typeError } from './checks.js';
import type { Reply } from './http-server.js';
import type { EmulatorOperationId, FaultRule, MalformedBody } from './options.js';

/**
 * A Soracom-style error body, `{ code, message }`, as the emulator answers it and as a fault may send it.
 *
 * @example
 * ```ts
 * import type { ErrorBody } from 'soracom-batch/testing';
 *
 * const body: ErrorBody = { code: 'COM0001', message: 'Too many requests' };
 * emulator.state.injectFaults({ status: 429, body, retryAfterSeconds: 1 });
 * ```
 * @category Emulator
 */
export type ErrorBody = {
  /** The error code, three letters and four digits (the emulator's own start with `EMU`). */
  code: string;
  /** What went wrong. */
  message: string;
};

/** A refused request: thrown by handlers, turned into a JSON answer by the server. */
export class EmulatorHttpError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(`${status} ${code}: ${message}`);
    this.name = 'EmulatorHttpError';
    this.status = status;
    this.body = { code, message };
    this.headers = headers;
  }
}

export const codes = {
  // Authentication (401, or 400 where the API answers 400).
  missingCredentials: 'EMU0001',
  invalidCredentials: 'EMU0002',
  expiredToken: 'EMU0003',
  loginFailed: 'EMU0004',
  badLoginRequest: 'EMU0005',
  renewAfterExpiry: 'EMU0006',
  wrongOperator: 'EMU0007',
  switchUserNotAllowed: 'EMU0008',
  // Requests the API refuses (400), or cannot find (404).
  invalidRequest: 'EMU1001',
  invalidJson: 'EMU1002',
  tooManyTasks: 'EMU1003',
  mixedActions: 'EMU1004',
  unsupportedAction: 'EMU1005',
  sameActionRunning: 'EMU1006',
  groupHasRunningJob: 'EMU1007',
  invalidPagination: 'EMU1008',
  bodyTooLarge: 'EMU1009',
  groupNotFound: 'EMU2001',
  jobNotFound: 'EMU2002',
  routeNotFound: 'EMU2003',
  methodNotAllowed: 'EMU2004',
  // Faults injected by tests.
  injectedRateLimit: 'EMU4290',
  injectedServerError: 'EMU5000',
  internalError: 'EMU9999',
  // Task-level answers (inside a task's `response`).
  simNotFound: 'EMU3001',
  vpgNotFound: 'EMU3002',
  invalidTaskBody: 'EMU3003',
  standbyUnsupported: 'EMU3004',
  simTerminated: 'EMU3005',
  injectedTaskFailure: 'EMU3500',
} as const;

export const badRequest = (code: string, message: string) => new EmulatorHttpError(400, code, message);
export const notFound = (code: string, message: string) => new EmulatorHttpError(404, code, message);

// Fault rules.

/** What a fault rule does once its `processDelayMs` is over. */
export type FaultEffect =
  | { kind: 'refuse'; status: number; body: string | ErrorBody | undefined }
  | { kind: 'replace'; status: number; body: string }
  | { kind: 'malform'; malformedBody: MalformedBody }
  | { kind: 'delay-only' };

export type NormalizedFault = {
  /** The rule as given, for `state.pendingFaults()`. */
  rule: FaultRule;
  times: number;
  operations: readonly EmulatorOperationId[] | undefined;
  processDelayMs: number;
  /** Lower-case names: `retry-after` from `retryAfterSeconds`, then the rule's `headers`. */
  headers: Record<string, string>;
  effect: FaultEffect;
};

const OPERATION_IDS: ReadonlySet<string> = new Set([...Object.keys(batchOperations), ...Object.keys(authOperations)]);
const MALFORMED_BODIES: readonly MalformedBody[] = ['not-json', 'truncated-json', 'empty'];

/** Headers the emulator sets itself from the body it sends. */
const OWN_HEADERS = new Set(['content-type', 'content-length', 'transfer-encoding', 'connection']);

function headersOption(option: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) typeError(option, 'an object of header name → value', value);
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name) || OWN_HEADERS.has(lower)) {
      throw new RangeError(
        `startBatchEmulator: options.${option} cannot send ${JSON.stringify(name)}: not a header name, or one the emulator sets itself`,
      );
    }
    if (typeof v !== 'string' || /[\r\n\0]/.test(v)) typeError(`${option}.${name}`, 'a one-line string', v);
    headers[lower] = v;
  }
  return headers;
}

function operationsOption(option: string, value: unknown): readonly EmulatorOperationId[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((o) => typeof o !== 'string')) {
    typeError(option, 'an array of operationIds', value);
  }
  const unknown = value.find((o: string) => !OPERATION_IDS.has(o));
  if (unknown !== undefined) {
    throw new RangeError(
      `startBatchEmulator: options.${option} names ${JSON.stringify(unknown)}, which is not an operation of the emulator; use ${[...OPERATION_IDS].join(', ')}`,
    );
  }
  return [...value] as EmulatorOperationId[];
}

/** One fault rule, checked: the combinations that mean something (options.ts, FaultRule), nothing else. */
export function normalizeFault(option: string, value: unknown): NormalizedFault {
  const fields =
    '{ status?, times?, operations?, retryAfterSeconds?, headers?, body?, processDelayMs?, malformedBody? }';
  if (!isRecord(value)) typeError(option, `an object ${fields}`, value);
  const headers: Record<string, string> = {};
  if (value.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(integerOption(`${option}.retryAfterSeconds`, value.retryAfterSeconds, 0, 0));
  }
  Object.assign(headers, headersOption(`${option}.headers`, value.headers));
  const processDelayMs = durationOption(`${option}.processDelayMs`, value.processDelayMs);
  const { status, body, malformedBody } = value;
  if (body !== undefined && typeof body !== 'string') {
    if (!isRecord(body) || typeof body.code !== 'string' || typeof body.message !== 'string') {
      typeError(`${option}.body`, 'a string or { code, message }', body);
    }
  }
  if (malformedBody !== undefined && !MALFORMED_BODIES.includes(malformedBody as MalformedBody)) {
    typeError(`${option}.malformedBody`, `one of ${MALFORMED_BODIES.join(', ')}`, malformedBody);
  }
  let effect: FaultEffect;
  if (status !== undefined) {
    const code = integerOption(`${option}.status`, status, 0, 200, 599);
    if (code >= 300 && code < 400) {
      throw new RangeError(
        `startBatchEmulator: options.${option}.status must be 200 to 299 or 400 to 599 (got ${code})`,
      );
    }
    if (malformedBody !== undefined) {
      throw new RangeError(
        `startBatchEmulator: options.${option} has both status and malformedBody: malformedBody keeps the request's own status, so leave status out`,
      );
    }
    if (code >= 400) effect = { kind: 'refuse', status: code, body: body as string | ErrorBody | undefined };
    else if (typeof body === 'string') effect = { kind: 'replace', status: code, body };
    else {
      throw new RangeError(
        `startBatchEmulator: options.${option}.status ${code} needs a text body (a 2xx fault sends a body that is not the answer's JSON), or use malformedBody; error answers are 400 to 599`,
      );
    }
  } else if (body !== undefined) {
    throw new RangeError(`startBatchEmulator: options.${option}.body needs a status to be sent with`);
  } else if (malformedBody !== undefined) effect = { kind: 'malform', malformedBody: malformedBody as MalformedBody };
  else if (value.processDelayMs !== undefined) effect = { kind: 'delay-only' };
  else {
    throw new RangeError(
      `startBatchEmulator: options.${option} does nothing: give it a status, a processDelayMs or a malformedBody`,
    );
  }
  const operations = operationsOption(`${option}.operations`, value.operations);
  // A copy, so that changing the given rule afterwards changes neither the fault nor pendingFaults().
  const rule = { ...value } as FaultRule;
  if (operations) rule.operations = [...operations];
  if (isRecord(value.headers)) rule.headers = { ...(value.headers as Record<string, string>) };
  if (isRecord(body)) rule.body = { ...(body as ErrorBody) };
  return {
    rule,
    times: timesOption(`${option}.times`, value.times, 1),
    operations,
    processDelayMs,
    headers,
    effect,
  };
}

// Injected faults.

/** A fault taken for one request: how long the request waits, then what becomes of it. */
export type TakenFault = {
  processDelayMs: number;
  /** The answer sent instead of handling the request (a 400–599 `status`), or undefined to handle it. */
  refusal: Reply | undefined;
  /** Turns the handled request's answer into the one sent. */
  spoil(reply: Reply): Reply;
};

type ActiveFault = NormalizedFault & { remaining: number };

function refusalBody(status: number, operationId: EmulatorOperationId): ErrorBody {
  return status === 429
    ? {
        code: codes.injectedRateLimit,
        message: 'Too many requests: the system is under high load, wait and try again later (injected)',
      }
    : { code: codes.injectedServerError, message: `Injected fault: ${status} for ${operationId}` };
}

/** The body `malformedBody` sends instead of the answer's JSON (a 204 stays without one). */
function malformed(kind: MalformedBody, reply: Reply): Reply {
  if (reply.body === undefined || reply.status === 204) return reply;
  if (kind === 'empty') return { ...reply, body: '', contentType: 'application/json' };
  if (kind === 'not-json') {
    const page = `<!DOCTYPE html><html><body><h1>${reply.status}</h1><p>Not the API's JSON (injected malformedBody)</p></body></html>`;
    return { ...reply, body: page, contentType: 'text/html; charset=utf-8' };
  }
  const json = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return { ...reply, body: json.slice(0, Math.floor(json.length / 2)), contentType: 'application/json' };
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private held = 0;
  private releaseWaiters: Array<() => void> = [];

  /** Marks a request as held by its `processDelayMs` until the returned function is called. */
  holdStarted(): () => void {
    this.held += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= 1;
      if (this.held === 0) for (const resolve of this.releaseWaiters.splice(0)) resolve();
    };
  }

  /** How many requests are held right now (they may still create a job). */
  get heldCount(): number {
    return this.held;
  }

  /** Resolves once no request is held. */
  whenNothingHeld(): Promise<void> {
    if (this.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.releaseWaiters.push(resolve));
  }

  add(rules: readonly NormalizedFault[]): void {
    for (const rule of rules) this.rules.push({ ...rule, remaining: rule.times });
  }

  clear(): void {
    this.rules = [];
  }

  /** Faults not yet used up, with how many requests each has left in `times`. */
  pending(): FaultRule[] {
    return this.rules.map((active) => ({ ...active.rule, times: active.remaining }));
  }

  /** What happens to this request when a fault applies to it (using one of its `times`). */
  take(operationId: EmulatorOperationId): TakenFault | undefined {
    const active = this.rules.find(
      (r) => r.remaining > 0 && (r.operations === undefined || r.operations.includes(operationId)),
    );
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining === 0) this.rules = this.rules.filter((r) => r !== active);
    const { effect, headers } = active;
    const withHeaders = (reply: Reply): Reply => ({ ...reply, headers: { ...reply.headers, ...headers } });
    return {
      processDelayMs: active.processDelayMs,
      refusal:
        effect.kind === 'refuse'
          ? { status: effect.status, body: effect.body ?? refusalBody(effect.status, operationId), headers }
          : undefined,
      spoil: (reply) => {
        if (effect.kind === 'replace') return withHeaders({ ...reply, status: effect.status, body: effect.body });
        if (effect.kind === 'malform') return withHeaders(malformed(effect.malformedBody, reply));
        return withHeaders(reply);
      },
    };
  }
}
