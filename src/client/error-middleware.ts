/**
 * openapi-fetch middleware that turns every non-2xx answer into a thrown `SoracomApiError`, for the
 * operation methods and for `.raw` alike, so no caller has to check `{ error }`. The error factory
 * loads on the first non-2xx answer: a client whose calls succeed never loads it (core bundle size).
 */
import type { Middleware } from 'openapi-fetch';
import type { Transport } from '../transport/transport.js';

export type ErrorMiddlewareOptions = {
  transport: Transport;
  redact: (text: string) => string;
  /** Extra advice for an authentication failure (e.g. that no credentials were configured). */
  authHint: () => string | undefined;
};

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function errorMiddleware(options: ErrorMiddlewareOptions): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.ok) return undefined;
      const meta = options.transport.meta(response);
      const { createApiError } = await import('../errors/create-api-error.js');
      const error = createApiError({
        method: request.method,
        url: meta.url || request.url,
        status: response.status,
        headers: response.headers,
        body: await readBody(response),
        attempts: meta.attempts,
        redact: options.redact,
        authHint: options.authHint(),
      });
      throw error;
    },
  };
}
