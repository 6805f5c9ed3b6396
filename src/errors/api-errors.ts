import { SoracomError } from './soracom-error.js';

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
 * import { isSoracomApiError } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchJob({ batch_group_id, body: { tasks: [] } });
 * } catch (error) {
 *   if (!isSoracomApiError(error)) throw error;
 *   console.error(error.status, error.code, error.serverMessage, error.requestId);
 * }
 * ```
 * @category Errors
 */
export class SoracomApiError extends SoracomError {
  static override readonly kind: string = 'SoracomApiError';
  /** The HTTP status of the answer (e.g. 404). */
  readonly status: number;
  /** Soracom's error code (e.g. `SEM0001`), when the body carried one. */
  readonly code: string | undefined;
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** The request path without the query string, e.g. `/v1/batch_groups/abc`. */
  readonly path: string;
  /** The request ID the API answered with, for support requests. */
  readonly requestId: string | undefined;
  /** How many attempts were made (1 when the request was not retried). */
  readonly attempts: number;
  /** The parsed error body (JSON) or its text, secrets redacted. */
  readonly body: unknown;
  /** The answer's headers, lower-case names (e.g. `retry-after`). */
  readonly headers: Record<string, string>;
  /** The server's message, or a description of the body when it was not Soracom JSON. */
  readonly serverMessage: string;

  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    this.status = details.status;
    this.code = details.code;
    this.method = details.method;
    this.path = details.path;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
    this.body = details.body;
    this.headers = details.headers;
    this.serverMessage = details.serverMessage;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      code: this.code,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      attempts: this.attempts,
    };
  }
}

/**
 * 400: the request was refused (for createBatchJob also: mixed actions, or a same-action job is running).
 *
 * @example
 * ```ts
 * import { isBadRequestError, tasks } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchJob({ batch_group_id, body: { tasks: simIds.map((id) => tasks.activateSim(id)) } });
 * } catch (error) {
 *   if (!isBadRequestError(error)) throw error;
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
 * import { isAuthenticationError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups();
 * } catch (error) {
 *   if (!isAuthenticationError(error)) throw error;
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
 * import { isPermissionDeniedError } from 'soracom-batch';
 *
 * try {
 *   await batch.deleteBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (!isPermissionDeniedError(error)) throw error;
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
 * import { isNotFoundError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchJob({ batch_group_id, job_id });
 * } catch (error) {
 *   if (!isNotFoundError(error)) throw error;
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
 * import { isSoracomApiError } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchGroup({ body: { batchGroupName: '' } });
 * } catch (error) {
 *   if (!isSoracomApiError(error)) throw error;
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
 * import { isRateLimitError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups({}, { maxRetries: 0 });
 * } catch (error) {
 *   if (!isRateLimitError(error)) throw error;
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
 * import { isServerError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (!isServerError(error)) throw error;
 *   console.error(`${error.status} after ${error.attempts} attempts, request ${error.requestId}`);
 * }
 * ```
 * @category Errors
 */
export class ServerError extends SoracomApiError {
  static override readonly kind: string = 'ServerError';
}
