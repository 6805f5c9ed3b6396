/** fromProfile: soracom-cli profile files in temporary folders, never the real ~/.soracom. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchClient, isSoracomError } from '../../src/index.js';
import { fromProfile, ProfileError } from '../../src/node/index.js';
import { type TempProfiles, tempProfiles } from './profile-dir.js';

const SECRET = 'profile-secret-value-0001';
let temp: TempProfiles;
let env: Record<string, string | undefined>;
beforeEach(() => {
  temp = tempProfiles();
  env = { SORACOM_PROFILE_DIR: temp.dir };
});
afterEach(() => {
  temp.remove();
});

function profileError(run: () => unknown): ProfileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    expect(isSoracomError(error, ProfileError)).toBe(true);
    expect((error as Error).message).not.toContain(SECRET);
    return error as ProfileError;
  }
  throw new Error('expected a ProfileError');
}

describe('reading a profile', () => {
  it('reads the default profile from SORACOM_PROFILE_DIR: AuthKey and coverage', () => {
    temp.write('default', { coverageType: 'g', authKeyId: 'keyId-1', authKey: SECRET, sandbox: false });
    expect(fromProfile(undefined, { env, homeDir: temp.home })).toEqual({
      coverage: 'g',
      auth: { authKeyId: 'keyId-1', authKey: SECRET },
    });
  });

  it('reads ~/.soracom/<name>.json when SORACOM_PROFILE_DIR is not set', () => {
    temp.write('prod', { authKeyId: 'keyId-2', authKey: SECRET }, { dir: join(temp.home, '.soracom') });
    expect(fromProfile('prod', { env: {}, homeDir: temp.home })).toEqual({
      coverage: 'jp',
      auth: { authKeyId: 'keyId-2', authKey: SECRET },
    });
  });

  it('maps a SAM user (username → userName) with its MFA code, and a root login', () => {
    temp.write('sam', { operatorId: 'OP0012345678', username: 'runner', password: SECRET, mfaOTPCode: '123456' });
    temp.write('root', { email: 'root@example.com', password: SECRET, authKeyId: null, coverageType: '' });
    expect(fromProfile('sam', { env }).auth).toEqual({
      operatorId: 'OP0012345678',
      userName: 'runner',
      password: SECRET,
      mfaOTPCode: '123456',
    });
    expect(fromProfile('root', { env })).toEqual({
      coverage: 'jp',
      auth: { email: 'root@example.com', password: SECRET },
    });
  });

  it('logs in to the sandbox with the sandbox account, not the production AuthKey kept beside it', () => {
    temp.write('sandbox', {
      sandbox: true,
      coverageType: 'jp',
      authKeyId: 'keyId-prod',
      authKey: SECRET,
      email: 'sandbox@example.com',
      password: SECRET,
      registerPaymentMethod: true,
    });
    const options = fromProfile('sandbox', { env });
    expect(options).toEqual({
      coverage: 'jp',
      sandbox: true,
      auth: { email: 'sandbox@example.com', password: SECRET },
    });
    expect(createBatchClient(options).baseUrl).toBe('https://api-sandbox.soracom.io/v1');
  });

  it('passes extra headers, as an object or as "Name: value" lines', () => {
    temp.write('a', { authKeyId: 'k', authKey: SECRET, headers: { 'X-Trace': 'abc' } });
    temp.write('b', { authKeyId: 'k', authKey: SECRET, headers: ['X-Trace: def'] });
    expect(fromProfile('a', { env }).headers).toEqual({ 'X-Trace': 'abc' });
    expect(fromProfile('b', { env }).headers).toEqual({ 'X-Trace': 'def' });
  });

  it('gives options that createBatchClient takes as they are', () => {
    temp.write('default', { coverageType: 'g', authKeyId: 'keyId-1', authKey: SECRET });
    const batch = createBatchClient({ ...fromProfile(undefined, { env }), logLevel: 'off' });
    expect(batch.baseUrl).toBe('https://g.api.soracom.io/v1');
  });
});

describe('permissions', () => {
  it.each([0o644, 0o640, 0o604, 0o660])('refuses a profile with mode %o, saying to chmod 600 it', (mode) => {
    const file = temp.write('open', { authKeyId: 'k', authKey: SECRET }, { mode });
    const error = profileError(() => fromProfile('open', { env }));
    expect(error.file).toBe(file);
    expect(error.message).toContain(`chmod 600 ${file}`);
    expect(error.message).toContain('group or others');
  });

  it('accepts 0600 and 0400', () => {
    temp.write('a', { authKeyId: 'k', authKey: SECRET }, { mode: 0o600 });
    temp.write('b', { authKeyId: 'k', authKey: SECRET }, { mode: 0o400 });
    expect(fromProfile('a', { env }).auth).toBeDefined();
    expect(fromProfile('b', { env }).auth).toBeDefined();
  });
});

describe('errors name the file and the field', () => {
  it('a missing profile', () => {
    const error = profileError(() => fromProfile('nope', { env }));
    expect(error.file).toBe(join(temp.dir, 'nope.json'));
    expect(error.message).toContain('does not exist');
    expect(error.message).toContain('soracom configure');
  });

  it('malformed JSON, located by line and column, without quoting the file', () => {
    const file = temp.write('bad', `{\n  "authKey": "${SECRET}",\n  "authKeyId": keyId\n}`);
    const error = profileError(() => fromProfile('bad', { env }));
    expect(error.message).toContain(`Profile ${file} is not valid JSON at line 3, column 16`);
    expect(error.cause).toBeUndefined();
  });

  it.each([
    [{ authKeyId: 'k', authKey: 42 }, 'authKey', 'must be a string'],
    [{ authKeyId: 'k', authKey: SECRET, coverageType: 'us' }, 'coverageType', 'must be "jp" or "g"'],
    [{ authKeyId: 'k', authKey: SECRET, sandbox: 'yes' }, 'sandbox', 'must be true or false'],
    [{ authKeyId: 'k' }, 'authKey', '"authKeyId" is set but "authKey" is missing'],
    [{ email: 'a@example.com' }, 'password', '"email" is set but "password" is missing'],
    [{ operatorId: 'OP1', password: SECRET }, 'username', '"operatorId" is set but "username" is missing'],
    [{ coverageType: 'jp' }, 'authKeyId', 'has no credentials'],
    // A switch-user profile has no password: it is named for what it is, not for a missing password.
    [{ sourceProfile: 'other', operatorId: 'OP1', username: 'ops' }, 'sourceProfile', 'switches to another user'],
    [{ authKeyId: 'k', authKey: SECRET, tokenTimeoutSeconds: 'long' }, 'tokenTimeoutSeconds', 'positive integer'],
    [
      { authKeyId: 'k', authKey: SECRET, headers: { 'X-Soracom-Token': SECRET } },
      'headers.X-Soracom-Token',
      'must not carry credentials',
    ],
    [{ authKeyId: 'k', authKey: SECRET, headers: 'X-A: b' }, 'headers', 'must be an object'],
    [{ authKeyId: 'k', authKey: SECRET, endpoint: 'api.soracom.io' }, 'endpoint', 'absolute URL'],
    [[1, 2], undefined, 'must hold a JSON object'],
  ])('%o → %s', (content, field, text) => {
    const file = temp.write('p', content);
    const error = profileError(() => fromProfile('p', { env }));
    expect(error.file).toBe(file);
    expect(error.field).toBe(field);
    expect(error.message).toContain(text);
    expect(error.message).toContain(file);
  });

  it('refuses a profile name that is a path', () => {
    expect(profileError(() => fromProfile('../secrets', { env })).field).toBe('name');
  });
});

describe('endpoint precedence (soracom-cli: SORACOM_ENDPOINT, explicit coverage, profile endpoint, profile coverageType)', () => {
  const full = {
    coverageType: 'g',
    sandbox: true,
    endpoint: 'https://profile.example.com',
    authKeyId: 'k',
    authKey: SECRET,
  };

  it('1. SORACOM_ENDPOINT wins, with /v1 appended', () => {
    temp.write('p', full);
    const options = fromProfile('p', { env: { ...env, SORACOM_ENDPOINT: 'http://127.0.0.1:8080/' }, coverage: 'jp' });
    expect(options.baseUrl).toBe('http://127.0.0.1:8080/v1');
    expect(options.coverage).toBeUndefined();
  });

  it('2. then a coverage given explicitly, in the profile’s sandbox', () => {
    temp.write('p', full);
    const options = fromProfile('p', { env, coverage: 'jp' });
    expect(options).toMatchObject({ coverage: 'jp', sandbox: true });
    expect(options.baseUrl).toBeUndefined();
  });

  it('3. then the profile’s endpoint', () => {
    temp.write('p', full);
    expect(fromProfile('p', { env })).toMatchObject({ baseUrl: 'https://profile.example.com/v1' });
  });

  it('4. then the profile’s coverageType, sandbox-aware', () => {
    temp.write('p', { ...full, endpoint: undefined });
    const options = fromProfile('p', { env });
    expect(options).toMatchObject({ coverage: 'g', sandbox: true });
    expect(createBatchClient(options).baseUrl).toBe('https://g.api-sandbox.soracom.io/v1');
  });

  it('does not double /v1 on an endpoint that already has it', () => {
    temp.write('p', { ...full, endpoint: 'https://profile.example.com/v1' });
    expect(fromProfile('p', { env }).baseUrl).toBe('https://profile.example.com/v1');
  });
});

describe('locating a JSON error without quoting the text', () => {
  it.each([
    ['{"a": 1,}', 'line 1, column 9'],
    ['{\n"a": tru\n}', 'line 2, column 6'],
    ['{"a": "x"} extra', 'line 1, column 12'],
    ['', 'line 1, column 1'],
    ['{"a": "unterminated', 'line 1, column 20'],
    ['[1 2]', 'line 1, column 4'],
    ['[1,]', 'line 1, column 4'],
    ['{"a" 1}', 'line 1, column 6'],
    ['{"a": "x\ty"}', 'line 1, column 9'],
    ['{"a": [true, {"b": nul}]}', 'line 1, column 20'],
  ])('%j → %s', (content, where) => {
    const file = temp.write('p', content);
    expect(() => fromProfile('p', { env })).toThrow(`${file} is not valid JSON at ${where}`);
  });
});
