/**
 * The error hierarchy: every failure the SDK reports is one of these classes, under `SoracomError`.
 *
 * Each class carries a brand (a `Symbol.for` key shared by every copy of the package) listing the kinds
 * in its chain, so {@link isSoracomError} works across realms and duplicated installs, where
 * `instanceof` fails. Errors never hold a secret: the factories (factories.ts) redact messages first,
 * and the `util.inspect` and `JSON.stringify` views are built from secret-free fields only, through
 * the client's redactor.
 */
import type { components } from '../../generated/batch.js';

type BatchJob = components['schemas']['BatchJobResponse'];

/**
 * A one-line description of an error's cause chain, e.g.
 * `TypeError: fetch failed ← Error: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)`, for messages,
 * `toJSON` and `inspect` of errors. Node's fetch hides the useful part (the socket error code) two
 * levels down; happy-eyeballs connection attempts put several in an AggregateError.
 */
const MAX_DEPTH = 4;

function describeOne(value: unknown): string {
  if (value instanceof Error || (value !== null && typeof value === 'object' && 'message' in value)) {
    const error = value as Error & { code?: unknown };
    const code = typeof error.code === 'string' && !error.message.includes(error.code) ? ` (${error.code})` : '';
    return `${error.name || 'Error'}: ${error.message}${code}`;
  }
  return String(value);
}

export function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < MAX_DEPTH && current !== undefined && current !== null; depth++) {
    parts.push(describeOne(current));
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      parts.push(`[${errors.slice(0, 3).map(describeOne).join('; ')}]`);
      break;
    }
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.join(' ← ');
}

export const ERROR_BRAND: unique symbol = Symbol.for('soracom-batch.error') as never;

/** Node's hook for `util.inspect`, spelled out so the core needs no `node:util` import. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Redact = (text: string) => string;
const redactors = new WeakMap<object, Redact>();

/** Called by the factories: every view of `error` (inspect, JSON) passes through `redact`. */
export function attachRedactor<E extends SoracomError>(error: E, redact: Redact | undefined): E {
  if (redact) redactors.set(error, redact);
  return error;
}

/**
 * Fields left out of `toJSON` and `inspect`: the answer's body, headers and message (already in the
 * error's message), and a failed job's summary (in its `job`).
 */
const UNVIEWED_FIELDS: ReadonlySet<string> = new Set(['name', 'body', 'headers', 'serverMessage', 'summary']);

/**
 * The root of every error this SDK throws; check for it with {@link isSoracomError}, which works across
 * realms and duplicated installs where `instanceof` would not.
 *
 * @example
 * ```ts
 * import { isSoracomError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (isSoracomError(error)) console.error(error.name, error.message);
 *   else throw error;
 * }
 * ```
 * @category Errors
 */
export class SoracomError extends Error {
  /**
   * The class name, spelled out because bundlers that minify rename classes (and so `.name`);
   * every subclass declares its own.
   */
  static readonly kind: string = 'SoracomError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = (new.target as typeof SoracomError).kind;
    const chain: string[] = [];
    for (let proto = new.target.prototype; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      chain.push((proto.constructor as typeof SoracomError).kind);
    }
    // Kinds of the classes in this error's chain, most specific first; read by the guard. Not part of
    // the type: the guard reads it from any value, across copies of the package.
    Object.defineProperty(this, ERROR_BRAND, { value: Object.freeze(chain), enumerable: false });
    // `cause` is kept for programs (`error.cause.code`), but not enumerable: views go through toJSON/inspect.
    if (options && 'cause' in options) {
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }

  /**
   * A plain, secret-free view for logs and `JSON.stringify`.
   *
   * @example
   * ```ts
   * import { isSoracomError } from 'soracom-batch';
   *
   * try {
   *   await batch.listBatchGroups();
   * } catch (error) {
   *   if (isSoracomError(error)) console.error(JSON.stringify(error)); // {"name":"...","message":"...",...}
   * }
   * ```
   */
  toJSON(): Record<string, unknown> {
    const redact = redactors.get(this) ?? ((text: string) => text);
    const json: Record<string, unknown> = { name: this.name, message: redact(this.message) };
    if (this.cause !== undefined) json.cause = redact(describeCause(this.cause));
    // Every field a subclass sets, but the bulky or raw ones, which stay on the error for programs.
    for (const [field, value] of Object.entries(this)) if (!UNVIEWED_FIELDS.has(field)) json[field] = value;
    return json;
  }
}

/**
 * `util.inspect` (and so `console.log`) view of every error: the stack, then the fields of `toJSON`, all
 * redacted. Node passes its own `inspect` as the third argument, so no Node import is needed here. Set
 * on the prototype rather than declared in the class: Node calls it, programs never do, so it is no
 * part of the class's type (nor of the API report).
 */
Object.defineProperty(SoracomError.prototype, INSPECT, {
  configurable: true,
  writable: true,
  value(
    this: SoracomError,
    _depth: number,
    options: unknown,
    inspect?: (value: unknown, options?: unknown) => string,
  ): string {
    const redact = redactors.get(this) ?? ((text: string) => text);
    const { name: _name, message: _message, ...fields } = this.toJSON();
    const shown =
      Object.keys(fields).length === 0 ? '' : ` ${inspect ? inspect(fields, options) : JSON.stringify(fields)}`;
    return redact(`${this.stack ?? `${this.name}: ${this.message}`}${shown}`);
  },
});

/**
 * A short rendering of a bad input for a `BatchValidationError`'s message: strings quoted and cut to
 * 60 characters, numbers as they are, other values by their kind. Never used for credentials, whose
 * values are not shown at all.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null || typeof value === 'number') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * Where a request that got no usable answer was going, shared by the transport-level errors.
 *
 * @inline
 */
export type RequestDetails = {
  /** HTTP method, upper case. */
  method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  attempts: number;
};

/**
 * What `SoracomApiError`'s constructor takes: the answer and the request it answered.
 *
 * @inline
 */
export type ApiErrorDetails = {
  /** The HTTP status of the answer. */
  status: number;
  /** Soracom's error code (e.g. `SEM0001`), when the body carried one. */
  code: string | undefined;
  /** The server's message, or a description of the body when it was not Soracom JSON. */
  serverMessage: string;
  /** HTTP method of the request, upper case. */
  method: string;
  /** The request path without the query string, e.g. `/v1/batch_groups/abc`. */
  path: string;
  /** The request ID the API answered with (`X-Soracom-Request-Id`), for support requests. */
  requestId: string | undefined;
  /** How many attempts were made (1 when the request was not retried). */
  attempts: number;
  /** The parsed error body (JSON) or its text, secrets redacted. */
  body: unknown;
  /** The answer's headers, lower-case names (e.g. `retry-after`). */
  headers: Record<string, string>;
};

/**
 * A non-2xx answer from the API. Subclasses narrow the common statuses; see `createApiError`.
 *
 * @example
 * ```ts
 * import { isSoracomError, SoracomApiError } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchJob({ batch_group_id, body: { tasks: [] } });
 * } catch (error) {
 *   if (!isSoracomError(error, SoracomApiError)) throw error;
 *   console.error(error.status, error.code, error.serverMessage, error.requestId);
 * }
 * ```
 * @category Errors
 */
export class SoracomApiError extends SoracomError {
  static override readonly kind: string = 'SoracomApiError';
  /** The HTTP status of the answer (e.g. 404). */
  declare readonly status: number;
  /** Soracom's error code (e.g. `SEM0001`), when the body carried one. */
  declare readonly code: string | undefined;
  /** HTTP method of the request, upper case. */
  declare readonly method: string;
  /** The request path without the query string, e.g. `/v1/batch_groups/abc`. */
  declare readonly path: string;
  /** The request ID the API answered with, for support requests. */
  declare readonly requestId: string | undefined;
  /** How many attempts were made (1 when the request was not retried). */
  declare readonly attempts: number;
  /** The parsed error body (JSON) or its text, secrets redacted. */
  declare readonly body: unknown;
  /** The answer's headers, lower-case names (e.g. `retry-after`). */
  declare readonly headers: Record<string, string>;
  /** The server's message, or a description of the body when it was not Soracom JSON. */
  declare readonly serverMessage: string;

  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    Object.assign(this, details);
  }
}

/**
 * 400: the request was refused (for createBatchJob also: mixed actions, or a same-action job is running).
 *
 * @example
 * ```ts
 * import { BadRequestError, isSoracomError, tasks } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchJob({ batch_group_id, body: { tasks: simIds.map((id) => tasks.activateSim(id)) } });
 * } catch (error) {
 *   if (!isSoracomError(error, BadRequestError)) throw error;
 *   console.error('refused:', error.serverMessage);
 * }
 * ```
 * @category Errors
 */
export class BadRequestError extends SoracomApiError {
  static override readonly kind: string = 'BadRequestError';
}
/**
 * 401 (or the API's invalid-token 400): missing, invalid or expired credentials.
 *
 * @example
 * ```ts
 * import { AuthenticationError, isSoracomError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups();
 * } catch (error) {
 *   if (!isSoracomError(error, AuthenticationError)) throw error;
 *   console.error('check the credentials:', error.message);
 * }
 * ```
 * @category Errors
 */
export class AuthenticationError extends SoracomApiError {
  static override readonly kind: string = 'AuthenticationError';
}
/**
 * 403: the credentials are valid but lack permission.
 *
 * @example
 * ```ts
 * import { isSoracomError, PermissionDeniedError } from 'soracom-batch';
 *
 * try {
 *   await batch.deleteBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (!isSoracomError(error, PermissionDeniedError)) throw error;
 *   console.error('this user may not do that:', error.serverMessage);
 * }
 * ```
 * @category Errors
 */
export class PermissionDeniedError extends SoracomApiError {
  static override readonly kind: string = 'PermissionDeniedError';
}
/**
 * 404: the batch group, job or task list does not exist.
 *
 * @example
 * ```ts
 * import { isSoracomError, NotFoundError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchJob({ batch_group_id, job_id });
 * } catch (error) {
 *   if (!isSoracomError(error, NotFoundError)) throw error;
 *   console.error(`no such job: ${error.path}`);
 * }
 * ```
 * @category Errors
 */
export class NotFoundError extends SoracomApiError {
  static override readonly kind: string = 'NotFoundError';
}
/**
 * 422: the request did not match the API description (Prism answers this for invalid requests).
 *
 * @example
 * ```ts
 * import { isSoracomError, SoracomApiError } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchGroup({ body: { batchGroupName: '' } });
 * } catch (error) {
 *   if (!isSoracomError(error, SoracomApiError)) throw error;
 *   if (error.status === 422) console.error(error.serverMessage);
 * }
 * ```
 * @category Errors
 */
export class UnprocessableEntityError extends SoracomApiError {
  static override readonly kind: string = 'UnprocessableEntityError';
}
/**
 * 429: rate limited, or (createBatchJob) the system is under high load; the job was not created.
 *
 * @example
 * ```ts
 * import { isSoracomError, RateLimitError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups({}, { maxRetries: 0 });
 * } catch (error) {
 *   if (!isSoracomError(error, RateLimitError)) throw error;
 *   console.error('rate limited; retry after', error.headers['retry-after'] ?? '?', 's');
 * }
 * ```
 * @category Errors
 */
export class RateLimitError extends SoracomApiError {
  static override readonly kind: string = 'RateLimitError';
}
/**
 * 5xx: the API or something in front of it failed.
 *
 * @example
 * ```ts
 * import { isSoracomError, ServerError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (!isSoracomError(error, ServerError)) throw error;
 *   console.error(`${error.status} after ${error.attempts} attempts, request ${error.requestId}`);
 * }
 * ```
 * @category Errors
 */
export class ServerError extends SoracomApiError {
  static override readonly kind: string = 'ServerError';
}

/**
 * No HTTP answer: the connection was refused, reset or failed before a response arrived. `cause` is
 * what `fetch` threw (for Node, a `TypeError` whose own `cause` carries the socket `code`, e.g.
 * `ECONNREFUSED`). `notSent` is true when the request provably never reached the server.
 *
 * @example
 * ```ts
 * import { ConnectionError, isSoracomError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (!isSoracomError(error, ConnectionError)) throw error;
 *   console.error(`no answer after ${error.attempts} attempts`, error.notSent ? '(never sent)' : '', error.cause);
 * }
 * ```
 * @category Errors
 */
export class ConnectionError extends SoracomError {
  static override readonly kind: string = 'ConnectionError';
  /** HTTP method of the request, upper case. */
  declare readonly method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  declare readonly path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  declare readonly attempts: number;
  /** True when the failure happened before the request could reach the server (e.g. ECONNREFUSED). */
  declare readonly notSent: boolean;

  constructor(message: string, { cause, ...details }: RequestDetails & { cause: unknown; notSent: boolean }) {
    super(message, { cause });
    Object.assign(this, details);
  }
}

/**
 * The last attempt did not complete (headers and body) within `timeoutMs` (a per-attempt limit).
 *
 * @example
 * ```ts
 * import { isSoracomError, TimeoutError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchJob({ batch_group_id, job_id }, { timeoutMs: 5_000, maxRetries: 1 });
 * } catch (error) {
 *   if (!isSoracomError(error, TimeoutError)) throw error;
 *   console.error(`${error.path}: no answer within ${error.timeoutMs} ms, ${error.attempts} attempts`);
 * }
 * ```
 * @category Errors
 */
export class TimeoutError extends SoracomError {
  static override readonly kind: string = 'TimeoutError';
  /** HTTP method of the request, upper case. */
  declare readonly method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  declare readonly path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  declare readonly attempts: number;
  /** The per-attempt time limit that was reached, in ms. */
  declare readonly timeoutMs: number;

  constructor(message: string, details: RequestDetails & { timeoutMs: number }) {
    super(message);
    Object.assign(this, details);
  }
}

/**
 * The caller aborted the call (its `signal`) without giving a reason of its own. When the signal was
 * aborted with a reason (`controller.abort(reason)`, `AbortSignal.timeout()`), the call rejects with
 * that reason unchanged instead. Its `name` is `AbortError`, like the DOM's, so code checking
 * `error.name === 'AbortError'` keeps working; `cause` is the signal's own reason.
 *
 * @example
 * ```ts
 * import { AbortError, isSoracomError } from 'soracom-batch';
 *
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1_000);
 * try {
 *   await batch.listBatchGroups({}, { signal: controller.signal });
 * } catch (error) {
 *   if (!isSoracomError(error, AbortError)) throw error;
 *   console.log(`cancelled ${error.method} ${error.path}`);
 * }
 * ```
 * @category Errors
 */
export class AbortError extends SoracomError {
  static override readonly kind: string = 'AbortError';
  /** HTTP method of the request, upper case. */
  declare readonly method: string;
  /** Request path without the query string, e.g. `/v1/batch_groups`. */
  declare readonly path: string;
  /** How many attempts were made before giving up (1 when the request was not retried). */
  declare readonly attempts: number;

  constructor(message: string, { cause, ...details }: RequestDetails & { cause?: unknown }) {
    super(message, { cause });
    Object.assign(this, details);
  }
}

/**
 * Bad input caught before any request is sent. `argument` names what was wrong (an option, a
 * parameter, a task field) and `rule` the rule it broke, so the message can tell the caller the fix.
 *
 * @example
 * ```ts
 * import { BatchValidationError, isSoracomError, tasks } from 'soracom-batch';
 *
 * try {
 *   tasks.setSimGroup(simId, '');
 * } catch (error) {
 *   if (!isSoracomError(error, BatchValidationError)) throw error;
 *   console.error(error.argument, error.rule); // setSimGroup.groupId must not be empty
 * }
 * ```
 * @category Errors
 */
export class BatchValidationError extends SoracomError {
  static override readonly kind: string = 'BatchValidationError';
  /** What was wrong: an option, a parameter or a task field, e.g. `options.timeoutMs` or `putSimTags.tags`. */
  declare readonly argument: string;
  /** The rule it broke, e.g. `must be a non-empty string`. */
  declare readonly rule: string;

  /**
   * The message is always the argument, the rule, then `detail` (what was given, the fix):
   * `options.timeoutMs must be a number of milliseconds above 0: got -1`.
   */
  constructor(argument: string, rule: string, detail = '') {
    super(`${argument} ${rule}${detail}`);
    this.argument = argument;
    this.rule = rule;
  }
}

/**
 * The server sent a next key it had already sent during this walk: following it would repeat pages
 * forever, so the walk stops here instead.
 *
 * @example
 * ```ts
 * import { isSoracomError, PaginationLoopError } from 'soracom-batch';
 *
 * try {
 *   for await (const job of batch.listBatchJobs({ batch_group_id })) console.log(job.jobId);
 * } catch (error) {
 *   if (!isSoracomError(error, PaginationLoopError)) throw error;
 *   console.error(`${error.operationId}: key ${error.repeatedKey} repeated after ${error.pagesRead} pages`);
 * }
 * ```
 * @category Errors
 */
export class PaginationLoopError extends SoracomError {
  static override readonly kind: string = 'PaginationLoopError';
  /** The list operation whose walk stopped, e.g. `listTasksOfBatchJob`. */
  declare readonly operationId: string;
  /** The next key the server sent a second time. */
  declare readonly repeatedKey: string;
  /** Pages read before the repeated key, all of whose items were delivered. */
  declare readonly pagesRead: number;

  constructor(operationId: string, repeatedKey: string, pagesRead: number) {
    super(
      `${operationId}: the server sent the next key ${JSON.stringify(repeatedKey)} again after ${pagesRead} page(s); ` +
        'stopping instead of looping. Items read so far were delivered; retry later or report the loop to Soracom.',
    );
    this.operationId = operationId;
    this.repeatedKey = repeatedKey;
    this.pagesRead = pagesRead;
  }
}

/**
 * The API answered with success, but with something this version of the SDK cannot use: a body that is
 * not the JSON the spec describes (not JSON, cut short, empty where the spec defines one, a list page
 * that is not an array), or a job status the spec did not list; or it answered with a redirect the SDK
 * does not follow (to another origin: credentials stay with the API's). The request did reach the
 * server and may have had its effect (a created job): look before repeating it.
 *
 * @example
 * ```ts
 * import { isSoracomError, UnexpectedResponseError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchJob({ batch_group_id, job_id });
 * } catch (error) {
 *   if (!isSoracomError(error, UnexpectedResponseError)) throw error;
 *   console.error(`${error.method} ${error.path} answered ${error.status} (${error.contentType}): ${error.message}`);
 * }
 * ```
 * @category Errors
 */
export class UnexpectedResponseError extends SoracomError {
  static override readonly kind: string = 'UnexpectedResponseError';
  /** HTTP method of the request, upper case. */
  declare readonly method: string;
  /** Request path without the query string. */
  declare readonly path: string;
  /** The status of the answer (a 2xx, or the 3xx of a redirect not followed). */
  declare readonly status: number;
  /** The answer's `Content-Type`, or `undefined` when it had none. */
  declare readonly contentType: string | undefined;

  constructor(
    message: string,
    details: { method: string; path: string; status: number; contentType?: string | undefined },
  ) {
    super(message);
    Object.assign(this, { contentType: undefined, ...details });
  }
}

/**
 * `waitForJob` reached `maxWaitMs` before the job finished; `lastJob` is the last state seen.
 *
 * The job goes on running on the server: waiting again picks it up where it is. It is thrown only after
 * a poll answered: when the polls are failing as `maxWaitMs` runs out, the wait ends with the poll's
 * own error instead (a `ServerError`, `ConnectionError`, ...), so `lastJob` is always a job.
 *
 * @example
 * ```ts
 * import { isSoracomError, WaitTimeoutError, waitForJob } from 'soracom-batch';
 *
 * try {
 *   await waitForJob(batch, { batch_group_id, job_id }, { maxWaitMs: 600_000 });
 * } catch (error) {
 *   if (!isSoracomError(error, WaitTimeoutError)) throw error;
 *   console.log(`still ${error.lastJob.status} after ${error.waitedMs} ms`);
 * }
 * ```
 * @category Errors
 */
export class WaitTimeoutError extends SoracomError {
  static override readonly kind: string = 'WaitTimeoutError';
  /** The job as the last poll saw it, still pending or running. */
  declare readonly lastJob: BatchJob;
  /** How long `waitForJob` waited, in ms. */
  declare readonly waitedMs: number;

  constructor(jobId: string, waitedMs: number, lastJob: BatchJob) {
    const summary = lastJob.summary ? ` (summary ${JSON.stringify(lastJob.summary)})` : '';
    super(
      `job ${jobId} was still ${lastJob.status}${summary} after waiting ${Math.round(waitedMs / 1000)} s ` +
        '(maxWaitMs); it goes on running on the server: wait again, or raise maxWaitMs',
    );
    this.lastJob = lastJob;
    this.waitedMs = waitedMs;
  }
}

/**
 * With `throwOnFailure`: the job ended `failed` (some tasks failed) or `aborted`.
 *
 * @example
 * ```ts
 * import { BatchJobFailedError, isSoracomError, waitForJob } from 'soracom-batch';
 *
 * try {
 *   await waitForJob(batch, { batch_group_id, job_id }, { throwOnFailure: true });
 * } catch (error) {
 *   if (!isSoracomError(error, BatchJobFailedError)) throw error;
 *   console.error(`${error.summary?.error ?? 0} tasks failed`, error.job.errorMessage ?? '');
 * }
 * ```
 * @category Errors
 */
export class BatchJobFailedError extends SoracomError {
  static override readonly kind: string = 'BatchJobFailedError';
  /** The job as it ended (`status` is `failed` or `aborted`). */
  declare readonly job: BatchJob;
  /** The job's task counts when it ended. */
  declare readonly summary: components['schemas']['BatchJobSummary'] | undefined;

  constructor(job: BatchJob) {
    const s = job.summary;
    super(
      `job ${job.jobId} ended ${job.status}` +
        (s ? `: ${s.success ?? 0} succeeded, ${s.error ?? 0} failed, ${s.pending ?? 0} not run` : '') +
        (job.errorMessage ? ` (${job.errorMessage})` : '') +
        '; list the failed tasks with failedTasks(batch, { batch_group_id, job_id })',
    );
    this.job = job;
    this.summary = s;
  }
}

/**
 * The tasks of a run already ran to the end in this batch group: the group's jobs (their markers) say
 * so, or the state passed to resume does. Nothing was sent. Running them again is a choice: pass
 * `again: true` (the CLI's `--again`) to run them as a new generation, or use another batch group.
 *
 * @example
 * ```ts
 * import { AlreadyRunError, isSoracomError, tasks } from 'soracom-batch';
 * import { runTasks } from 'soracom-batch/jobs';
 *
 * try {
 *   await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * } catch (error) {
 *   if (!isSoracomError(error, AlreadyRunError)) throw error;
 *   console.log(`already run: generation ${error.generation}, jobs ${error.jobIds.join(', ')}`);
 * }
 * ```
 * @category Errors
 */
export class AlreadyRunError extends SoracomError {
  static override readonly kind: string = 'AlreadyRunError';
  /** The batch group whose jobs hold the earlier run. */
  declare readonly batchGroupId: string;
  /** The action of the tasks. */
  declare readonly action: string;
  /** The earlier run's generation (1 for the first run of these tasks in the group). */
  declare readonly generation: number;
  /** The earlier run's jobs, in order. */
  declare readonly jobIds: readonly string[];
  /** When its first job was created (Unix seconds, the server's clock), when known. */
  declare readonly startedTime: number | undefined;
  /** When its last job finished (Unix seconds, the server's clock), when known. */
  declare readonly finishedTime: number | undefined;
  /** Its tasks that succeeded. */
  declare readonly succeeded: number;
  /** Its tasks that failed. */
  declare readonly failed: number;

  constructor(run: {
    batchGroupId: string;
    action: string;
    generation: number;
    jobIds: readonly string[];
    startedTime?: number | undefined;
    finishedTime?: number | undefined;
    succeeded: number;
    failed: number;
    again: string;
  }) {
    const iso = (s: number | undefined) => (s === undefined ? 'an unknown time' : new Date(s * 1000).toISOString());
    super(
      `these ${run.action} tasks already ran in batch group ${run.batchGroupId}: generation ${run.generation}, ` +
        `${run.jobIds.length} job(s) (${run.jobIds.join(', ')}), ${iso(run.startedTime)} to ${iso(run.finishedTime)}, ` +
        `${run.succeeded} succeeded, ${run.failed} failed. Nothing was sent. To run them again as generation ` +
        `${run.generation + 1}, pass ${run.again}, or use another batch group`,
    );
    const { again: _again, ...fields } = run;
    Object.assign(this, { startedTime: undefined, finishedTime: undefined, ...fields });
  }
}

/**
 * An error class of this package: `SoracomError` or any of its subclasses, e.g. `NotFoundError`.
 *
 * @inline
 */
export type SoracomErrorClass<E extends SoracomError = SoracomError> = (abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: any constructor signature; only `kind` and the instance type are read.
  ...args: any[]
) => E) & { readonly kind: string };

/**
 * Whether `value` is an error of this package, and, given a class, of that class or one of its
 * subclasses: `isSoracomError(error, NotFoundError)`. It reads the brand every `SoracomError` carries
 * rather than the prototype chain, so unlike `instanceof` it works across realms (a worker, a `vm`
 * context, Jest's module registry) and across two copies of this package in one `node_modules`.
 *
 * One guard for every class instead of one function per class: the class is the name users already
 * import, and a new class needs no new guard.
 *
 * @example
 * ```ts
 * import { isSoracomError, NotFoundError, RateLimitError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (isSoracomError(error, NotFoundError)) console.log('no such group');
 *   else if (isSoracomError(error, RateLimitError)) console.log(`rate limited after ${error.attempts} attempts`);
 *   else if (isSoracomError(error)) console.error(error.name, error.message);
 *   else throw error;
 * }
 * ```
 * @category Errors
 */
export function isSoracomError<E extends SoracomError = SoracomError>(
  value: unknown,
  errorClass?: SoracomErrorClass<E>,
): value is E {
  if (value === null || typeof value !== 'object') return false;
  const chain = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return Array.isArray(chain) && chain.includes(errorClass?.kind ?? SoracomError.kind);
}
