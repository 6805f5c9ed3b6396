/**
 * Where a soracom-cli profile lives: `$SORACOM_PROFILE_DIR/<name>.json`, else `~/.soracom/<name>.json`
 * (soracom-facts: profiles and environment). A name is a file's base name, never a path.
 */
import { join } from 'node:path';
import { ProfileError } from '../errors/profile-error.js';
import { envValue, type ResolvedSource } from './node-source.js';

export const DEFAULT_PROFILE_NAME = 'default';

export function profileDir(source: ResolvedSource): string {
  return envValue(source.env, 'SORACOM_PROFILE_DIR') ?? join(source.homeDir, '.soracom');
}

export function profilePath(name: string, source: ResolvedSource): string {
  if (typeof name !== 'string' || name === '' || /[\\/]/.test(name) || name.startsWith('.')) {
    throw new ProfileError(
      `Profile name ${JSON.stringify(String(name))} is not a file name: pass a name such as "default" (the file is <dir>/<name>.json)`,
      { file: profileDir(source), field: 'name' },
    );
  }
  return join(profileDir(source), `${name}.json`);
}
