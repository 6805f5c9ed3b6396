/**
 * One method per row of the generated operation table (generated/batch-operations.ts, read from
 * openapi/batch.yaml). A method splits its argument into path parameters, query parameters and body by
 * the table, checks them for callers without types (every problem a `BatchValidationError` naming the
 * argument and the fix, before anything is sent), runs the body guards of the operations that have
 * rules beyond the spec's types, sends through openapi-fetch, and throws on any non-2xx (the error
 * middleware). A list operation returns a lazy `PagedCall` instead.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/batch.js';
import type { batchOperations } from '../../generated/batch-operations.js';
import { BatchValidationError, UnexpectedResponseError } from '../errors/errors.js';
import { parseJsonBody } from '../errors/factories.js';
import type { SdkLog } from '../logging/logging.js';
import {
  createPagedCall,
  isItemCap,
  type PageCallOptions,
  type PagedCall,
  type PageFetcher,
} from '../pagination/pagination.js';
import { checkBatchGroupBody, checkCreateBatchJobBody } from '../tasks/job-body.js';
import { PreparedRequest } from '../transport/messages.js';
import type { CallOptions, Transport } from '../transport/transport.js';
import type { BatchOperationId } from './operation-types.js';

export type OperationEntry = (typeof batchOperations)[keyof typeof batchOperations];

export type MethodContext = {
  raw: Client<paths>;
  transport: Transport;
  log: SdkLog;
  /** Set once the user registers middleware on `raw`: from then on requests are real `Request`s. */
  userMiddleware: boolean;
  /** Set once a walk has warned that a CORS response may hide its next key. */
  warnedCursor?: boolean;
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
  // The body is parsed here, once, so that a 2xx whose body is not JSON is reported with what came.
  init.parseAs = 'text';
  // Method and path come from the generated table; openapi-fetch's literal types cannot follow a
  // runtime table, hence the cast.
  const request = ctx.raw.request as (
    method: string,
    path: string,
    init: unknown,
  ) => Promise<{ data?: unknown; response: Response }>;
  const { data, response } = await request(entry.method.toLowerCase(), entry.path, init);
  const { url } = ctx.transport.meta(response);
  return { data: parseJsonBody(entry.method, url, response, typeof data === 'string' ? data : ''), response };
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
    const { maxItems, prefetch, ...rest } = call ?? {};
    // Without options of its own the call takes the client's settings as they are (the fast path).
    const callOptions = call === undefined || Object.keys(rest).length === 0 ? undefined : rest;
    let checked: Split | undefined;
    const fetchPage: PageFetcher<unknown> = async (key, walkSignal) => {
      checked ??= checkPagedCall(entry, params, call);
      const split = checked;
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
        throw new UnexpectedResponseError(
          `${entry.method} ${new URL(ctx.transport.meta(response).url).pathname} (${entry.operationId}) answered ` +
            `${response.status} with ${data === null ? 'null' : typeof data} where the spec describes a JSON array page`,
          {
            method: entry.method,
            path: new URL(ctx.transport.meta(response).url).pathname,
            status: response.status,
            contentType: response.headers.get('content-type') ?? undefined,
          },
        );
      }
      return { items: data, nextKey: response.headers.get(pagination.responseHeader) ?? undefined, response };
    };
    // Read before the checks run; with bad input the first fetchPage rejects before these are used.
    const given = params as Record<string, unknown> | null | undefined;
    const startKey = given?.[pagination.requestParam];
    const limit = typeof given?.limit === 'number' ? given.limit : undefined;
    return createPagedCall(fetchPage, {
      operationId: entry.operationId,
      startKey: typeof startKey === 'string' ? startKey : undefined,
      // A bad cap must not stop the walk before fetchPage, which rejects with the validation error.
      maxItems: isItemCap(maxItems) ? maxItems : undefined,
      prefetch: prefetch !== false,
      signal: call?.signal,
      onCursorMaybeHidden: (page) => cursorMaybeHidden(ctx, entry, pagination.responseHeader, limit, page),
    });
  };
}

/**
 * A CORS page without a readable next key, in a walk that has not read one: the browser may have hidden
 * the header (pagination.ts). A full page (as many items as `limit` asked) is refused, since more pages
 * are likely. A shorter page may be the last one (or one the server cut short, which it may do), so the
 * walk ends there with a warning.
 */
function cursorMaybeHidden(
  ctx: MethodContext,
  entry: OperationEntry,
  header: string,
  limit: number | undefined,
  page: { items: unknown[]; response: Response },
): void {
  const path = new URL(ctx.transport.meta(page.response).url).pathname;
  const expose = `unless the server sends "Access-Control-Expose-Headers: ${header}"`;
  if (limit !== undefined && page.items.length >= limit) {
    throw new UnexpectedResponseError(
      `${entry.method} ${path} (${entry.operationId}) answered a full page (${page.items.length} items, limit ` +
        `${limit}) without a readable ${header} header: a browser hides it in a cross-origin (CORS) response ` +
        `${expose}. The walk stops rather than return a list that may be partial.`,
      {
        method: entry.method,
        path,
        status: page.response.status,
        contentType: page.response.headers.get('content-type') ?? undefined,
      },
    );
  }
  // Once per client: a page that is truly the last one looks the same, so this is a hint, not an alarm.
  if (ctx.warnedCursor) return;
  ctx.warnedCursor = true;
  ctx.log.warn(
    `${entry.operationId}: the walk ends after ${page.items.length} item(s) of a cross-origin (CORS) response ` +
      `without a readable ${header} header. A browser hides it ${expose}; later pages are then missed. ` +
      'With limit, a full page is refused instead of ending the walk. (Said once per client.)',
  );
}

/**
 * Rules of an operation's body beyond what the spec's types say (task counts, one action per job, name
 * lengths: see tasks/job-body.ts). Each throws `BatchValidationError`; nothing is sent when one fails.
 */
const requestGuards: Partial<Record<BatchOperationId, (body: unknown) => void>> = {
  createBatchJob: (body) => checkCreateBatchJobBody(body),
  createBatchGroup: (body) => checkBatchGroupBody('createBatchGroup', body),
  updateBatchGroup: (body) => checkBatchGroupBody('updateBatchGroup', body),
};

export function createOperationMethod(ctx: MethodContext, entry: OperationEntry) {
  const fillPath = createPathFiller();
  if (entry.pagination) return createPagedMethod(ctx, entry, entry.pagination, fillPath);
  return async (params?: unknown, call?: CallOptions): Promise<unknown> => {
    const split = splitParams(entry, params);
    if (split.body !== undefined) requestGuards[entry.operationId]?.(split.body);
    return (await sendOperation(ctx, entry, split, fillPath, call)).data;
  };
}

const CALL_OPTION_KEYS = new Set([
  'signal',
  'headers',
  'maxItems',
  'prefetch',
  'timeoutMs',
  'maxRetries',
  'maxRetryDelayMs',
]);

/** The message is always `<argument> <rule><detail>`, so the argument and the rule read as one sentence. */
function invalid(argument: string, rule: string, detail = ''): never {
  throw new BatchValidationError(argument, rule, `${detail}`);
}

function checkScalar(argument: string, type: string, value: unknown, allowed?: readonly string[]): void {
  const got = ` (got ${typeof value})`;
  if (type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) invalid(argument, 'must be an integer', got);
    return;
  }
  if (typeof value !== 'string') invalid(argument, 'must be a string', got);
  if (allowed && !allowed.includes(value))
    invalid(argument, `must be one of ${allowed.join(', ')}`, ` (got ${JSON.stringify(value)})`);
}

/** Splits and checks the method's argument; throws `BatchValidationError` before anything is sent. */
export function splitParams(entry: OperationEntry, params: unknown): Split {
  const { operationId } = entry;
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    invalid(
      operationId,
      'takes one object of parameters',
      `, e.g. { ${entry.pathParams.map((p) => `${p}: '...'`).join(', ')} }`,
    );
  }
  const given = (params ?? {}) as Record<string, unknown>;
  const known = new Set<string>([...entry.parameters.map((p) => p.name), ...(entry.hasBody ? ['body'] : [])]);
  for (const key of Object.keys(given)) {
    if (known.has(key) || given[key] === undefined) continue;
    const hint = CALL_OPTION_KEYS.has(key) ? ' (call options such as signal go in the second argument)' : '';
    invalid(
      `${operationId}.${key}`,
      'is not a parameter of this operation',
      `${hint}; its parameters are ${[...known].join(', ') || 'none'}`,
    );
  }
  const split: Split = { path: {}, query: {}, body: undefined };
  for (const p of entry.parameters) {
    const argument = `${operationId}.${p.name}`;
    const value = given[p.name];
    if (value === undefined) {
      if (p.required) invalid(argument, 'is required', ': pass it in the first argument');
      continue;
    }
    checkScalar(argument, p.type, value, 'enum' in p ? p.enum : undefined);
    if (p.in === 'path') {
      if (typeof value === 'string' && value.trim() === '') invalid(argument, 'must not be empty');
      // URL normalisation turns /batch_groups/.. into another path: the request would reach another resource.
      if (value === '.' || value === '..')
        invalid(argument, 'must not be "." or ".."', ` (got ${JSON.stringify(value)})`);
      split.path[p.name] = value as string | number;
    } else if (p.in === 'query') {
      split.query[p.name] = value;
    }
  }
  if (entry.hasBody) {
    const { body } = given;
    if (body === undefined && entry.bodyRequired) invalid(`${operationId}.body`, 'is required');
    if (body !== undefined && (body === null || typeof body !== 'object'))
      invalid(`${operationId}.body`, 'must be a JSON object');
    // A field the spec does not have would be sent and ignored (a typo loses a setting): refused, by the
    // body schema's property names in the table. Only the top level: task bodies are the job guard's.
    const fields: readonly string[] | null = entry.bodyFields;
    if (fields !== null && body !== undefined) {
      if (Array.isArray(body)) invalid(`${operationId}.body`, 'must be a JSON object', ' (got an array)');
      for (const key of Object.keys(body as object)) {
        if (fields.includes(key) || (body as Record<string, unknown>)[key] === undefined) continue;
        invalid(
          `${operationId}.body.${key}`,
          `is not a field of ${entry.bodySchema ?? 'the request body'}`,
          `; its fields are ${fields.join(', ')}`,
        );
      }
    }
    split.body = body;
  }
  return split;
}

/** `maxItems` of a list call: a cap on the items read across pages. */
function checkPageOptions(entry: OperationEntry, call: PageCallOptions | undefined): void {
  const maxItems = call?.maxItems;
  if (maxItems !== undefined && !isItemCap(maxItems)) {
    invalid(
      `${entry.operationId}.options.maxItems`,
      'must be a positive integer',
      ' (the total number of items to read); leave it out to read every page',
    );
  }
  if (call?.prefetch !== undefined && typeof call.prefetch !== 'boolean') {
    invalid(
      `${entry.operationId}.options.prefetch`,
      'must be a boolean',
      '; pass false to request each page only when it is asked for',
    );
  }
}

/** A list call's checks, run when it is first awaited or iterated: its parameters and page options. */
function checkPagedCall(entry: OperationEntry, params: unknown, call: PageCallOptions | undefined): Split {
  const split = splitParams(entry, params);
  checkPageOptions(entry, call);
  return split;
}

/**
 * Fills a path's `{name}` placeholders as openapi-fetch's default path serializer does for the Batch
 * API's parameters (style simple, a string or integer value: `encodeURIComponent`), from a split of
 * the path made once instead of a regular-expression scan on every call (bench/RESULTS.md, per-call
 * overhead). A placeholder without a value stays as it is, as in the default.
 *
 * openapi-fetch passes the base URL and the spec path joined, which is the same string on every call
 * of one operation method: one filler per method keeps its split.
 */
export type PathFiller = (pathname: string, params: Record<string, unknown> | undefined) => string;

const PLACEHOLDER = /\{([^{}]+)\}/;

export function createPathFiller(): PathFiller {
  let source: string | undefined;
  // Literal text at even indices, placeholder names at odd ones.
  let parts: string[] = [];
  return (pathname, params) => {
    if (pathname !== source) {
      source = pathname;
      parts = pathname.split(new RegExp(PLACEHOLDER, 'g'));
    }
    let filled = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] as string;
      const value = params?.[name];
      filled += value === undefined || value === null ? `{${name}}` : encodeURIComponent(String(value));
      filled += parts[i + 1] as string;
    }
    return filled;
  };
}
