/** options.auth and the transport options are checked once, naming the option and the fix, never echoing a secret. */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, createBatchClient } from '../../src/index.js';

function optionError(options: unknown): BatchValidationError {
  try {
    createBatchClient(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(BatchValidationError);
    return error as BatchValidationError;
  }
  throw new Error('expected createBatchClient to throw');
}

const SECRET = 'very-secret-value-0001';

describe('options.auth', () => {
  it.each([
    [
      { authKeyId: 'keyId-1', authKey: SECRET, tokenTimeoutSeconds: 172_801 },
      'options.auth.tokenTimeoutSeconds',
      'from 1 to 172800 (48 hours)',
    ],
    [
      { authKeyId: 'keyId-1', authKey: SECRET, tokenTimeoutSeconds: 0 },
      'options.auth.tokenTimeoutSeconds',
      'from 1 to 172800',
    ],
    [
      { authKeyId: 'keyId-1', authKey: SECRET, tokenTimeoutSeconds: 1.5 },
      'options.auth.tokenTimeoutSeconds',
      'integer',
    ],
    [
      { authKeyId: 'keyId-1', authKey: SECRET, tokenTimeoutSeconds: '3600' },
      'options.auth.tokenTimeoutSeconds',
      'integer',
    ],
    [{ authKeyId: 'keyId-1' }, 'options.auth.authKey', 'needs authKey'],
    [{ authKeyId: 'keyId-1', authKey: '' }, 'options.auth.authKey', 'non-empty string'],
    [{ email: 'a@example.com' }, 'options.auth.password', 'needs password'],
    [{ operatorId: 'OP1', password: SECRET }, 'options.auth.userName', 'needs userName'],
    [{ operatorId: 'OP1', username: 'u', password: SECRET }, 'options.auth.username', 'spell it userName'],
    [{ password: SECRET }, 'options.auth', 'a password goes with email'],
    [{ authKeyId: 'keyId-1', authKey: SECRET, email: 'a@example.com', password: SECRET }, 'options.auth', 'mixes'],
    [{ apiKey: 'k', token: SECRET, authKeyId: 'keyId-1' }, 'options.auth', 'mixes'],
    [{ apiKey: 'key-0001', token: SECRET, mfaOTPCode: '123456' }, 'options.auth.mfaOTPCode', 'applies only to a login'],
    [
      { apiKey: 'key-0001', token: SECRET, tokenTimeoutSeconds: 60 },
      'options.auth.tokenTimeoutSeconds',
      'applies only to a login',
    ],
    [{ email: 'a@example.com', password: SECRET, mfaOTPCode: 123456 }, 'options.auth.mfaOTPCode', 'non-empty string'],
    [{ authKeyId: 'keyId-1', authKey: SECRET, region: 'x' }, 'options.auth.region', 'is not a credential field'],
    [{}, 'options.auth', 'has no credential fields'],
    ['k:t', 'options.auth', 'must be an object'],
  ])('%o → %s', (auth, argument, text) => {
    const error = optionError({ auth });
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(text);
    expect(error.message).not.toContain(SECRET);
  });

  it('accepts each kind of credentials, with the optional MFA code and token lifetime', () => {
    for (const auth of [
      { apiKey: 'key-0001', token: 'token-0001' },
      { authKeyId: 'keyId-1', authKey: SECRET, tokenTimeoutSeconds: 172_800 },
      { email: 'a@example.com', password: SECRET, mfaOTPCode: '123456' },
      { operatorId: 'OP1', userName: 'u', password: SECRET, tokenTimeoutSeconds: 1 },
    ]) {
      expect(() => createBatchClient({ auth })).not.toThrow();
    }
  });
});

describe('transport and logging options', () => {
  it.each([
    [{ maxRetries: -1 }, 'options.maxRetries'],
    [{ maxRetries: 1.5 }, 'options.maxRetries'],
    [{ maxRetryDelayMs: -5 }, 'options.maxRetryDelayMs'],
    [{ maxRetryDelayMs: Number.POSITIVE_INFINITY }, 'options.maxRetryDelayMs'],
    [{ timeoutMs: 0 }, 'options.timeoutMs'],
    [{ timeoutMs: 3_000_000_000 }, 'options.timeoutMs'],
    [{ logLevel: 'verbose' }, 'options.logLevel'],
    [{ logger: { info: () => undefined } }, 'options.logger.debug'],
    [{ logger: 'console' }, 'options.logger'],
  ])('%o → %s', (options, argument) => {
    expect(optionError(options).argument).toBe(argument);
  });

  it('accepts Infinity as "no time limit" and 0 retries', () => {
    expect(() =>
      createBatchClient({ timeoutMs: Number.POSITIVE_INFINITY, maxRetries: 0, maxRetryDelayMs: 0 }),
    ).not.toThrow();
  });

  it('checks the same options per call, naming callOptions', async () => {
    const batch = createBatchClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch: async () => new Response('{}') });
    await expect(batch.getBatchGroup({ batch_group_id: 'g' }, { maxRetries: -1 })).rejects.toMatchObject({
      argument: 'callOptions.maxRetries',
    });
    await expect(batch.getBatchGroup({ batch_group_id: 'g' }, { timeoutMs: -1 })).rejects.toMatchObject({
      argument: 'callOptions.timeoutMs',
    });
    await expect(
      batch.getBatchGroup({ batch_group_id: 'g' }, { headers: { 'X-Soracom-Token': 'x' } }),
    ).rejects.toMatchObject({
      argument: 'callOptions.headers.X-Soracom-Token',
    });
  });
});
