/**
 * `createBatchClient(options)`: the SDK's one public factory. It returns one method per operationId
 * of the Batch spec (built from the generated operation table) and `.raw`, the typed openapi-fetch
 * client, both sending through the same transport (credentials, renewal, redaction).
 */
import createClient, { type Client } from 'openapi-fetch';
import { batchOperations } from '../../generated/batch-operations.js';
import type { paths } from '../../generated/batch.js';
import { Redactor } from '../logging/redactor.js';
import { createTransport } from '../transport/transport.js';
import { errorMiddleware } from './error-middleware.js';
import { type BatchClientOptions, normalizeOptions } from './options.js';
import { createOperationMethod, type MethodContext } from './operation-method.js';
import type { BatchOperationMethods } from './operation-types.js';

export type BatchClient = BatchOperationMethods & {
  /** The openapi-fetch client typed with the Batch spec's paths, for full control (`GET`, `POST`, `use`, ...). */
  readonly raw: Client<paths>;
  /** The API root every request goes to, e.g. `https://api.soracom.io/v1`. */
  readonly baseUrl: string;
};

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export function createBatchClient(options?: BatchClientOptions): BatchClient {
  const normalized = normalizeOptions(options);
  const redactor = new Redactor();
  redactor.addSource(() => normalized.auth.secrets());
  const transport = createTransport({ fetch: normalized.fetch, auth: normalized.auth });
  const raw = createClient<paths>({
    baseUrl: normalized.baseUrl,
    headers: normalized.headers,
    fetch: (request: Request) => transport.send(request),
  });
  raw.use(
    errorMiddleware({
      transport,
      redact: redactor.redact,
      authHint: () => normalized.auth.rejectionHint(),
    }),
  );
  const ctx: MethodContext = { raw, transport };

  const methods: Record<string, unknown> = {};
  for (const entry of Object.values(batchOperations)) methods[entry.operationId] = createOperationMethod(ctx, entry);

  const describe = () => ({ baseUrl: normalized.baseUrl, auth: `${normalized.auth.describe()} [redacted]` });
  const client = Object.assign(Object.create(null) as object, methods, {
    raw,
    baseUrl: normalized.baseUrl,
    toJSON: describe,
    [INSPECT]: () => `BatchClient ${JSON.stringify(describe())}`,
  });
  return client as unknown as BatchClient;
}
