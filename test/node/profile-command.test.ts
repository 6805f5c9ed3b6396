/**
 * A profile's `profileCommand`, as soracom-cli runs it: split into words like a shell would, run without
 * a shell, its output (a profile as JSON) parsed and never shown, not even in errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSoracomError } from '../../src/errors/errors.js';
import { fromEnv, fromProfile, ProfileError } from '../../src/node/index.js';
import { splitCommandLine } from '../../src/node/profile-command.js';
import { type TempProfiles, tempProfiles } from './profile-dir.js';

const SECRET = 'secret-from-the-command-0123456789';
let temp: TempProfiles;
let env: Record<string, string>;
beforeEach(() => {
  temp = tempProfiles();
  env = { SORACOM_PROFILE_DIR: temp.dir };
});
afterEach(() => temp.remove());

/** A node script in the temp folder, and the profileCommand that runs it with `args`. */
function script(name: string, source: string, args = ''): string {
  const file = join(temp.dir, name);
  writeFileSync(file, source);
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(file)}${args ? ` ${args}` : ''}`;
}

function profileError(run: () => unknown): ProfileError {
  try {
    run();
  } catch (error) {
    if (isSoracomError(error, ProfileError)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('splitCommandLine (go-shellwords rules)', () => {
  it.each([
    ['op read op://vault/soracom', ['op', 'read', 'op://vault/soracom']],
    ['  spaced   out  ', ['spaced', 'out']],
    [`cmd "two words" 'single $HOME' a\\ b`, ['cmd', 'two words', 'single $HOME', 'a b']],
    [`cmd "say \\"hi\\"" ''`, ['cmd', 'say "hi"', '']],
    ['cmd $HOME;rm', ['cmd', '$HOME;rm']],
  ])('%s', (line, words) => {
    expect(splitCommandLine(line)).toEqual(words);
  });

  it('refuses an unclosed quote', () => {
    expect(() => splitCommandLine('cmd "open')).toThrow(/unclosed double quote/);
  });
});

describe('profileCommand', () => {
  it("runs the command and uses the credentials of the profile it prints; the file's endpoint stays", () => {
    const command = script(
      'print.mjs',
      `console.log(JSON.stringify({ authKeyId: 'keyId-cmd', authKey: ${JSON.stringify(SECRET)} }));`,
    );
    temp.write('cmd', { profileCommand: command, endpoint: 'http://127.0.0.1:9999' });
    expect(fromProfile('cmd', { env })).toEqual({
      baseUrl: 'http://127.0.0.1:9999/v1',
      auth: { authKeyId: 'keyId-cmd', authKey: SECRET },
    });
    // fromEnv reads it the same way, through SORACOM_PROFILE.
    expect(fromEnv({ env: { ...env, SORACOM_PROFILE: 'cmd' } }).auth).toEqual({
      authKeyId: 'keyId-cmd',
      authKey: SECRET,
    });
  });

  it('runs it without a shell: quotes group words, and $, ; and > are passed as they are', () => {
    const out = join(temp.dir, 'args.json');
    const command = script(
      'args.mjs',
      `import { writeFileSync } from 'node:fs';
       writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));
       console.log(JSON.stringify({ authKeyId: 'k', authKey: 's' }));`,
      `"two words" '$HOME;' '>' x`,
    );
    temp.write('args', { profileCommand: command });
    fromProfile('args', { env });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['two words', '$HOME;', '>', 'x']);
  });

  it('a failing command: the exit code and the advice, never what it printed on stdout or stderr', () => {
    const command = script(
      'fail.mjs',
      `console.log(${JSON.stringify(SECRET)}); console.error(${JSON.stringify(`${SECRET}-stderr`)}); process.exit(3);`,
    );
    const file = temp.write('fail', { profileCommand: command });
    const error = profileError(() => fromProfile('fail', { env }));
    expect(error.message).toBe(`Profile ${file}: its profileCommand failed (exit code 3): run it yourself to see why`);
    expect(error.field).toBe('profileCommand');
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('output that is not a profile: located, not quoted', () => {
    const command = script('garbage.mjs', `console.log('{"authKey": ${JSON.stringify(SECRET)}, oops}');`);
    temp.write('garbage', { profileCommand: command });
    const error = profileError(() => fromProfile('garbage', { env }));
    expect(error.message).toMatch(/the output of its profileCommand\) is not valid JSON at line 1, column \d+/);
    expect(error.message).not.toContain(SECRET);
  });

  it('a command that does not exist, and an empty one', () => {
    temp.write('missing', { profileCommand: 'no-such-program-anywhere --flag secret-arg' });
    const missing = profileError(() => fromProfile('missing', { env }));
    expect(missing.message).toContain('could not be started: "no-such-program-anywhere" was not found');
    expect(missing.message).not.toContain('secret-arg');
    temp.write('empty', { profileCommand: '   ', authKeyId: undefined });
    // An empty command counts as none (soracom-cli's reading of empty fields): the profile has no credentials.
    expect(profileError(() => fromProfile('empty', { env })).message).toMatch(/has no credentials|is empty/);
  });
});
