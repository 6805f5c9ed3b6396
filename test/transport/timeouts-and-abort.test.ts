/**
 * Per-attempt timeouts and the caller's signal. Nothing here measures speed: a call that ignored an
 * abort would wait an hour (Retry-After: 3600) and fail the test by the test timeout instead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  type BatchClientOptions,
  createBatchClient,
  isSoracomError,
  TimeoutError,
} from '../../src/index.js';
import { captureLogger } from './capture-logger.js';
import { delayed, hang, json, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const auth = { apiKey: 'timeout-test-api-key', token: 'timeout-test-token' };
const GROUPS = '/v1/batch_groups';
const HOUR_S = '3600';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

function client(options: BatchClientOptions = {}) {
  return createBatchClient({ baseUrl: server.baseUrl, auth, logLevel: 'off', ...options });
}

describe('timeoutMs (per attempt)', () => {
  it('turns a slow answer into a TimeoutError, after retrying an idempotent call', async () => {
    server.route('GET', GROUPS, delayed(20_000, json(200, [])));
    // The attempts are counted where they are sent, not where they arrive: under load the 100 ms may run
    // out before the server has read a request, which would then never be counted there.
    let attempts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const error = await client({ timeoutMs: 100, maxRetries: 1, maxRetryDelayMs: 1, fetch: countingFetch })
      .listBatchGroups()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(isSoracomError(error, TimeoutError)).toBe(true);
    expect(isSoracomError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 100, attempts: 2, method: 'GET', path: GROUPS });
    expect((error as Error).message).toContain('GET /v1/batch_groups timed out: no complete answer within 100 ms');
    expect(attempts).toBe(2);
  });

  it('does not repeat a POST that timed out: it may have run', async () => {
    server.route('POST', GROUPS, hang());
    const error = await client({ timeoutMs: 100, maxRetries: 3 })
      .createBatchGroup({ body: { batchGroupName: 'slow' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(server.count('POST', GROUPS)).toBe(1);
  });

  it('takes timeoutMs per call over the client setting', async () => {
    server.route('GET', GROUPS, delayed(20_000, json(200, [])));
    const batch = client({ timeoutMs: Number.POSITIVE_INFINITY, maxRetries: 0 });
    await expect(batch.listBatchGroups({}, { timeoutMs: 50 })).rejects.toMatchObject({
      name: 'TimeoutError',
      timeoutMs: 50,
    });
  });

  it('also limits a body that stalls after the headers', async () => {
    server.route('GET', GROUPS, (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    await expect(client({ timeoutMs: 100, maxRetries: 0 }).listBatchGroups()).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('signal', () => {
  it('rejects with the caller’s reason during a backoff, without waiting for it', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const log = captureLogger((line) => {
      // The client has just decided to sleep for an hour: abort a moment later, mid-sleep.
      if (line.message.includes('retrying in')) setTimeout(() => controller.abort(reason), 10);
    });
    server.route('GET', GROUPS, json(429, { message: 'slow down' }, { 'retry-after': HOUR_S }));
    const batch = client({ logger: log.logger, logLevel: 'info', maxRetryDelayMs: 3_600_000 });
    const outcome = await batch.listBatchGroups({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(outcome).toBe(reason);
    expect(log.lines.some((l) => l.message.includes('retrying in 36'))).toBe(true);
    expect(server.count('GET', GROUPS)).toBe(1);
  });

  it('rejects with an AbortError (name AbortError) when the signal has no reason of its own', async () => {
    const controller = new AbortController();
    server.onRequest(() => setTimeout(() => controller.abort(), 10));
    server.route('GET', GROUPS, json(503, {}, { 'retry-after': HOUR_S }));
    const error = await client({ maxRetryDelayMs: 3_600_000 })
      .listBatchGroups({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(isSoracomError(error, AbortError)).toBe(true);
    expect(error).toMatchObject({ name: 'AbortError', method: 'GET', path: GROUPS, attempts: 1 });
    expect((error as Error).cause).toBe(controller.signal.reason);
  });

  it('stops a request in flight', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    server.onRequest(() => controller.abort(reason));
    server.route('GET', GROUPS, hang());
    await expect(client().listBatchGroups({}, { signal: controller.signal })).rejects.toBe(reason);
    expect(server.count('GET', GROUPS)).toBe(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const reason = new Error('too late');
    await expect(client().listBatchGroups({}, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('passes AbortSignal.timeout() reasons through unchanged', async () => {
    server.route('GET', GROUPS, hang());
    const error = await client({ timeoutMs: Number.POSITIVE_INFINITY })
      .listBatchGroups({}, { signal: AbortSignal.timeout(50) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  it('works for .raw calls through the request signal', async () => {
    const controller = new AbortController();
    const reason = new Error('raw stop');
    server.onRequest(() => controller.abort(reason));
    server.route('GET', GROUPS, hang());
    await expect(client().raw.GET('/batch_groups', { signal: controller.signal })).rejects.toBe(reason);
  });

  it('refuses a signal that is not an AbortSignal, naming the call option', async () => {
    await expect(client().getBatchGroup({ batch_group_id: 'g-1' }, { signal: 'stop' as never })).rejects.toThrow(
      'callOptions.signal must be an AbortSignal',
    );
    expect(server.requests).toHaveLength(0);
  });
});
