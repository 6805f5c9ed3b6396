/**
 * Retries beneath the middleware, against a scripted loopback server: which answers are retried,
 * how long the client waits (read from its log lines, never measured), and which POSTs never are.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BatchClientOptions,
  ConnectionError,
  createBatchClient,
  isSoracomError,
  RateLimitError,
  ServerError,
} from '../../src/index.js';
import { freePort } from '../support/free-port.js';
import { captureLogger } from './capture-logger.js';
import { empty, json, reset, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const auth = { apiKey: 'retry-test-api-key', token: 'retry-test-token' };
const GROUPS = '/v1/batch_groups';
const JOBS = '/v1/batch_groups/g-1/jobs';
const job = { jobId: 'j-1', batchGroupId: 'g-1', status: 'pending' };
const jobBody = {
  jobName: 'retry test',
  tasks: [{ request: { path: '/v1/sims/8981100001234567890/activate', method: 'POST' } }],
};

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

function client(options: BatchClientOptions = {}) {
  const log = captureLogger();
  const batch = createBatchClient({
    baseUrl: server.baseUrl,
    auth,
    logger: log.logger,
    logLevel: 'debug',
    maxRetryDelayMs: 20,
    ...options,
  });
  return { batch, lines: log.lines };
}

const retryLines = (lines: Array<{ level: string; message: string }>) =>
  lines.filter((l) => l.message.includes('retrying in'));

describe('statuses that are retried', () => {
  it('retries a 429 sequence and returns the answer that finally succeeds', async () => {
    server.route(
      'GET',
      GROUPS,
      json(429, { code: 'COM0005', message: 'rate limited' }, { 'retry-after': '0' }),
      json(429, {}, { 'retry-after': '0' }),
      json(200, [{ batchGroupId: 'g-1', batchGroupName: 'n' }]),
    );
    const { batch } = client();
    await expect(batch.listBatchGroups()).resolves.toEqual([{ batchGroupId: 'g-1', batchGroupName: 'n' }]);
    expect(server.count('GET', GROUPS)).toBe(3);
  });

  it('waits as long as Retry-After (seconds) asks, capped by maxRetryDelayMs', async () => {
    server.route(
      'GET',
      GROUPS,
      json(429, {}, { 'retry-after': '0' }),
      json(429, {}, { 'retry-after': '7' }),
      json(200, []),
    );
    const { batch, lines } = client({ maxRetryDelayMs: 15 });
    await batch.listBatchGroups();
    const [first, second] = retryLines(lines).map((l) => l.message);
    expect(first).toContain('retrying in 0 ms as the server asked');
    expect(second).toContain(
      'retrying in 15 ms as the server asked (the server asked for 7000 ms; capped by maxRetryDelayMs)',
    );
    expect(lines.filter((l) => l.message.includes('retrying')).every((l) => l.level === 'info')).toBe(true);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    server.route('GET', GROUPS, json(503, {}, { 'retry-after': past }), json(200, []));
    const { batch, lines } = client();
    await batch.listBatchGroups();
    expect(retryLines(lines)[0]?.message).toContain('retrying in 0 ms as the server asked');
  });

  it('honours X-Soracom-Ratelimit-Seconds-Before-Refresh on a 429', async () => {
    server.route('GET', GROUPS, json(429, {}, { 'x-soracom-ratelimit-seconds-before-refresh': '12' }), json(200, []));
    const { batch, lines } = client({ maxRetryDelayMs: 9 });
    await batch.listBatchGroups();
    expect(retryLines(lines)[0]?.message).toContain(
      'retrying in 9 ms as the server asked (the server asked for 12000 ms',
    );
  });

  it('falls back to exponential backoff when the server does not say', async () => {
    server.route('GET', GROUPS, json(502, {}), json(504, {}), json(500, {}), json(408, {}), json(200, []));
    const { batch, lines } = client({ maxRetryDelayMs: 5 });
    await batch.listBatchGroups();
    expect(server.count('GET', GROUPS)).toBe(5);
    const messages = retryLines(lines).map((l) => l.message);
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(message).not.toContain('as the server asked');
  });

  it('gives up after maxRetries with the last error, counting the attempts', async () => {
    server.route('GET', GROUPS, json(429, { code: 'COM0005', message: 'Too many requests' }, { 'retry-after': '0' }));
    const { batch } = client({ maxRetries: 2 });
    const error = await batch.listBatchGroups().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(isSoracomError(error, RateLimitError)).toBe(true);
    expect((error as RateLimitError).attempts).toBe(3);
    expect((error as Error).message).toContain('after 3 attempts');
    expect(server.count('GET', GROUPS)).toBe(3);
  });

  it('takes maxRetries per call over the client setting', async () => {
    server.route('GET', GROUPS, json(503, {}, { 'retry-after': '0' }));
    const { batch } = client({ maxRetries: 0 });
    await expect(batch.listBatchGroups({}, { maxRetries: 3 })).rejects.toMatchObject({ status: 503, attempts: 4 });
    expect(server.count('GET', GROUPS)).toBe(4);
  });

  it('does not retry 400, 403 or 404', async () => {
    server.route('GET', '/v1/batch_groups/missing', json(404, { code: 'BAT0404', message: 'not found' }));
    const { batch, lines } = client();
    await expect(batch.getBatchGroup({ batch_group_id: 'missing' })).rejects.toMatchObject({
      status: 404,
      attempts: 1,
    });
    expect(server.count('GET', '/v1/batch_groups/missing')).toBe(1);
    expect(retryLines(lines)).toHaveLength(0);
  });
});

describe('a POST is retried only when it provably did not run', () => {
  it('sends createBatchJob once when it answers 500: the job may exist', async () => {
    server.route('POST', JOBS, json(500, { code: 'BAT0500', message: 'internal error' }), json(201, job));
    const { batch, lines } = client();
    const error = await batch
      .createBatchJob({ batch_group_id: 'g-1', body: jobBody as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(isSoracomError(error, ServerError)).toBe(true);
    expect((error as ServerError).attempts).toBe(1);
    expect(server.count('POST', JOBS)).toBe(1);
    expect(lines.some((l) => l.message.includes('not retried') && l.message.includes('may come after it ran'))).toBe(
      true,
    );
  });

  it('retries createBatchJob after a 429: the job was not created', async () => {
    server.route('POST', JOBS, json(429, { message: 'high load' }, { 'retry-after': '0' }), json(201, job));
    const { batch } = client();
    await expect(batch.createBatchJob({ batch_group_id: 'g-1', body: jobBody as never })).resolves.toEqual(job);
    expect(server.count('POST', JOBS)).toBe(2);
    // The replayed body is the same bytes: it was buffered once.
    expect(server.requests[0]?.body).toBe(server.requests[1]?.body);
    expect(JSON.parse(server.requests[1]?.body ?? '{}')).toEqual(jobBody);
  });

  it('retries a POST after a 503', async () => {
    server.route('POST', GROUPS, empty(503), json(201, { batchGroupId: 'g-2', batchGroupName: 'x' }));
    const { batch } = client();
    await expect(batch.createBatchGroup({ body: { batchGroupName: 'x' } })).resolves.toMatchObject({
      batchGroupId: 'g-2',
    });
    expect(server.count('POST', GROUPS)).toBe(2);
  });

  it('does not retry a POST whose connection was reset: it may have arrived', async () => {
    server.route('POST', GROUPS, reset(), json(201, {}));
    const { batch } = client();
    const error = await batch.createBatchGroup({ body: { batchGroupName: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(isSoracomError(error, ConnectionError)).toBe(true);
    expect(error).toMatchObject({ method: 'POST', path: GROUPS, attempts: 1, notSent: false });
    expect((error as Error).message).toContain('not retried');
    expect((error as Error).cause).toBeDefined();
    expect(server.count('POST', GROUPS)).toBe(1);
  });

  it('retries a POST whose connection was refused, then reports the refusal with its cause', async () => {
    const port = await freePort();
    const batch = createBatchClient({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      auth,
      maxRetries: 2,
      maxRetryDelayMs: 1,
      logLevel: 'off',
    });
    const error = await batch.createBatchGroup({ body: { batchGroupName: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ attempts: 3, notSent: true, method: 'POST' });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).toContain('after 3 attempts');
  });
});

describe('connection failures of idempotent requests', () => {
  it('retries a GET after a reset connection', async () => {
    server.route('GET', GROUPS, reset(), json(200, []));
    const { batch, lines } = client();
    await expect(batch.listBatchGroups()).resolves.toEqual([]);
    expect(server.count('GET', GROUPS)).toBe(2);
    expect(
      lines.some((l) => l.level === 'debug' && /GET \/v1\/batch_groups → connection failure/.test(l.message)),
    ).toBe(true);
  });

  it('retries a PUT (idempotent) after a 500', async () => {
    server.route('PUT', '/v1/batch_groups/g-1', json(500, {}), json(200, { batchGroupId: 'g-1', batchGroupName: 'y' }));
    const { batch } = client();
    await expect(
      batch.updateBatchGroup({ batch_group_id: 'g-1', body: { batchGroupName: 'y' } }),
    ).resolves.toMatchObject({ batchGroupName: 'y' });
    expect(server.count('PUT', '/v1/batch_groups/g-1')).toBe(2);
  });

  it('logs one debug line per attempt with method, path, status, attempt and elapsed ms', async () => {
    server.route('GET', GROUPS, json(503, {}, { 'retry-after': '0' }), json(200, []));
    const { batch, lines } = client();
    await batch.listBatchGroups();
    const attempts = lines.filter((l) => l.level === 'debug' && l.message.includes('→'));
    expect(attempts.map((l) => l.message)).toEqual([
      expect.stringMatching(/^\[soracom-batch\] GET \/v1\/batch_groups → 503 \(attempt 1, \d+ ms\)$/),
      expect.stringMatching(/^\[soracom-batch\] GET \/v1\/batch_groups → 200 \(attempt 2, \d+ ms\)$/),
    ]);
  });
});
