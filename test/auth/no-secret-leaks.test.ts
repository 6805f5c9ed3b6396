/**
 * The sweep: run the login, renewal, retry, timeout, reset, abort, logout and error-body scenarios
 * with distinctive secrets, have the server echo them back (raw, percent-encoded, form-encoded, in
 * HTML), and collect every error message, stack, `String`, `JSON.stringify`, `util.inspect` and log
 * line. No credential value may appear in any spelling.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchClient, type BatchClientOptions, createBatchClient } from '../../src/index.js';
import { captureLogger } from '../transport/capture-logger.js';
import { hang, json, reset, type ScriptedServer, startScriptedServer, text } from '../transport/scripted-server.js';
import { type AuthState, guarded, OPERATOR_ID, scriptAuth } from './login-server.js';

const AUTH_KEY_SECRET = 'ak-SECRET/with+plus=and&amp ersand-0001';
const PASSWORD = 'pw SECRET+/?&=0002 "quoted"';
const MFA = '918273';
const STATIC_KEY = 'static-SECRET-key-0003';
const STATIC_TOKEN = 'static-SECRET-token-0004';
const ISSUED_PREFIX = 'ISSUEDSECRET';
/** A secret a JSON encoder writes escaped: a quote, a backslash, a slash, non-ASCII and `<&>` characters. */
const ESCAPED_SECRET = 'ak-"quoted"\\back/slash-é-ü-🔑-<&>-0005';

const outputs: string[] = [];
const lines = captureLogger();
let server: ScriptedServer;
let auth: AuthState;
const states: AuthState[] = [];

function client(options: BatchClientOptions): BatchClient {
  return createBatchClient({
    baseUrl: server.baseUrl,
    logger: lines.logger,
    logLevel: 'debug',
    maxRetryDelayMs: 1,
    ...options,
  });
}

function collect(error: unknown): unknown {
  expect(error).toBeInstanceOf(Error);
  const e = error as Error & { body?: unknown; headers?: unknown };
  outputs.push(
    String(e),
    e.message,
    String(e.stack),
    JSON.stringify(e),
    inspect(e),
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(e.body ?? null),
    JSON.stringify(e.headers ?? null),
  );
  return error;
}

function collectClient(batch: BatchClient): void {
  outputs.push(inspect(batch), inspect(batch, { depth: 10, showHidden: true }), JSON.stringify(batch));
}

const fail = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(() => expect.unreachable('expected a rejection'), collect);

beforeAll(async () => {
  server = await startScriptedServer();
  auth = scriptAuth(server, { prefix: ISSUED_PREFIX });
  states.push(auth);
});
afterAll(async () => {
  await server.close();
});

function issuedSecrets(): string[] {
  return states.flatMap((state) => state.issued.flatMap((i) => [i.apiKey, i.token]));
}

/** `secret` in a JSON string with `pattern` characters written `\uXXXX` (hex in lower or upper case). */
function unicodeEscaped(secret: string, pattern: RegExp, upper = false): string {
  return JSON.stringify(secret)
    .slice(1, -1)
    .replace(pattern, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
}

function spellings(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    ...new Set([
      secret,
      percent,
      percent.replace(/%20/g, '+'),
      json,
      // Python's and PHP's encoders (every non-ASCII unit escaped; PHP also escapes `/`), Go's (`<`, `>`, `&`).
      unicodeEscaped(secret, /[\u007f-\uffff]/g),
      unicodeEscaped(secret, /[\u007f-\uffff]/g).replace(/\//g, '\\/'),
      unicodeEscaped(secret, /[<>&]/g),
      unicodeEscaped(secret, /[\u007f-\uffff<>&]/g, true),
    ]),
  ];
}

describe('no credential value leaks', () => {
  it('AuthKey: login, an error body echoing the token and the encoded secret, a retry, a re-login, a logout', async () => {
    const batch = client({ auth: { authKeyId: 'keyId-leak-0001', authKey: AUTH_KEY_SECRET } });
    server.route(
      'GET',
      '/v1/batch_groups/echo',
      guarded(auth, (res, request, raw) => {
        const token = String(request.headers['x-soracom-token']);
        json(
          404,
          { code: 'BAT0404', message: `no group for token ${token}, key ${encodeURIComponent(AUTH_KEY_SECRET)}` },
          { 'x-echo-token': token },
        )(res, request, raw);
      }),
    );
    const error = await fail(batch.getBatchGroup({ batch_group_id: 'echo' }));
    expect((error as Error).message).toContain('[REDACTED]');

    server.route('GET', '/v1/batch_groups', json(429, {}, { 'retry-after': '0' }), guarded(auth, json(200, [])));
    await batch.listBatchGroups();
    auth.expireAll();
    server.route('GET', '/v1/batch_groups', guarded(auth, json(200, [])));
    await batch.listBatchGroups();
    collectClient(batch);
    await batch.logout();
    collectClient(batch);
  });

  it('root with MFA: a refused login whose body echoes the form-encoded password and the code', async () => {
    server.route(
      'POST',
      '/v1/auth',
      text(401, `password=${encodeURIComponent(PASSWORD).replace(/%20/g, '+')}&mfaOTPCode=${MFA} rejected`),
    );
    const batch = client({ auth: { email: 'root@example.com', password: PASSWORD, mfaOTPCode: MFA } });
    const error = await fail(batch.listBatchGroups());
    expect((error as Error).message).toContain('[REDACTED]');
    collectClient(batch);
    auth = scriptAuth(server, { prefix: `${ISSUED_PREFIX}2` }); // restore the login route for the next scenarios
    states.push(auth);
  });

  it('SAM user: timeout, reset connection, abort', async () => {
    const batch = client({
      auth: { operatorId: OPERATOR_ID, userName: 'leaky', password: PASSWORD },
      timeoutMs: 100,
      maxRetries: 1,
    });
    server.route('GET', '/v1/batch_groups/slow', hang());
    await fail(batch.getBatchGroup({ batch_group_id: 'slow' }));
    server.route('POST', '/v1/batch_groups', reset());
    await fail(batch.createBatchGroup({ body: { batchGroupName: 'x' } }));
    const controller = new AbortController();
    server.route('GET', '/v1/batch_groups/abort', hang());
    server.onRequest((request) => {
      if (request.path === '/v1/batch_groups/abort') controller.abort();
    });
    await fail(batch.getBatchGroup({ batch_group_id: 'abort' }, { signal: controller.signal }));
    collectClient(batch);
  });

  it('fixed key and token: a rejection in an HTML page that names the key', async () => {
    server.route(
      'GET',
      '/v1/batch_groups/html',
      text(401, `<html><head><title>Key ${STATIC_KEY} refused</title></head></html>`, 'text/html'),
    );
    const batch = client({ auth: { apiKey: STATIC_KEY, token: STATIC_TOKEN } });
    const error = await fail(batch.getBatchGroup({ batch_group_id: 'html' }));
    expect((error as Error).message).toContain('HTML page: Key [REDACTED] refused');
    collectClient(batch);
  });

  it('AuthKey with quotes, backslashes and non-ASCII: a refusal that echoes the login body as other encoders write it', async () => {
    // What a proxy or a service in another language might send back: the request's JSON, re-encoded.
    const echoed = [
      unicodeEscaped(ESCAPED_SECRET, /[\u007f-\uffff]/g),
      unicodeEscaped(ESCAPED_SECRET, /[\u007f-\uffff]/g).replace(/\//g, '\\/'),
      unicodeEscaped(ESCAPED_SECRET, /[<>&]/g),
      unicodeEscaped(ESCAPED_SECRET, /[\u007f-\uffff<>&]/g, true),
    ];
    server.route(
      'POST',
      '/v1/auth',
      text(401, `upstream refused {"authKeyId":"keyId-leak-0005","authKey":"${echoed.join('" "')}"`),
    );
    const batch = client({ auth: { authKeyId: 'keyId-leak-0005', authKey: ESCAPED_SECRET } });
    const error = await fail(batch.listBatchGroups());
    expect((error as Error).message).toContain('"authKey":"[REDACTED]" "[REDACTED]" "[REDACTED]" "[REDACTED]"');
    collectClient(batch);
    auth = scriptAuth(server, { prefix: `${ISSUED_PREFIX}3` });
    states.push(auth);
  });

  it('a bad credential option does not echo it', () => {
    try {
      createBatchClient({ auth: { authKeyId: 'keyId-1', authKey: AUTH_KEY_SECRET, tokenTimeoutSeconds: -1 } });
    } catch (error) {
      collect(error);
    }
  });

  it('finds none of the secrets in anything collected', () => {
    outputs.push(...lines.lines.map((l) => l.message));
    // The sweep saw real material: errors from each scenario, log lines of logins and retries.
    expect(outputs.length).toBeGreaterThan(40);
    expect(lines.lines.some((l) => l.message.includes('POST /v1/auth'))).toBe(true);
    expect(lines.lines.some((l) => l.message.includes('retrying in'))).toBe(true);
    const secrets = [AUTH_KEY_SECRET, ESCAPED_SECRET, PASSWORD, MFA, STATIC_KEY, STATIC_TOKEN, ...issuedSecrets()];
    expect(issuedSecrets().length).toBeGreaterThanOrEqual(6);
    const leaks: string[] = [];
    for (const secret of secrets) {
      for (const spelling of spellings(secret)) {
        for (const output of outputs)
          if (output.includes(spelling)) leaks.push(`${spelling} in: ${output.slice(0, 200)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
