/**
 * openapi-fetch middleware that turns every non-2xx answer into a thrown `SoracomApiError`, for the
 * operation methods and for `.raw` alike, so no caller has to check `{ error }`. Reading the answer
 * and building the error load on the first non-2xx answer: a client whose calls succeed never loads
 * them (core bundle size).
 */
import type { Middleware } from 'openapi-fetch';
import type { Transport } from '../transport/transport.js';

export type ErrorMiddlewareOptions = {
  transport: Transport;
  redact: (text: string) => string;
  /** Extra advice for an authentication failure (e.g. that no credentials were configured). */
  authHint: () => string | undefined;
};

export function errorMiddleware(options: ErrorMiddlewareOptions): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.ok) return undefined;
      const { apiErrorFromResponse } = await import('./api-error-from-response.js');
      throw await apiErrorFromResponse(request, response, options);
    },
  };
}
