/**
 * Where every error of a failed request is built: the transport (transport/transport.ts) and the
 * operation methods (client/operations.ts) call these and throw what they return.
 *
 * - `createApiError`: a non-2xx answer becomes the right `SoracomApiError` subclass. Soracom answers
 *   `{"code","message"}` JSON; what sits in front of it (load balancers, gateways) may answer plain
 *   text, HTML or nothing, and Prism answers RFC 7807 problem JSON. All of them become an error whose
 *   message names method, path, status and code.
 * - `createTransportError`: a failure without an answer (a connection failure, a per-attempt timeout,
 *   the caller's abort).
 * - `createRedirectError`: a redirect the transport does not follow (to another origin).
 * - `parseJsonBody`, `unexpectedAnswer`: a 2xx answer that is not what the spec describes.
 *
 * Every message passes through the client's redactor.
 */
import {
  AbortError,
  type ApiErrorDetails,
  AuthenticationError,
  attachRedactor,
  BadRequestError,
  ConnectionError,
  describeCause,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RequestDetails,
  ServerError,
  SoracomApiError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
} from './errors.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Headers that have been seen carrying a request id, most specific first. */
const REQUEST_ID_HEADERS = ['x-soracom-request-id', 'x-request-id', 'x-amzn-requestid', 'x-amz-cf-id'];

/** The request ID an answer carries, from the first of those headers it has. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/**
 * The API has been seen answering an expired or invalid token with 400 and an "invalid api key"
 * style message instead of 401 (test/auth/relogin.test.ts pins both answers); those are authentication failures.
 */
const INVALID_CREDENTIALS = /invalid[\s_-]*(api[\s_-]*key|token)|(token|api[\s_-]*key)[^.]{0,40}(expired|invalid)/i;

export function isInvalidCredentialsAnswer(status: number, serverMessage: string): boolean {
  return status === 401 || (status === 400 && INVALID_CREDENTIALS.test(serverMessage));
}

const MAX_MESSAGE = 300;

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

/** Reads `code` and a human message out of whatever the error body was. */
export function describeErrorBody(
  status: number,
  body: unknown,
  contentType: string,
): { code: string | undefined; message: string } {
  const reason = REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Error');
  if (body === undefined || body === null || body === '') return { code: undefined, message: `${reason} (empty body)` };
  if (typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const code = typeof record.code === 'string' && record.code !== '' ? record.code : undefined;
    if (typeof record.message === 'string' && record.message !== '') return { code, message: truncate(record.message) };
    // RFC 7807 problem details (Prism's 401/422 answers); validation lists explain a 422.
    const problem = [record.title, record.detail].filter((v): v is string => typeof v === 'string' && v !== '');
    const validation = Array.isArray(record.validation)
      ? (record.validation as Array<Record<string, unknown>>)
          .map((v) => [Array.isArray(v.location) ? v.location.join('.') : '', v.message].filter(Boolean).join(' '))
          .filter(Boolean)
      : [];
    if (problem.length > 0 || validation.length > 0) {
      return {
        code,
        message: truncate([...new Set(problem)].join(': ') + (validation.length ? ` [${validation.join('; ')}]` : '')),
      };
    }
    return { code, message: truncate(`${reason}: ${JSON.stringify(body)}`) };
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1]?.trim();
    return {
      code: undefined,
      message: `${reason} (HTML page${title || h1 ? `: ${truncate(title || h1 || '')}` : ''})`,
    };
  }
  return { code: undefined, message: truncate(text) };
}

export type ApiErrorInput = {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** Parsed JSON, raw text, or undefined for an empty body. */
  body: unknown;
  attempts?: number;
  /** Removes secrets from any text before it is stored on the error. */
  redact?: (text: string) => string;
  /** Appended to the message of an authentication failure, e.g. what to configure. */
  authHint?: string | undefined;
};

function classFor(status: number, serverMessage: string): typeof SoracomApiError {
  if (isInvalidCredentialsAnswer(status, serverMessage)) return AuthenticationError;
  if (status === 400) return BadRequestError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 422) return UnprocessableEntityError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return SoracomApiError;
}

function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
  }
  return value;
}

export function createApiError(input: ApiErrorInput): SoracomApiError {
  const redact = input.redact ?? ((text: string) => text);
  // Redacted before the message is cut to length: a secret cut in half would no longer be recognised.
  const body = redactDeep(input.body, redact);
  const { code, message: serverMessage } = describeErrorBody(
    input.status,
    body,
    input.headers.get('content-type') ?? '',
  );
  const path = redact(new URL(input.url, 'http://placeholder').pathname);
  const requestId = requestIdOf(input.headers);
  const headers: Record<string, string> = {};
  input.headers.forEach((value, key) => {
    headers[key] = redact(value);
  });
  const details: ApiErrorDetails = {
    status: input.status,
    code,
    serverMessage,
    method: input.method.toUpperCase(),
    path,
    requestId,
    attempts: input.attempts ?? 1,
    body,
    headers,
  };
  const text =
    `${details.method} ${path} answered ${input.status}${code ? ` ${code}` : ''}: ${serverMessage}` +
    (requestId ? ` (request id ${requestId})` : '') +
    (details.attempts > 1 ? ` after ${details.attempts} attempts` : '');
  const ErrorClass = classFor(input.status, serverMessage);
  const hint = ErrorClass === AuthenticationError && input.authHint ? `. ${input.authHint}` : '';
  return attachRedactor(new ErrorClass(text + hint, details), input.redact);
}

/** An error answer's body as read: parsed JSON, else its text, else undefined when empty. Parsed once, here. */
export function parseErrorBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** What a 2xx answer that is not what the spec describes is reported with. */
export type AnswerDetails = { method: string; url: string; response: Response };

/**
 * A 2xx answer that is not what the spec describes (a list page that is not an array, a full CORS page
 * whose next key may be hidden: client/operations.ts): `<METHOD> <path> (<operationId>) answered <status>
 * <what>`, the one shape of these messages.
 */
export function unexpectedAnswer({ method, url, response }: AnswerDetails, what: string, operationId?: string) {
  const contentType = response.headers.get('content-type') ?? undefined;
  const path = new URL(url, 'http://placeholder').pathname;
  return new UnexpectedResponseError(
    `${method.toUpperCase()} ${path}${operationId ? ` (${operationId})` : ''} answered ${response.status} ${what}`,
    { method: method.toUpperCase(), path, status: response.status, contentType },
  );
}

/**
 * Parses a 2xx answer's JSON body, which every 2xx of the Batch API but a 204 carries (openapi/batch.yaml):
 * a body that is not JSON, cut short or empty becomes an `UnexpectedResponseError` naming method, path,
 * status and content type, never a bare `SyntaxError` or a silent `undefined`.
 */
export function parseJsonBody(answer: AnswerDetails, text: string): unknown {
  const { status } = answer.response;
  if (status === 204 || status === 205) return undefined;
  if (text !== '') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Reported below, with what was received.
    }
  }
  const contentType = answer.response.headers.get('content-type') ?? 'none';
  const what =
    text === '' ? 'an empty body' : `a body that is not JSON (${new TextEncoder().encode(text).length} bytes)`;
  throw unexpectedAnswer(
    answer,
    `with ${what}, content type ${contentType}: the request reached the server and may have had its effect; ` +
      'check before repeating it',
  );
}

export type RedirectErrorInput = RequestDetails & {
  status: number;
  /** Where the redirect pointed. */
  location: string;
  /** The origin the request was sent to, the only one it may be followed within. */
  origin: string;
  redact?: (text: string) => string;
};

/**
 * A redirect the transport did not follow: to another origin (credentials and the body stay with the
 * API's origin), too many of them, or one the runtime hides (a browser's `opaqueredirect`).
 */
export function createRedirectError(input: RedirectErrorInput): UnexpectedResponseError {
  const redact = input.redact ?? ((text: string) => text);
  const method = input.method.toUpperCase();
  const path = redact(input.path);
  const message =
    `${method} ${path} answered ${input.status}, a redirect to ${redact(input.location)}: not followed, so that ` +
    `no credential or request body leaves ${input.origin}; if the API has moved there, set baseUrl to it`;
  return attachRedactor(new UnexpectedResponseError(message, { method, path, status: input.status }), redact);
}

export type TransportErrorInput = RequestDetails & {
  /** Removes secrets from any text before it is stored on the error. */
  redact?: (text: string) => string;
  /** Why the transport stopped retrying, when it stopped early (e.g. a POST that may have run). */
  notRetried?: string;
} & (
    | { kind: 'connection'; cause: unknown; notSent: boolean }
    | { kind: 'timeout'; timeoutMs: number }
    | { kind: 'abort'; reason: unknown }
  );

function attemptsText(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/** The DOM's default abort reason: what `controller.abort()` without an argument stores. */
function isDefaultAbortReason(reason: unknown): boolean {
  return (
    reason === undefined ||
    (typeof reason === 'object' &&
      reason !== null &&
      (reason as { name?: unknown }).name === 'AbortError' &&
      !(reason instanceof AbortError))
  );
}

/**
 * Builds the error for a failure without an answer. For an abort it returns the caller's own reason
 * unchanged when the caller gave one, so `controller.abort(myError)` rejects with `myError`.
 */
export function createTransportError(input: TransportErrorInput): unknown {
  const redact = input.redact ?? ((text: string) => text);
  const details: RequestDetails = {
    method: input.method.toUpperCase(),
    path: redact(input.path),
    attempts: input.attempts,
  };
  const where = `${details.method} ${details.path}`;
  const notRetried = input.notRetried ? `; not retried: ${input.notRetried}` : '';
  switch (input.kind) {
    case 'connection': {
      const message = `${where} got no answer (${redact(describeCause(input.cause))})${attemptsText(details.attempts)}${notRetried}`;
      return attachRedactor(
        new ConnectionError(message, { ...details, cause: input.cause, notSent: input.notSent }),
        redact,
      );
    }
    case 'timeout': {
      const message =
        `${where} timed out: no complete answer within ${input.timeoutMs} ms (timeoutMs, per attempt)` +
        `${attemptsText(details.attempts)}${notRetried}`;
      return attachRedactor(new TimeoutError(message, { ...details, timeoutMs: input.timeoutMs }), redact);
    }
    case 'abort': {
      if (!isDefaultAbortReason(input.reason)) return input.reason;
      const message = `${where} was aborted by the caller's signal${attemptsText(details.attempts)}`;
      return attachRedactor(new AbortError(message, { ...details, cause: input.reason }), redact);
    }
  }
}
