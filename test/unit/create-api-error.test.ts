/** The one error factory: every kind of error body becomes a legible, typed error. */
import { describe, expect, it } from 'vitest';
import { createApiError } from '../../src/errors/factories.js';
import {
  AuthenticationError,
  BadRequestError,
  isSoracomError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SoracomApiError,
} from '../../src/index.js';

const make = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  createApiError({
    method: 'get',
    url: 'https://api.soracom.io/v1/batch_groups/g-1?limit=3',
    status,
    headers: new Headers(headers),
    body,
  });

describe('createApiError', () => {
  it("parses Soracom's {code, message} body and names method, path, status and code", () => {
    const error = make(404, { code: 'BAT0004', message: 'Batch group not found.' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'BAT0004', method: 'GET', path: '/v1/batch_groups/g-1' });
    expect(error.message).toBe('GET /v1/batch_groups/g-1 answered 404 BAT0004: Batch group not found.');
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [418, SoracomApiError],
  ])('maps status %i to %o', (status, ErrorClass) => {
    const error = make(status, { code: 'X', message: 'm' });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.name).toBe(ErrorClass.kind);
  });

  it('treats the invalid-token 400 as an authentication failure', () => {
    const error = make(400, { code: 'AUM0004', message: 'Invalid API key or token' });
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it('falls back to the reason phrase for an empty body', () => {
    expect(make(502, undefined).message).toBe('GET /v1/batch_groups/g-1 answered 502: Bad Gateway (empty body)');
    expect(make(503, '').code).toBeUndefined();
  });

  it('summarises an HTML error page by its title instead of dumping markup', () => {
    const html =
      '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>x</h1></body></html>';
    const error = make(503, html, { 'content-type': 'text/html' });
    expect(error.message).toBe(
      'GET /v1/batch_groups/g-1 answered 503: Service Unavailable (HTML page: 503 Service Temporarily Unavailable)',
    );
    expect(error.message).not.toContain('<');
  });

  it('keeps a plain-text body, flattened and truncated', () => {
    expect(make(500, 'upstream\nconnect error').message).toContain('answered 500: upstream connect error');
    expect(make(500, 'x'.repeat(1000)).message.length).toBeLessThan(400);
  });

  it('explains an RFC 7807 problem body with its validation messages (Prism)', () => {
    const error = make(422, {
      title: 'Invalid request',
      detail: 'Your request is not valid',
      validation: [{ location: ['body', 'batchGroupName'], message: 'must NOT have more than 100 characters' }],
    });
    expect(error.message).toContain(
      'Invalid request: Your request is not valid [body.batchGroupName must NOT have more than 100 characters]',
    );
  });

  it('carries the request id when a header provides one, and the attempt count', () => {
    const error = createApiError({
      method: 'POST',
      url: 'https://x/v1/batch_groups',
      status: 503,
      headers: new Headers({ 'x-request-id': 'req-42' }),
      body: undefined,
      attempts: 3,
    });
    expect(error.requestId).toBe('req-42');
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('(request id req-42) after 3 attempts');
  });

  it('redacts secrets from the message, body and headers', () => {
    const secret = 'token-super-secret-123';
    const error = createApiError({
      method: 'GET',
      url: 'https://x/v1/batch_groups',
      status: 401,
      headers: new Headers({ 'x-echo': secret }),
      body: { code: 'AUM', message: `token ${secret} expired` },
      redact: (text) => text.split(secret).join('[REDACTED]'),
    });
    const everything = [
      error.message,
      JSON.stringify(error),
      JSON.stringify(error.body),
      JSON.stringify(error.headers),
    ];
    for (const text of everything) expect(text).not.toContain(secret);
    expect(error.message).toContain('[REDACTED]');
  });

  it('guards recognise errors by brand, also for a copy from another realm', () => {
    const error = make(404, undefined);
    expect(isSoracomError(error)).toBe(true);
    expect(isSoracomError(error, SoracomApiError)).toBe(true);
    expect(isSoracomError(error, NotFoundError)).toBe(true);
    expect(isSoracomError(make(500, undefined), NotFoundError)).toBe(false);
    expect(isSoracomError(new Error('plain'))).toBe(false);
    // A structurally cloned error loses its prototype; a foreign copy with the brand is still recognised.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('soracom-batch.error')]: ['NotFoundError', 'SoracomApiError', 'SoracomError'],
    });
    expect(isSoracomError(foreign, NotFoundError)).toBe(true);
  });

  it('serialises to JSON without the raw body or headers', () => {
    const json = JSON.parse(JSON.stringify(make(404, { code: 'C', message: 'm' })));
    expect(json).toEqual({
      name: 'NotFoundError',
      message: 'GET /v1/batch_groups/g-1 answered 404 C: m',
      status: 404,
      code: 'C',
      method: 'GET',
      path: '/v1/batch_groups/g-1',
      attempts: 1,
    });
  });
});
