/**
 * The credentials of a profile, as `options.auth`. A profile may hold more than one kind: a sandbox
 * profile made by `soracom configure-sandbox` keeps the production AuthKey (used once, to create the
 * sandbox account) beside the sandbox account's email and password, and the sandbox is logged in to
 * with the latter. Otherwise an AuthKey wins, then a SAM user, then the root account.
 */
import type { Credentials } from '../auth/credentials.js';
import { ProfileError } from '../errors/profile-error.js';
import type { SoracomProfile } from './read-profile.js';

function pair(profile: SoracomProfile, a: keyof SoracomProfile, b: keyof SoracomProfile): boolean {
  if (profile[a] !== undefined && profile[b] === undefined) {
    throw new ProfileError(`Profile ${profile.file}: "${a}" is set but "${b}" is missing: add it, or remove "${a}"`, {
      file: profile.file,
      field: b,
    });
  }
  return profile[a] !== undefined;
}

export function profileCredentials(profile: SoracomProfile): Credentials {
  const mfa = profile.mfaOTPCode ? { mfaOTPCode: profile.mfaOTPCode } : {};
  const root = () => {
    if (!pair(profile, 'email', 'password')) return undefined;
    return { email: profile.email as string, password: profile.password as string, ...mfa };
  };
  if (profile.sandbox) {
    const sandboxAccount = root();
    if (sandboxAccount) return sandboxAccount;
  }
  if (pair(profile, 'authKeyId', 'authKey'))
    return { authKeyId: profile.authKeyId as string, authKey: profile.authKey as string };
  if (profile.operatorId !== undefined || profile.username !== undefined) {
    pair(profile, 'operatorId', 'username');
    pair(profile, 'username', 'operatorId');
    pair(profile, 'username', 'password');
    return {
      operatorId: profile.operatorId as string,
      userName: profile.username as string,
      password: profile.password as string,
      ...mfa,
    };
  }
  const account = root();
  if (account) return account;
  if (profile.sourceProfile || profile.profileCommand) {
    const key = profile.sourceProfile ? 'sourceProfile' : 'profileCommand';
    throw new ProfileError(
      `Profile ${profile.file} gets its credentials through "${key}", which only soracom-cli supports: use a profile with authKeyId and authKey`,
      { file: profile.file, field: key },
    );
  }
  throw new ProfileError(
    `Profile ${profile.file} has no credentials: add "authKeyId" and "authKey" (or "email" and "password", or "operatorId", "username" and "password")`,
    { file: profile.file, field: 'authKeyId' },
  );
}
