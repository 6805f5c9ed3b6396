/**
 * Builds one method per row of the generated operation table. The method splits its argument into
 * path parameters, query parameters and body by the table (which came from the spec), checks them
 * for callers without types, sends through openapi-fetch, and throws on any non-2xx.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/batch.js';
import type { batchOperations } from '../../generated/batch-operations.js';
import { BatchValidationError } from '../errors/validation-error.js';
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

type Split = {
  path: Record<string, string | number>;
  query: Record<string, unknown>;
  body: unknown;
};

const CALL_OPTION_KEYS = new Set(['signal', 'headers', 'maxItems', 'timeoutMs', 'maxRetries', 'maxRetryDelayMs']);

function checkScalar(
  entry: OperationEntry,
  name: string,
  type: string,
  value: unknown,
  allowed?: readonly string[],
): void {
  const argument = `${entry.operationId}.${name}`;
  if (type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new BatchValidationError(
        argument,
        'must be an integer',
        `${argument} must be an integer (got ${typeof value})`,
      );
    }
    return;
  }
  if (typeof value !== 'string') {
    throw new BatchValidationError(argument, 'must be a string', `${argument} must be a string (got ${typeof value})`);
  }
  if (allowed && !allowed.includes(value)) {
    throw new BatchValidationError(
      argument,
      `must be one of ${allowed.join(', ')}`,
      `${argument} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
}

/** Splits and checks the method's argument; throws `BatchValidationError` before anything is sent. */
export function splitParams(entry: OperationEntry, params: unknown): Split {
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw new BatchValidationError(
      entry.operationId,
      'takes one object of parameters',
      `${entry.operationId} takes one object of parameters, e.g. { ${entry.pathParams.map((p) => `${p}: '...'`).join(', ')} }`,
    );
  }
  const given = (params ?? {}) as Record<string, unknown>;
  const known = new Set<string>([...entry.parameters.map((p) => p.name), ...(entry.hasBody ? ['body'] : [])]);
  for (const key of Object.keys(given)) {
    if (known.has(key) || given[key] === undefined) continue;
    const hint = CALL_OPTION_KEYS.has(key) ? ' (call options such as signal go in the second argument)' : '';
    throw new BatchValidationError(
      `${entry.operationId}.${key}`,
      'is not a parameter of this operation',
      `${entry.operationId}.${key} is not a parameter of this operation${hint}; its parameters are ${[...known].join(', ') || 'none'}`,
    );
  }
  const split: Split = { path: {}, query: {}, body: undefined };
  for (const p of entry.parameters) {
    const value = given[p.name];
    if (value === undefined) {
      if (p.required) {
        throw new BatchValidationError(
          `${entry.operationId}.${p.name}`,
          'is required',
          `${entry.operationId}.${p.name} is required: pass it in the first argument`,
        );
      }
      continue;
    }
    checkScalar(entry, p.name, p.type, value, 'enum' in p ? p.enum : undefined);
    if (p.in === 'path') {
      if (typeof value === 'string' && value.trim() === '') {
        throw new BatchValidationError(
          `${entry.operationId}.${p.name}`,
          'must not be empty',
          `${entry.operationId}.${p.name} must not be empty`,
        );
      }
      split.path[p.name] = value as string | number;
    } else if (p.in === 'query') {
      split.query[p.name] = value;
    }
  }
  if (entry.hasBody) {
    if (given.body === undefined && entry.bodyRequired) {
      throw new BatchValidationError(
        `${entry.operationId}.body`,
        'is required',
        `${entry.operationId}.body is required`,
      );
    }
    if (given.body !== undefined && (given.body === null || typeof given.body !== 'object')) {
      throw new BatchValidationError(
        `${entry.operationId}.body`,
        'must be an object',
        `${entry.operationId}.body must be a JSON object`,
      );
    }
    split.body = given.body;
  }
  return split;
}

/**
 * Sends one operation through openapi-fetch. Non-2xx answers never come back here: the error
 * middleware (error-middleware.ts) has already thrown them as `SoracomApiError`.
 */
export async function sendOperation(
  ctx: MethodContext,
  entry: OperationEntry,
  split: Split,
  fillPath: PathFiller,
  call?: CallOptions,
): Promise<{ data: unknown; response: Response }> {
  const init: Record<string, unknown> = {
    params: { path: split.path, query: split.query },
    fetch: (request: Request | PreparedRequest) => ctx.transport.send(request, call),
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

function checkPageOptions(entry: OperationEntry, call: PageCallOptions | undefined): void {
  const maxItems = call?.maxItems;
  if (maxItems !== undefined && (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 1)) {
    throw new BatchValidationError(
      `${entry.operationId}.options.maxItems`,
      'must be a positive integer',
      `${entry.operationId}: options.maxItems must be a positive integer (the total number of items to read); ` +
        'leave it out to read every page',
    );
  }
}

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
    let split: Split | undefined;
    let invalid: unknown;
    try {
      split = splitParams(entry, params);
      checkPageOptions(entry, call);
    } catch (error) {
      invalid = error;
    }
    const { maxItems, ...rest } = call ?? {};
    // Without options of its own the call takes the client's settings as they are (the fast path).
    const callOptions = call === undefined || Object.keys(rest).length === 0 ? undefined : rest;
    const fetchPage: PageFetcher<unknown> = async (key) => {
      if (invalid !== undefined || split === undefined) throw invalid;
      const query = { ...split.query };
      if (key !== undefined) query[pagination.requestParam] = key;
      const { data, response } = await sendOperation(ctx, entry, { ...split, query }, fillPath, callOptions);
      if (!Array.isArray(data)) {
        throw new TypeError(
          `${entry.operationId}: expected a JSON array page, got ${data === undefined ? 'an empty body' : typeof data}`,
        );
      }
      return { items: data, nextKey: response.headers.get(pagination.responseHeader) ?? undefined, response };
    };
    const startKey = split?.query[pagination.requestParam];
    return createPagedCall(fetchPage, {
      operationId: entry.operationId,
      startKey: typeof startKey === 'string' ? startKey : undefined,
      // With bad input the walk must reach fetchPage, which rejects with the validation error.
      maxItems: invalid === undefined ? maxItems : undefined,
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
    const split = splitParams(entry, params);
    if (entry.hasBody) (await guardFor(entry))?.(split);
    return (await sendOperation(ctx, entry, split, fillPath, call)).data;
  };
}
