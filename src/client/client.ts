/**
 * `createBatchClient(options)`: the SDK's one public factory. It returns one method per operationId
 * of the Batch spec (built from the generated operation table), `.raw`, the typed openapi-fetch client
 * the methods send through, and `logout()`, all through the same transport (credentials, login and
 * renewal, retries, timeouts, redirects, logging, redaction). The job helpers are functions that take
 * the client: `waitForJob` and `failedTasks` here (jobs/), `runTasks`, `runPlan` and `retryFailed` in
 * `soracom-batch/jobs`.
 */
import createClient, { type Client, createQuerySerializer } from 'openapi-fetch';
import type { BatchMethods } from '../../generated/batch-methods.js';
import { batchOperations } from '../../generated/batch-operations.js';
import { createAuthApi } from '../auth/auth-api.js';
import { createAuthSession, loginRefusedHint } from '../auth/session.js';
import { createTransportError } from '../errors/factories.js';
import { createSdkLog, Redactor } from '../logging/logging.js';
import { type CallOptions, createTransport, readableResponse } from '../transport/transport.js';
import type { BatchOperationMethods, paths } from './operation-types.js';
import { createOperationMethod, type MethodContext } from './operations.js';
import { type BatchClientOptions, CLIENT_SETTINGS, normalizeCallOptions, normalizeOptions } from './options.js';

/**
 * The client `createBatchClient` returns: one method per Batch operation, `raw`, `baseUrl` and `logout()`.
 *
 * The operation methods ({@link BatchMethods}, each documented from the spec) take the spec's parameters
 * by their spec names plus `body`, and resolve to the 2xx JSON body; list operations return a
 * {@link PagedCall}. The job helpers take the client: {@link waitForJob}, {@link failedTasks}.
 *
 * @example
 * ```ts
 * import { type BatchClient, createBatchClient } from 'soracom-batch';
 *
 * const batch: BatchClient = createBatchClient({ auth: { authKeyId: 'keyId-...', authKey: 'secret-...' } });
 * const groups = await batch.listBatchGroups().toArray();
 * const job = await batch.getBatchJob({ batch_group_id, job_id });
 * ```
 * @category Client
 */
export interface BatchClient extends BatchMethods {
  /**
   * The openapi-fetch client typed with the Batch spec's paths, for full control (`GET`, `POST`, `use`, ...).
   *
   * It sends through the same transport as the methods (credentials, retries, logging).
   *
   * @example
   * ```ts
   * const { data } = await batch.raw.GET('/batch_groups/{batch_group_id}', { params: { path: { batch_group_id } } });
   * console.log(data?.batchGroupName);
   * ```
   */
  readonly raw: Client<paths>;
  /**
   * The API root every request goes to, e.g. `https://api.soracom.io/v1`.
   *
   * @example
   * ```ts
   * console.log(`calling ${batch.baseUrl}`);
   * ```
   */
  readonly baseUrl: string;
  /**
   * Revokes the API key and token (`POST /v1/auth/logout`) and forgets them. With login credentials a
   * later call logs in again; with a fixed `{ apiKey, token }` later calls are refused. Does nothing
   * when the client has not logged in yet.
   *
   * @example
   * ```ts
   * try {
   *   console.log(await batch.listBatchGroups());
   * } finally {
   *   await batch.logout(); // the token is revoked; a later call logs in again
   * }
   * ```
   */
  logout(options?: Pick<CallOptions, 'signal'>): Promise<void>;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Creates a client of the Batch API: checks the options (throwing {@link BatchValidationError} before
 * any request) and returns a {@link BatchClient}.
 *
 * Nothing is sent until the first call; with login credentials the client logs in then, and again
 * when the token is rejected.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 *
 * const batch = createBatchClient({
 *   coverage: 'jp',
 *   auth: { authKeyId, authKey },
 *   maxRetries: 2,
 *   logLevel: 'info',
 * });
 * const group = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * ```
 * @category Client
 */
export function createBatchClient(options?: BatchClientOptions): BatchClient {
  const normalized = normalizeOptions(options);
  const redactor = new Redactor();
  const log = createSdkLog({ logger: normalized.logger, level: normalized.logLevel, redact: redactor.redact });
  for (const warning of normalized.warnings) log.warn(warning);

  const { credentials } = normalized;
  const clientCall = Object.freeze(normalizeCallOptions(undefined, normalized.retry));
  // The transport asks the session for headers; the session's auth requests are sent through the
  // transport. The session is handed over as a getter: it exists before the first request is sent.
  const transport = createTransport({
    fetch: normalized.fetch,
    origin: new URL(normalized.baseUrl).origin,
    auth: () => session,
    log,
    redact: redactor.redact,
    // Most calls pass no options: they share one checked, frozen set of the client's settings.
    resolveCall: (call) => (call === undefined ? clientCall : normalizeCallOptions(call, normalized.retry)),
  });
  const authApi = createAuthApi({
    baseUrl: normalized.baseUrl,
    headers: normalized.headers,
    transport,
    loginHint: () => (credentials.kind === 'login' ? loginRefusedHint(credentials.login) : undefined),
  });
  const session = createAuthSession(credentials, authApi, log);
  redactor.addSource(() => session.secrets());

  // The one openapi-fetch client: the operation methods send through it too, so middleware registered
  // on it sees every request, and its `fetch` is the transport.
  const raw = createClient<paths>({
    baseUrl: normalized.baseUrl,
    headers: normalized.headers,
    // openapi-fetch's own default serializer, made once here instead of once per call.
    querySerializer: createQuerySerializer(),
    // A `.raw` call's JSON is parsed by openapi-fetch: it gets a response whose body it can read.
    fetch: async (request: Request) => readableResponse(await transport.send(request)),
  });
  const ctx: MethodContext = { raw, transport, log };

  const built: Record<string, unknown> = {};
  for (const entry of Object.values(batchOperations)) built[entry.operationId] = createOperationMethod(ctx, entry);
  // One method per row of the generated table, which lists the same operations as the generated
  // `operations` type that BatchOperationMethods maps: the two come from the same spec.
  const operations = built as BatchOperationMethods;

  const logout = async (call?: Pick<CallOptions, 'signal'>): Promise<void> => {
    const { signal } = normalizeCallOptions(call, normalized.retry);
    try {
      await session.logout(signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
      const path = `${new URL(normalized.baseUrl).pathname.replace(/\/+$/, '')}/auth/logout`;
      throw createTransportError({
        kind: 'abort',
        reason: signal.reason,
        method: 'POST',
        path,
        attempts: 0,
        redact: redactor.redact,
      });
    }
  };

  const describe = () => ({
    baseUrl: normalized.baseUrl,
    auth: `${session.describe()} [secrets redacted]`,
    maxRetries: normalized.retry.maxRetries,
    maxRetryDelayMs: normalized.retry.maxRetryDelayMs,
    timeoutMs: Number.isFinite(normalized.retry.timeoutMs) ? normalized.retry.timeoutMs : 'none',
    logLevel: normalized.logLevel,
  });
  const client: BatchClient = Object.assign(Object.create(null) as object, operations, {
    raw,
    baseUrl: normalized.baseUrl,
    logout,
    toJSON: describe,
    [INSPECT]: () => `BatchClient ${JSON.stringify(describe())}`,
  });
  // Read by the job runner (soracom-batch/jobs) to size its settle window; not part of the type.
  Object.defineProperty(client, CLIENT_SETTINGS, { value: Object.freeze({ timeoutMs: normalized.retry.timeoutMs }) });
  return client;
}
