/** Advice for a refused login, naming the options to check (kept apart so the core need not load the login code). */
import type { NormalizedCredentials } from './credentials.js';

export type LoginKind = Extract<NormalizedCredentials, { kind: 'login' }>['login'];

export const LOGIN_KIND_TEXT: Record<LoginKind, string> = {
  authKey: 'an AuthKey',
  root: 'the root account',
  samUser: 'a SAM user',
};

export function loginRefusedHint(kind: LoginKind): string {
  const fields = {
    authKey: 'authKeyId and authKey',
    root: 'email and password',
    samUser: 'operatorId, userName and password',
  }[kind];
  const mfa =
    kind === 'authKey'
      ? ''
      : ', and mfaOTPCode if the account uses multi-factor authentication (a code is good for one login only)';
  return `Logging in with ${LOGIN_KIND_TEXT[kind]} was refused: check ${fields} (options.auth, or the profile or environment they came from)${mfa}`;
}
