/**
 * Builds one method per row of the generated operation table. The method splits its argument into
 * path parameters, query parameters and body by the table (which came from the spec), checks them
 * for callers without types (split-params.ts, loaded on the first call), sends through openapi-fetch,
 * and throws on any non-2xx.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/batch.js';
import type { batchOperations } from '../../generated/batch-operations.js';
import { isItemCap } from '../pagination/item-cap.js';
import type { PageCallOptions, PagedCall } from '../pagination/page.js';
import { createPagedCall } from '../pagination/paged-call.js';
import type { PageFetcher } from '../pagination/walk-pages.js';
import type { CallOptions } from '../transport/call-options.js';
import { PreparedRequest } from '../transport/prepared-request.js';
import type { Transport } from '../transport/transport.js';
import { createPathFiller, type PathFiller } from './path-filler.js';
import type { RequestGuard } from './request-guards.js';

export type OperationEntry = (typeof batchOperations)[keyof typeof batchOperations];

export type MethodContext = {
  raw: Client<paths>;
  transport: Transport;
  /** Set once the user registers middleware on `raw`: from then on requests are real `Request`s. */
  userMiddleware: boolean;
};

export type Split = {
  path: Record<string, string | number>;
  query: Record<string, unknown>;
  body: unknown;
};

/**
 * Sends one operation through openapi-fetch. Non-2xx answers never come back here: the error
 * middleware (error-middleware.ts) has already thrown them as `SoracomApiError`. `walkSignal` is a
 * page walk's own signal (walk-pages.ts), which follows the caller's and ends the request in its place.
 */
export async function sendOperation(
  ctx: MethodContext,
  entry: OperationEntry,
  split: Split,
  fillPath: PathFiller,
  call?: CallOptions,
  walkSignal?: AbortSignal,
): Promise<{ data: unknown; response: Response }> {
  const control = walkSignal ? { signal: walkSignal } : undefined;
  const init: Record<string, unknown> = {
    params: { path: split.path, query: split.query },
    fetch: (request: Request | PreparedRequest) => ctx.transport.send(request, call, control),
    pathSerializer: fillPath,
  };
  if (!ctx.userMiddleware) init.Request = PreparedRequest;
  if (split.body !== undefined) init.body = split.body;
  // Method and path come from the generated table; openapi-fetch's literal types cannot follow a
  // runtime table, hence the cast.
  const request = ctx.raw.request as (
    method: string,
    path: string,
    init: unknown,
  ) => Promise<{ data?: unknown; response: Response }>;
  const result = await request(entry.method.toLowerCase(), entry.path, init);
  return { data: result.data, response: result.response };
}

/**
 * The argument checks load on the first call of any method: methods reject rather than throw, so a
 * client that is created but not called does not need them (core bundle size). Kept once loaded,
 * so later calls go straight to them.
 */
let splitChecks: typeof import('./split-params.js') | undefined;
const loadSplitParams = async () => {
  splitChecks ??= await import('./split-params.js');
  return splitChecks;
};

/**
 * A list operation (one with `x-soracom-cli-pagination` in the spec): returns a lazy paged call that
 * follows the response header named by the spec into the request parameter named by the spec.
 * Bad input rejects the call (or its iteration) before any request is sent.
 */
function createPagedMethod(
  ctx: MethodContext,
  entry: OperationEntry,
  pagination: { requestParam: string; responseHeader: string },
  fillPath: PathFiller,
) {
  return (params?: unknown, call?: PageCallOptions): PagedCall<unknown> => {
    const { maxItems, prefetch, ...rest } = call ?? {};
    // Without options of its own the call takes the client's settings as they are (the fast path).
    const callOptions = call === undefined || Object.keys(rest).length === 0 ? undefined : rest;
    let checked: Promise<Split> | undefined;
    const fetchPage: PageFetcher<unknown> = async (key, walkSignal) => {
      checked ??= loadSplitParams().then((checks) => {
        const split = checks.splitParams(entry, params);
        checks.checkPageOptions(entry, call);
        return split;
      });
      const split = await checked;
      const query = { ...split.query };
      if (key !== undefined) query[pagination.requestParam] = key;
      const { data, response } = await sendOperation(
        ctx,
        entry,
        { ...split, query },
        fillPath,
        callOptions,
        walkSignal,
      );
      if (!Array.isArray(data)) {
        throw new TypeError(
          `${entry.operationId}: expected a JSON array page, got ${data === undefined ? 'an empty body' : typeof data}`,
        );
      }
      return { items: data, nextKey: response.headers.get(pagination.responseHeader) ?? undefined, response };
    };
    // Read before the checks run; with bad input the first fetchPage rejects before this key is used.
    const startKey = (params as Record<string, unknown> | null | undefined)?.[pagination.requestParam];
    return createPagedCall(fetchPage, {
      operationId: entry.operationId,
      startKey: typeof startKey === 'string' ? startKey : undefined,
      // A bad cap must not stop the walk before fetchPage, which rejects with the validation error.
      maxItems: isItemCap(maxItems) ? maxItems : undefined,
      prefetch: prefetch !== false,
      signal: call?.signal,
    });
  };
}

/**
 * The guards check request bodies (task lists, names); they load on the first call that sends a body,
 * so a client that only reads never loads them (the core bundle stays small).
 */
async function guardFor(entry: OperationEntry): Promise<RequestGuard | undefined> {
  if (!entry.hasBody) return undefined;
  const { requestGuards } = await import('./request-guards.js');
  return requestGuards[entry.operationId];
}

export function createOperationMethod(ctx: MethodContext, entry: OperationEntry) {
  const fillPath = createPathFiller();
  if (entry.pagination) return createPagedMethod(ctx, entry, entry.pagination, fillPath);
  return async (params?: unknown, call?: CallOptions): Promise<unknown> => {
    const split = (splitChecks ?? (await loadSplitParams())).splitParams(entry, params);
    if (entry.hasBody) (await guardFor(entry))?.(split);
    return (await sendOperation(ctx, entry, split, fillPath, call)).data;
  };
}
