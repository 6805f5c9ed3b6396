/**
 * Where the Node helpers read the environment and the home directory from. Tests pass their own so
 * they never touch the real environment or `~/.soracom`.
 */
import { homedir } from 'node:os';

/**
 * Where the Node helpers read the environment and the home directory from (defaults: `process.env`
 * and `os.homedir()`); tests pass their own.
 *
 * @example
 * ```ts
 * import { fromEnv, type NodeSource } from 'soracom-batch/node';
 *
 * const source: NodeSource = { env: { SORACOM_AUTH_KEY_ID: 'keyId-test', SORACOM_AUTH_KEY: 'secret-test' }, homeDir: '/tmp/empty-home' };
 * const options = fromEnv(source);
 * ```
 * @category Profiles and environment
 */
export type NodeSource = {
  /** Environment variables (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Home directory holding `.soracom/` (default `os.homedir()`). */
  homeDir?: string;
};

export type ResolvedSource = { env: Record<string, string | undefined>; homeDir: string };

export function resolveSource(source: NodeSource | undefined): ResolvedSource {
  return { env: source?.env ?? process.env, homeDir: source?.homeDir ?? homedir() };
}

/** An environment variable, with an empty value counted as unset (as soracom-cli does). */
export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
