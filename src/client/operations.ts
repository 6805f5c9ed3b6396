/**
 * One method per row of the generated operation table (generated/batch-operations.ts, read from
 * openapi/batch.yaml). A method splits its argument into path parameters, query parameters and body by
 * the table, checks them for callers without types (every problem a `BatchValidationError` naming the
 * argument and the fix, before anything is sent), runs the body guards of the operations that have
 * rules beyond the spec's types, and sends through `batch.raw`, the openapi-fetch client users can add
 * middleware to, whose `fetch` is the transport (transport/transport.ts): a non-2xx answer is thrown
 * there. A list operation returns a lazy `PagedCall` instead.
 */
import type { Client } from 'openapi-fetch';
import type { batchOperations } from '../../generated/batch-operations.js';
import { BatchValidationError } from '../errors/errors.js';
import { type AnswerDetails, parseJsonBody, requestIdOf, unexpectedAnswer } from '../errors/factories.js';
import type { SdkLog } from '../logging/logging.js';
import {
  createPagedCall,
  isItemCap,
  type PageCallOptions,
  type PagedCall,
  type PageFetcher,
  type WalkControl,
} from '../pagination/pagination.js';
import { checkBatchGroupBody, checkCreateBatchJobBody } from '../tasks/job-body.js';
import type { CallOptions, Delivered, SendControl, Transport } from '../transport/transport.js';
import type { ApiCall, ApiResponse, BatchOperationId, paths } from './operation-types.js';

export type OperationEntry = (typeof batchOperations)[keyof typeof batchOperations];

export type MethodContext = {
  /** `batch.raw`: every method sends through it, so middleware registered there sees every request. */
  raw: Client<paths>;
  transport: Transport;
  log: SdkLog;
  /** Set once a walk has warned that a CORS response may hide its next key. */
  warnedCursor?: boolean;
};

export type Split = {
  path: Record<string, string | number>;
  query: Record<string, unknown>;
  body: unknown;
};

/** openapi-fetch's `GET`, `POST`, ... as the methods call them, by the method name the table holds. */
type RequestFn = (path: string, init: unknown) => Promise<{ response: Response }>;

/** A 2xx answer as it came: where it came from, and its body as text (parsed by the caller, once). */
type Sent = AnswerDetails & { text: string };

let decoder: TextDecoder | undefined;

/**
 * Sends one operation through `batch.raw` and resolves with its 2xx answer. openapi-fetch serializes
 * the parameters and body, runs the middleware registered on `raw`, and calls the transport as this
 * request's `fetch` (openapi-fetch's documented per-request option), with the call's options; the
 * transport throws any answer but a 2xx, and delivers a 2xx with its body already read (within the
 * attempt's time limit). So openapi-fetch is asked not to read the body (`parseAs: 'stream'`), and the
 * text is decoded from the delivered bytes, to be parsed once by the caller (`parseJsonBody`, which
 * reports a body that is not JSON with what came). Should middleware answer in place of the transport,
 * or replace its answer, that response is read instead. `walk` is a page walk's control
 * (pagination.ts): its signal follows the caller's and ends the request in its place.
 */
async function send(
  ctx: MethodContext,
  entry: OperationEntry,
  split: Split,
  call?: CallOptions,
  walk?: WalkControl,
): Promise<Sent> {
  let url = '';
  let delivered: Delivered | undefined;
  const control: SendControl = { ...walk, callSignalOnly: true };
  const init: Record<string, unknown> = {
    params: { path: split.path, query: split.query },
    parseAs: 'stream',
    fetch: async (request: Request) => {
      url = request.url;
      delivered = await ctx.transport.send(request, call, control);
      return delivered.response;
    },
  };
  if (split.body !== undefined) init.body = split.body;
  // Method and path come from the generated table; openapi-fetch's literal types cannot follow a
  // runtime table, hence the cast.
  const { response } = await (ctx.raw[entry.method] as RequestFn)(entry.path, init);
  if (delivered && response === delivered.response) {
    decoder ??= new TextDecoder();
    return { method: entry.method, url, response, text: decoder.decode(delivered.body) };
  }
  return { method: entry.method, url, response, text: await response.text() };
}

/** Sends one operation and resolves with its parsed 2xx body, its response and its request ID. */
export async function sendOperation(
  ctx: MethodContext,
  entry: OperationEntry,
  split: Split,
  call?: CallOptions,
): Promise<ApiResponse<unknown>> {
  const sent = await send(ctx, entry, split, call);
  return {
    data: parseJsonBody(sent, sent.text),
    response: sent.response,
    requestId: requestIdOf(sent.response.headers),
  };
}

const ignore = () => undefined;

/** The data of `answer`, which can also hand over the whole answer (`withResponse()`). */
function apiCall<T>(answer: Promise<ApiResponse<T>>): ApiCall<T> {
  const data = answer.then((a) => a.data) as ApiCall<T>;
  data.withResponse = () => {
    // The caller reads the answer instead of the data: a failure is theirs through this promise only.
    data.catch(ignore);
    return answer;
  };
  return data;
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
) {
  return (params?: unknown, call?: PageCallOptions): PagedCall<unknown> => {
    const { maxItems, prefetch, ...rest } = call ?? {};
    const callOptions = Object.keys(rest).length === 0 ? undefined : rest;
    let checked: Split | undefined;
    const fetchPage: PageFetcher<unknown> = async (key, walk) => {
      checked ??= checkPagedCall(entry, params, call);
      const split = checked;
      const query = { ...split.query };
      if (key !== undefined) query[pagination.requestParam] = key;
      const sent = await send(ctx, entry, { ...split, query }, callOptions, walk);
      const items = () => {
        const data = parseJsonBody(sent, sent.text);
        if (Array.isArray(data)) return data;
        const got = data === null ? 'null' : typeof data;
        throw unexpectedAnswer(sent, `with ${got} where the spec describes a JSON array page`, entry.operationId);
      };
      const { response } = sent;
      const nextKey = response.headers.get(pagination.responseHeader) ?? undefined;
      return { items, nextKey, response, requestId: requestIdOf(response.headers) };
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
  const expose = `unless the server sends "Access-Control-Expose-Headers: ${header}"`;
  if (limit !== undefined && page.items.length >= limit) {
    throw unexpectedAnswer(
      { method: entry.method, url: page.response.url, response: page.response },
      `with a full page (${page.items.length} items, limit ${limit}) without a readable ${header} header: ` +
        `a browser hides it in a cross-origin (CORS) response ${expose}. The walk stops rather than return a ` +
        'list that may be partial.',
      entry.operationId,
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
  if (entry.pagination) return createPagedMethod(ctx, entry, entry.pagination);
  return (params?: unknown, call?: CallOptions): ApiCall<unknown> => {
    try {
      const split = splitParams(entry, params);
      if (split.body !== undefined) requestGuards[entry.operationId]?.(split.body);
      return apiCall(sendOperation(ctx, entry, split, call));
    } catch (error) {
      // Bad input rejects rather than throws, like every other failure of a call.
      return apiCall(Promise.reject(error));
    }
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
