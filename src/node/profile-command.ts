/**
 * A profile's `profileCommand`: a command whose standard output is a profile as JSON (typically fetched
 * from a secret store), as soracom-cli runs it (its `getProfileFromExternalCommand`,
 * https://github.com/soracom/soracom-cli): the command line is split into words the way a shell would
 * (go-shellwords: spaces separate, quotes group, a backslash escapes; no variables, no globs, no pipes)
 * and run directly, without a shell. Its output holds secrets: it is parsed and never shown, and the
 * errors say what went wrong without quoting it (nor its standard error, which is not read).
 */
import { execFileSync } from 'node:child_process';
import { ProfileError, parseProfile, type SoracomProfile } from './profile-file.js';

/** How long the command may take (a secret store asking the user to unlock it included). */
export const PROFILE_COMMAND_TIMEOUT_MS = 120_000;

/** `aws-vault exec "my profile" -- cat` → `['aws-vault', 'exec', 'my profile', '--', 'cat']`. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (c === '\\' && i + 1 < line.length && (quote === undefined || '"\\$`'.includes(line[i + 1] as string))) {
      word += line[++i];
      inWord = true;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`an unclosed ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) words.push(word);
  return words;
}

function commandError(profile: SoracomProfile, what: string): ProfileError {
  return new ProfileError(`Profile ${profile.file}: its profileCommand ${what}`, {
    file: profile.file,
    field: 'profileCommand',
  });
}

/** Why the command did not give an output, in words that quote nothing it printed. */
function failure(error: unknown, program: string): string {
  const e = error as { code?: unknown; status?: unknown; signal?: unknown };
  if (e.code === 'ENOENT') return `could not be started: ${JSON.stringify(program)} was not found`;
  if (e.code === 'EACCES') return `could not be started: ${JSON.stringify(program)} is not executable`;
  if (e.code === 'ETIMEDOUT' || e.signal === 'SIGTERM')
    return `did not finish within ${PROFILE_COMMAND_TIMEOUT_MS / 1000} s`;
  if (e.code === 'ENOBUFS') return 'printed more than a profile (over 1 MB)';
  if (typeof e.status === 'number') return `failed (exit code ${e.status}): run it yourself to see why`;
  return `failed (${String(e.code ?? e.signal ?? 'error')})`;
}

/**
 * The profile the command prints. Its `file` says where it came from, so later messages name the
 * command's profile, not the file that names the command.
 */
export function runProfileCommand(profile: SoracomProfile): SoracomProfile {
  const line = profile.profileCommand as string;
  let argv: string[];
  try {
    argv = splitCommandLine(line);
  } catch (error) {
    throw commandError(profile, `cannot be split into words: ${(error as Error).message}`);
  }
  const [program, ...args] = argv;
  if (program === undefined) throw commandError(profile, 'is empty');
  let output: string;
  try {
    output = execFileSync(program, args, {
      encoding: 'utf8',
      // Nothing to read from us; its messages to the user are not ours to show (they may hold secrets).
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: PROFILE_COMMAND_TIMEOUT_MS,
      maxBuffer: 1024 * 1024,
      windowsHide: true,
    });
  } catch (error) {
    throw commandError(profile, failure(error, program));
  }
  return parseProfile(output, `${profile.file} (the output of its profileCommand)`);
}
