import { SoracomError } from './soracom-error.js';

export type ApiErrorDetails = {
  status: number;
  /** Soracom's error code (e.g. `SEM0001`), when the body carried one. */
  code: string | undefined;
  /** The server's message, or a description of the body when it was not Soracom JSON. */
  serverMessage: string;
  method: string;
  /** The request path without the query string, e.g. `/v1/batch_groups/abc`. */
  path: string;
  requestId: string | undefined;
  /** How many attempts were made (1 when the request was not retried). */
  attempts: number;
  /** The parsed error body (JSON) or its text, secrets redacted. */
  body: unknown;
  headers: Record<string, string>;
};

/** A non-2xx answer from the API. Subclasses narrow the common statuses; see `createApiError`. */
export class SoracomApiError extends SoracomError {
  static override readonly kind: string = 'SoracomApiError';
  readonly status: number;
  readonly code: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
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

/** 400: the request was refused (for createBatchJob also: mixed actions, or a same-action job is running). */
export class BadRequestError extends SoracomApiError {
  static override readonly kind: string = 'BadRequestError';
}
/** 401 (or the API's invalid-token 400): missing, invalid or expired credentials. */
export class AuthenticationError extends SoracomApiError {
  static override readonly kind: string = 'AuthenticationError';
}
/** 403: the credentials are valid but lack permission. */
export class PermissionDeniedError extends SoracomApiError {
  static override readonly kind: string = 'PermissionDeniedError';
}
/** 404: the batch group, job or task list does not exist. */
export class NotFoundError extends SoracomApiError {
  static override readonly kind: string = 'NotFoundError';
}
/** 422: the request did not match the API description (Prism answers this for invalid requests). */
export class UnprocessableEntityError extends SoracomApiError {
  static override readonly kind: string = 'UnprocessableEntityError';
}
/** 429: rate limited, or (createBatchJob) the system is under high load; the job was not created. */
export class RateLimitError extends SoracomApiError {
  static override readonly kind: string = 'RateLimitError';
}
/** 5xx: the API or something in front of it failed. */
export class ServerError extends SoracomApiError {
  static override readonly kind: string = 'ServerError';
}
