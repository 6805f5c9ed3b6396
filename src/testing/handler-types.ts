/** What an operation handler receives and answers; the HTTP server does the rest. */
import type { Session } from './auth-store.js';

export type RequestContext = {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
  /** The authenticated session, for secured operations. */
  session: Session | undefined;
};

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type Handler = (ctx: RequestContext) => Reply;
