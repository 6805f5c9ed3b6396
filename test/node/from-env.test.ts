/** fromEnv: the environment given explicitly, never the real one. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchClient } from '../../src/index.js';
import { fromEnv, ProfileError } from '../../src/node/index.js';
import { type TempProfiles, tempProfiles } from './profile-dir.js';

const SECRET = 'env-secret-value-0001';
let temp: TempProfiles;
beforeEach(() => {
  temp = tempProfiles();
});
afterEach(() => {
  temp.remove();
});

const error = (run: () => unknown): ProfileError => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    expect((e as Error).message).not.toContain(SECRET);
    return e as ProfileError;
  }
  throw new Error('expected a ProfileError');
};

describe('fromEnv', () => {
  it('takes the AuthKey from SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, and the coverage from SORACOM_COVERAGE_TYPE', () => {
    const options = fromEnv({
      env: { SORACOM_AUTH_KEY_ID: 'keyId-env', SORACOM_AUTH_KEY: SECRET, SORACOM_COVERAGE_TYPE: 'g' },
      homeDir: temp.home,
    });
    expect(options).toEqual({ coverage: 'g', auth: { authKeyId: 'keyId-env', authKey: SECRET } });
    expect(createBatchClient(options).baseUrl).toBe('https://g.api.soracom.io/v1');
  });

  it('needs both AuthKey variables', () => {
    expect(error(() => fromEnv({ env: { SORACOM_AUTH_KEY_ID: 'keyId-env' }, homeDir: temp.home })).field).toBe(
      'SORACOM_AUTH_KEY',
    );
    expect(error(() => fromEnv({ env: { SORACOM_AUTH_KEY: SECRET }, homeDir: temp.home })).field).toBe(
      'SORACOM_AUTH_KEY_ID',
    );
  });

  it('refuses an unknown coverage type', () => {
    const e = error(() =>
      fromEnv({
        env: { SORACOM_AUTH_KEY_ID: 'k', SORACOM_AUTH_KEY: SECRET, SORACOM_COVERAGE_TYPE: 'eu' },
        homeDir: temp.home,
      }),
    );
    expect(e.field).toBe('SORACOM_COVERAGE_TYPE');
    expect(e.file).toBe('environment');
  });

  it('appends /v1 to SORACOM_ENDPOINT, which wins over the coverage type', () => {
    const options = fromEnv({
      env: {
        SORACOM_AUTH_KEY_ID: 'k',
        SORACOM_AUTH_KEY: SECRET,
        SORACOM_COVERAGE_TYPE: 'g',
        SORACOM_ENDPOINT: 'https://api-sandbox.soracom.io',
      },
      homeDir: temp.home,
    });
    expect(options).toEqual({
      baseUrl: 'https://api-sandbox.soracom.io/v1',
      auth: { authKeyId: 'k', authKey: SECRET },
    });
    expect(() =>
      fromEnv({
        env: { SORACOM_AUTH_KEY_ID: 'k', SORACOM_AUTH_KEY: SECRET, SORACOM_ENDPOINT: 'nonsense' },
        homeDir: temp.home,
      }),
    ).toThrow('SORACOM_ENDPOINT must be an absolute URL');
  });

  it('reads the profile SORACOM_PROFILE names, in SORACOM_PROFILE_DIR', () => {
    temp.write('ci', { coverageType: 'g', authKeyId: 'keyId-ci', authKey: SECRET, headers: { 'X-Ci': '1' } });
    expect(fromEnv({ env: { SORACOM_PROFILE: 'ci', SORACOM_PROFILE_DIR: temp.dir }, homeDir: temp.home })).toEqual({
      coverage: 'g',
      auth: { authKeyId: 'keyId-ci', authKey: SECRET },
      headers: { 'X-Ci': '1' },
    });
  });

  it('lets an AuthKey from the environment replace only the credentials of that profile', () => {
    temp.write('ci', { endpoint: 'https://proxy.example.com', authKeyId: 'keyId-file', authKey: 'file-secret-0001' });
    const options = fromEnv({
      env: {
        SORACOM_PROFILE: 'ci',
        SORACOM_PROFILE_DIR: temp.dir,
        SORACOM_AUTH_KEY_ID: 'keyId-env',
        SORACOM_AUTH_KEY: SECRET,
      },
      homeDir: temp.home,
    });
    expect(options).toEqual({
      baseUrl: 'https://proxy.example.com/v1',
      auth: { authKeyId: 'keyId-env', authKey: SECRET },
    });
  });

  it('explicit coverage (SORACOM_COVERAGE_TYPE) wins over the profile endpoint', () => {
    temp.write('ci', { endpoint: 'https://proxy.example.com', authKeyId: 'k', authKey: SECRET });
    const options = fromEnv({
      env: { SORACOM_PROFILE: 'ci', SORACOM_PROFILE_DIR: temp.dir, SORACOM_COVERAGE_TYPE: 'g' },
      homeDir: temp.home,
    });
    expect(options.coverage).toBe('g');
    expect(options.baseUrl).toBeUndefined();
  });

  it('falls back to the default profile under the home folder', () => {
    temp.write('default', { authKeyId: 'keyId-default', authKey: SECRET }, { dir: `${temp.home}/.soracom` });
    expect(fromEnv({ env: {}, homeDir: temp.home }).auth).toEqual({ authKeyId: 'keyId-default', authKey: SECRET });
  });

  it('says what to set when there are no credentials anywhere', () => {
    const e = error(() => fromEnv({ env: {}, homeDir: temp.home }));
    expect(e.message).toContain('set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or SORACOM_PROFILE');
    expect(e.message).toContain(`${temp.home}/.soracom/default.json`);
  });

  it('reports a missing SORACOM_PROFILE by its file', () => {
    expect(
      error(() => fromEnv({ env: { SORACOM_PROFILE: 'gone', SORACOM_PROFILE_DIR: temp.dir }, homeDir: temp.home }))
        .file,
    ).toBe(`${temp.dir}/gone.json`);
  });
});
