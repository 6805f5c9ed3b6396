/** Error answers of every shape become the right SoracomApiError, with method, path, status and code. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  createBatchClient,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  SoracomApiError,
} from '../../src/index.js';
import { empty, json, type ScriptedServer, startScriptedServer, text } from './scripted-server.js';

const auth = { apiKey: 'bodies-test-api-key', token: 'bodies-test-token' };
const GROUP = '/v1/batch_groups/g-1';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const call = () =>
  createBatchClient({ baseUrl: server.baseUrl, auth, maxRetries: 0, logLevel: 'off' })
    .getBatchGroup({ batch_group_id: 'g-1' })
    .catch((e: unknown) => e);

describe('error bodies', () => {
  it('an HTML page from a gateway', async () => {
    server.route(
      'GET',
      GROUP,
      text(
        502,
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
        'text/html',
      ),
    );
    const error = await call();
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, code: undefined, method: 'GET', path: GROUP });
    expect((error as Error).message).toBe(
      'GET /v1/batch_groups/g-1 answered 502: Bad Gateway (HTML page: 502 Bad Gateway)',
    );
  });

  it('an empty body', async () => {
    server.route('GET', GROUP, empty(500));
    const error = await call();
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toBe('GET /v1/batch_groups/g-1 answered 500: Internal Server Error (empty body)');
  });

  it('Soracom JSON with a code, and a request id from the headers', async () => {
    server.route(
      'GET',
      GROUP,
      json(404, { code: 'BAT0001', message: 'No such batch group.' }, { 'x-soracom-request-id': 'req-123' }),
    );
    const error = await call();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'BAT0001', requestId: 'req-123', attempts: 1 });
    expect((error as Error).message).toBe(
      'GET /v1/batch_groups/g-1 answered 404 BAT0001: No such batch group. (request id req-123)',
    );
  });

  it('plain text', async () => {
    server.route('GET', GROUP, text(403, 'Forbidden by policy'));
    const error = await call();
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toContain('answered 403: Forbidden by policy');
  });

  it('a 400 that is not about credentials stays a BadRequestError, and is not replayed', async () => {
    server.route('GET', GROUP, json(400, { code: 'BAT0400', message: 'Only one job per API action at a time.' }));
    const error = await call();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(SoracomApiError);
    expect(server.count('GET', GROUP)).toBe(1);
  });
});
