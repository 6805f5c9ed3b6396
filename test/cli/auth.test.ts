/**
 * Credentials and endpoint like soracom-cli: flags, environment, profiles, their precedence, and
 * that no credential ever shows in the output, whatever happens.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/cli/connection.js';
import type { GlobalOptions } from '../../src/cli/program.js';
import { useCliWorld, type World } from './support/cli-world.js';
import { memoryIo } from './support/memory-io.js';

const world = useCliWorld();
const KEY_ID = 'keyId-emulator-demo';
const KEY = 'secret-emulator-demo';
const WRONG = 'secret-wrong-value-0123456789';

async function profile(w: World, name: string, content: Record<string, unknown>, mode = 0o600): Promise<void> {
  const dir = join(w.dir, '.soracom');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(content));
  await chmod(file, mode);
}

const origin = (w: World) => w.emulator.baseUrl.replace(/\/v1$/, '');
const list = ['groups', 'list'];

describe('credentials', () => {
  it('--api-key/--api-token and --auth-key-id/--auth-key (the CLI logs in)', async () => {
    const w = await world();
    expect((await w.cli(list)).code).toBe(0);
    const login = await w.cli(['--endpoint', origin(w), '--auth-key-id', KEY_ID, '--auth-key', KEY, ...list], {
      noAuth: true,
    });
    expect(login.code).toBe(0);
    expect(w.emulator.state.requests().some((r) => r.operationId === 'auth' && r.status === 200)).toBe(true);
  });

  it('SORACOM_AUTH_KEY_ID / SORACOM_AUTH_KEY with SORACOM_ENDPOINT', async () => {
    const w = await world();
    const result = await w.cli(list, {
      noAuth: true,
      env: { SORACOM_ENDPOINT: origin(w), SORACOM_AUTH_KEY_ID: KEY_ID, SORACOM_AUTH_KEY: KEY },
    });
    expect(result).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('the default profile, a --profile, and SORACOM_PROFILE (with SORACOM_PROFILE_DIR)', async () => {
    const w = await world();
    await profile(w, 'default', { endpoint: origin(w), authKeyId: KEY_ID, authKey: KEY });
    await profile(w, 'prod', { endpoint: origin(w), authKeyId: KEY_ID, authKey: KEY });
    expect((await w.cli(list, { noAuth: true })).code).toBe(0);
    expect((await w.cli(['--profile', 'prod', ...list], { noAuth: true })).code).toBe(0);
    expect((await w.cli(list, { noAuth: true, env: { SORACOM_PROFILE: 'prod' } })).code).toBe(0);
    const elsewhere = join(w.dir, 'profiles');
    await mkdir(elsewhere);
    await writeFile(
      join(elsewhere, 'ci.json'),
      JSON.stringify({ endpoint: origin(w), authKeyId: KEY_ID, authKey: KEY }),
      { mode: 0o600 },
    );
    expect(
      (await w.cli(['--profile', 'ci', ...list], { noAuth: true, env: { SORACOM_PROFILE_DIR: elsewhere } })).code,
    ).toBe(0);
  });

  it('precedence: flags > --profile > environment > default profile', async () => {
    const w = await world();
    await profile(w, 'default', { endpoint: origin(w), authKeyId: KEY_ID, authKey: WRONG });
    await profile(w, 'good', { endpoint: origin(w), authKeyId: KEY_ID, authKey: KEY });
    const badEnv = { SORACOM_ENDPOINT: origin(w), SORACOM_AUTH_KEY_ID: KEY_ID, SORACOM_AUTH_KEY: WRONG };
    const goodEnv = { ...badEnv, SORACOM_AUTH_KEY: KEY };
    // the environment beats the default profile
    expect((await w.cli(list, { noAuth: true, env: goodEnv })).code).toBe(0);
    expect((await w.cli(list, { noAuth: true })).code).toBe(2);
    // --profile beats the environment
    expect((await w.cli(['--profile', 'good', ...list], { noAuth: true, env: badEnv })).code).toBe(0);
    // flags beat everything
    expect(
      (
        await w.cli(['--auth-key-id', KEY_ID, '--auth-key', KEY, '--profile', 'default', ...list], {
          noAuth: true,
          env: badEnv,
        })
      ).code,
    ).toBe(0);
    expect((await w.cli(list, { env: badEnv })).code).toBe(0);
  });

  it('explains what is missing or incomplete (exit 1, nothing sent)', async () => {
    const w = await world();
    const none = await w.cli(list, { noAuth: true });
    expect(none.code).toBe(1);
    // Every way to give them: the flags, a profile, the environment.
    expect(none.stderr).toMatch(
      /^error: no credentials: pass --auth-key-id and --auth-key \(or --api-key and --api-token\), or --profile NAME; or set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or SORACOM_PROFILE \(there is no default profile \S+default\.json\)\n$/,
    );
    const half = await w.cli(['--endpoint', origin(w), '--api-key', 'k-123456', ...list], { noAuth: true });
    expect(half).toMatchObject({ code: 1, stderr: 'error: --api-key needs --api-token as well\n' });
    const both = await w.cli(['--api-key', 'a', '--api-token', 'b', '--auth-key-id', 'c', '--auth-key', 'd', ...list], {
      noAuth: true,
    });
    expect(both.stderr).toMatch(/either --api-key\/--api-token or --auth-key-id\/--auth-key, not both/);
    const halfEnv = await w.cli(list, { noAuth: true, env: { SORACOM_AUTH_KEY_ID: KEY_ID } });
    expect(halfEnv.code).toBe(1);
    expect(halfEnv.stderr).toMatch(/SORACOM_AUTH_KEY is not set, but SORACOM_AUTH_KEY_ID is/);
    const badEndpoint = await w.cli(['--endpoint', 'not a url', ...list]);
    expect(badEndpoint).toMatchObject({ code: 1 });
    expect(badEndpoint.stderr).toMatch(/--endpoint must be an absolute URL/);
    expect(w.emulator.state.requests()).toEqual([]);
  });

  it('refuses a profile that others can read (soracom-cli does too)', async () => {
    const w = await world();
    await profile(w, 'default', { endpoint: origin(w), authKeyId: KEY_ID, authKey: KEY }, 0o644);
    const result = await w.cli(list, { noAuth: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/can be read by group or others .*chmod 600/);
    expect(result.stderr).not.toContain(KEY);
  });
});

describe('no credential in the output', () => {
  const secretsOf = (w: World) => [
    w.emulator.credentials.apiKey as string,
    w.emulator.credentials.token as string,
    KEY,
    WRONG,
  ];

  it('not in errors, not with --verbose, not with SORACOM_VERBOSE, not in successful runs', async () => {
    const w = await world({ sims: 2 });
    const input = await w.file('ids.txt', '8981100000000000000\n8981100000000000001\n');
    const outputs: string[] = [];
    const collect = async (argv: string[], options: Parameters<World['cli']>[1] = {}) => {
      const r = await w.cli(argv, options);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    // Refused credentials, as flags and from the environment.
    expect(
      (
        await collect(['--endpoint', origin(w), '--auth-key-id', KEY_ID, '--auth-key', WRONG, '--verbose', ...list], {
          noAuth: true,
        })
      ).code,
    ).toBe(2);
    expect(
      (
        await collect(['--endpoint', origin(w), '--api-key', 'api-wrong-123456', '--api-token', WRONG, '-v', ...list], {
          noAuth: true,
        })
      ).code,
    ).toBe(2);
    expect(
      (
        await collect(list, {
          noAuth: true,
          env: {
            SORACOM_ENDPOINT: origin(w),
            SORACOM_AUTH_KEY_ID: KEY_ID,
            SORACOM_AUTH_KEY: WRONG,
            SORACOM_VERBOSE: '1',
          },
        })
      ).code,
    ).toBe(2);
    // A malformed flag and a usage error with credentials on the line.
    expect((await collect(['--api-key', KEY, '--api-token', WRONG, 'groups', 'nope'], { noAuth: true })).code).toBe(1);
    expect(
      (await collect(['--api-key', KEY, '--api-token', WRONG, '--output', KEY, ...list], { noAuth: true })).code,
    ).toBe(1);
    // Successful runs with every debug line on, by AuthKey login and by API key.
    expect(
      (
        await collect(
          [
            '--endpoint',
            origin(w),
            '--auth-key-id',
            KEY_ID,
            '--auth-key',
            KEY,
            '--verbose',
            'run',
            'activate',
            '--input',
            input,
            '--group-name',
            'x',
            '--poll-interval-ms',
            '5',
          ],
          { noAuth: true },
        )
      ).code,
    ).toBe(0);
    expect(
      (await collect(['--verbose', 'run', 'suspend', '--input', input, '--group-name', 'x', '--poll-interval-ms', '5']))
        .code,
    ).toBe(0);
    // An unreachable endpoint.
    expect(
      (
        await collect(
          [
            '--endpoint',
            'http://127.0.0.1:9',
            '--api-key',
            KEY,
            '--api-token',
            WRONG,
            '--max-retries',
            '0',
            '--verbose',
            ...list,
          ],
          { noAuth: true },
        )
      ).code,
    ).toBe(2);

    const all = outputs.join('\n');
    expect(all).toContain('[REDACTED]'); // the checks below would pass trivially if nothing was printed
    for (const secret of secretsOf(w)) expect(all, `output shows ${secret}`).not.toContain(secret);
  });
});

describe('endpoint precedence (resolveConnection)', () => {
  const g = (overrides: Partial<GlobalOptions> = {}): GlobalOptions => ({
    output: 'json',
    timeFormat: 'iso',
    quiet: false,
    verbose: false,
    apiKey: 'k-1234',
    apiToken: 't-1234',
    ...overrides,
  });
  const io = (env: Record<string, string> = {}) => memoryIo({ env, homeDir: '/nonexistent' }).io;

  it('--endpoint > SORACOM_ENDPOINT > --coverage-type > SORACOM_COVERAGE_TYPE > Japan', () => {
    expect(resolveConnection(g(), io()).options).toEqual({ auth: { apiKey: 'k-1234', token: 't-1234' } });
    expect(resolveConnection(g(), io({ SORACOM_COVERAGE_TYPE: 'g' })).options.coverage).toBe('g');
    expect(resolveConnection(g({ coverageType: 'jp' }), io({ SORACOM_COVERAGE_TYPE: 'g' })).options.coverage).toBe(
      'jp',
    );
    expect(
      resolveConnection(g({ coverageType: 'g' }), io({ SORACOM_ENDPOINT: 'http://127.0.0.1:1' })).options.baseUrl,
    ).toBe('http://127.0.0.1:1/v1');
    const both = resolveConnection(
      g({ endpoint: 'https://api-sandbox.soracom.io' }),
      io({ SORACOM_ENDPOINT: 'http://127.0.0.1:1' }),
    ).options;
    expect(both).toEqual({ baseUrl: 'https://api-sandbox.soracom.io/v1', auth: { apiKey: 'k-1234', token: 't-1234' } });
  });

  it('reports every credential value for the redactor', () => {
    expect(
      resolveConnection(g({ apiKey: undefined, apiToken: undefined, authKeyId: 'id-1234', authKey: 'key-1234' }), io())
        .secrets,
    ).toEqual(['id-1234', 'key-1234']);
  });
});
