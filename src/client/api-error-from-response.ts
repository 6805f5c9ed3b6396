/**
 * Reads a non-2xx answer and builds its `SoracomApiError` (create-api-error.ts). Loaded by the error
 * middleware on the first non-2xx answer, so a client whose calls succeed never loads it.
 */
import type { SoracomApiError } from '../errors/api-errors.js';
import { createApiError } from '../errors/create-api-error.js';
import type { ErrorMiddlewareOptions } from './error-middleware.js';

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function apiErrorFromResponse(
  request: Request,
  response: Response,
  options: ErrorMiddlewareOptions,
): Promise<SoracomApiError> {
  const meta = options.transport.meta(response);
  return createApiError({
    method: request.method,
    url: meta.url || request.url,
    status: response.status,
    headers: response.headers,
    body: await readBody(response),
    attempts: meta.attempts,
    redact: options.redact,
    authHint: options.authHint(),
  });
}
