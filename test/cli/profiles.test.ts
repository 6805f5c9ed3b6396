/**
 * soracom-cli's profiles that take more than a file: switch-user profiles (`sourceProfile`: log in as the
 * source, then POST /auth/switch_user) and `profileCommand` (a command printing the profile), against the
 * emulator, with a real command (a node script) and nothing secret in the output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProfiles } from '../node/profile-dir.js';
import { useCliWorld } from './support/cli-world.js';

const world = useCliWorld();
const OPERATOR = 'OP0099999999';
const KEY_ID = 'keyId-source-user';
const KEY = 'secret-of-the-source-user-0123';
const SAM_PASSWORD = 'password-of-ops-4567';

async function setup() {
  const w = await world({
    credentials: { operatorId: OPERATOR, authKeys: { [KEY_ID]: KEY }, samUsers: { ops: SAM_PASSWORD } },
  });
  const profiles = tempProfiles();
  const endpoint = w.emulator.baseUrl.replace(/\/v1$/, '');
  profiles.write('main', { authKeyId: KEY_ID, authKey: KEY, endpoint });
  const run = (argv: string[], env: Record<string, string> = {}) =>
    w.cli(argv, { noAuth: true, env: { SORACOM_PROFILE_DIR: profiles.dir, ...env } });
  return { w, profiles, endpoint, run };
}

function secretsIn(text: string): string[] {
  return [KEY, SAM_PASSWORD].filter((secret) => text.includes(secret));
}

describe('switch-user profiles (sourceProfile)', () => {
  it('log in with the source profile, switch to the user, and run the command as that user', async () => {
    const { w, profiles, endpoint, run } = await setup();
    try {
      profiles.write('ops', { sourceProfile: 'main', operatorId: OPERATOR, username: 'ops', endpoint });
      await w.group('seen as ops');
      const result = await run(['--profile', 'ops', 'groups', 'list', '--verbose']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)[0].batchGroupName).toBe('seen as ops');
      expect(result.stderr).toContain(`credentials from profile "ops", switched to user ${OPERATOR}/ops`);
      expect(
        w.emulator.state
          .requests()
          .slice(-3)
          .map((r) => r.operationId),
      ).toEqual(['auth', 'switchUser', 'listBatchGroups']);
      expect(secretsIn(result.stdout + result.stderr)).toEqual([]);
      // SORACOM_PROFILE names it as well as --profile does.
      expect((await run(['groups', 'list'], { SORACOM_PROFILE: 'ops' })).code).toBe(0);
    } finally {
      profiles.remove();
    }
  });

  it("a user that does not trust the source: the API's refusal, exit 2; a source that switches itself: refused", async () => {
    const { profiles, endpoint, run } = await setup();
    try {
      profiles.write('stranger', { sourceProfile: 'main', operatorId: OPERATOR, username: 'nobody', endpoint });
      const refused = await run(['--profile', 'stranger', 'groups', 'list']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        new RegExp(
          `^error: switching to ${OPERATOR}/nobody \\(profile \\S+stranger\\.json\\): POST /auth/switch_user answered 400 EMU0008: Switch user not allowed\\n$`,
        ),
      );
      profiles.write('nested', { sourceProfile: 'stranger', operatorId: OPERATOR, username: 'ops', endpoint });
      const nested = await run(['--profile', 'nested', 'groups', 'list']);
      expect(nested.stderr).toMatch(/its source profile "stranger" switches user itself/);
      expect(nested.code).toBe(1);
      profiles.write('halfswitch', { sourceProfile: 'main', operatorId: OPERATOR, endpoint });
      const half = await run(['--profile', 'halfswitch', 'groups', 'list']);
      expect(half.code).toBe(1);
      expect(half.stderr).toMatch(/switches user \(sourceProfile\), so it needs "operatorId" and "username"/);
      profiles.write('badsource', { authKeyId: KEY_ID, authKey: 'wrong', endpoint });
      profiles.write('viabad', { sourceProfile: 'badsource', operatorId: OPERATOR, username: 'ops', endpoint });
      const badLogin = await run(['--profile', 'viabad', 'groups', 'list']);
      expect(badLogin.code).toBe(2);
      expect(badLogin.stderr).toMatch(/logging in with source profile "badsource" answered 401/);
    } finally {
      profiles.remove();
    }
  });

  it('--dry-run and the emulator command work out no credentials', async () => {
    const { profiles, endpoint, run, w } = await setup();
    try {
      profiles.write('ops', { sourceProfile: 'main', operatorId: OPERATOR, username: 'ops', endpoint });
      const input = await w.file('ids.txt', '8981100000000000000\n');
      const before = w.emulator.state.requests().length;
      const dry = await run([
        '--profile',
        'ops',
        'run',
        'activate',
        '--input',
        input,
        '--batch-group-id',
        'g',
        '--dry-run',
      ]);
      expect(dry.code).toBe(0);
      expect(w.emulator.state.requests()).toHaveLength(before);
    } finally {
      profiles.remove();
    }
  });
});

describe('profileCommand', () => {
  it('runs the command, uses the profile it prints (a switch-user one too), and never shows its output', async () => {
    const { w, profiles, endpoint, run } = await setup();
    try {
      const print = (name: string, profile: object) => {
        const file = join(profiles.dir, `${name}.mjs`);
        writeFileSync(file, `console.log(${JSON.stringify(JSON.stringify(profile))});`);
        return `${JSON.stringify(process.execPath)} ${JSON.stringify(file)}`;
      };
      profiles.write('fromcmd', { profileCommand: print('key', { authKeyId: KEY_ID, authKey: KEY }), endpoint });
      const plain = await run(['--profile', 'fromcmd', 'groups', 'list', '--verbose']);
      expect(plain.code).toBe(0);
      expect(secretsIn(plain.stdout + plain.stderr)).toEqual([]);
      profiles.write('cmdswitch', {
        profileCommand: print('switch', { sourceProfile: 'main', operatorId: OPERATOR, username: 'ops' }),
        endpoint,
      });
      const switched = await run(['--profile', 'cmdswitch', 'groups', 'list', '--verbose']);
      expect(switched.code).toBe(0);
      expect(switched.stderr).toContain(`switched to user ${OPERATOR}/ops`);
      expect(w.emulator.state.requests().at(-2)?.operationId).toBe('switchUser');
    } finally {
      profiles.remove();
    }
  });
});
