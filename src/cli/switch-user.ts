/**
 * soracom-cli's switch-user profiles: `{"sourceProfile": "main", "operatorId": "OP...", "username": "ops"}`
 * means "log in with the profile `main`, then act as the SAM user `ops` of operator `OP...`", which the
 * API allows when that user's trust policy lists the source user. As soracom-cli does it (its
 * `authenticateWithSwitchUser`, https://github.com/soracom/soracom-cli): `POST /auth` with the source
 * profile's credentials, then `POST /auth/switch_user` with the key and token that gave; a source profile
 * may not switch user itself. Both requests are described in openapi/auth.yaml and sent with
 * openapi-fetch, through the CLI's `fetch` (a proxy's, proxy.ts).
 *
 * The API gives a switched user's key and token at most an hour (`SwitchUserRequest` in
 * openapi/auth.yaml) and the client cannot renew them by itself (it never had the source's
 * credentials): a command that runs longer stops with an authentication error, and the same command
 * run again goes on from the batch group's jobs.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/auth.js';
import type { ApiKeyCredentials, Credentials } from '../auth/credentials.js';
import { createBatchClient } from '../client/client.js';
import type { BatchClientOptions } from '../client/options.js';
import { profileCredentials } from '../node/client-options.js';
import {
  ProfileError,
  profilePath,
  type ResolvedSource,
  readProfile,
  type SoracomProfile,
} from '../node/profile-file.js';
import { SDK_VERSION } from '../version.js';

type LoginBody = paths['/auth']['post']['requestBody']['content']['application/json'];

/** The source user's token lifetime (it is used once, at once). */
const SOURCE_TOKEN_SECONDS = 600;
/** The switched user's, unless the profile says (`SwitchUserRequest.tokenTimeoutSeconds`: at most 1 h). */
const SWITCH_TOKEN_SECONDS = 3_600;

/**
 * A request of the switch failed: the API's answer, or no answer. Exit code 2, as any API error (a
 * profile that cannot switch is a `ProfileError`, exit 1).
 */
export class SwitchUserError extends Error {
  override readonly name = 'SwitchUserError';
}

export type SwitchedUser = {
  auth: ApiKeyCredentials;
  /** `OP.../ops`, for `--verbose`. */
  user: string;
};

/** What a request of the switch answered, in one line: `answered 400 EMU0008: Switch user not allowed`. */
function describeFailure(response: Response | undefined, error: unknown): string {
  if (!response) return `got no answer (${String(error)})`;
  const body = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof body?.code === 'string' ? ` ${body.code}` : '';
  const message = typeof body?.message === 'string' ? `: ${body.message}` : '';
  return `answered ${response.status}${code}${message}`;
}

/** The source profile's login body: the credentials of a profile that is not itself a switch. */
function sourceLogin(target: SoracomProfile, source: ResolvedSource): { body: LoginBody; name: string } {
  const name = target.sourceProfile as string;
  const profile = readProfile(profilePath(name, source));
  if (profile.sourceProfile) {
    throw new ProfileError(
      `Profile ${target.file}: its source profile "${name}" switches user itself, which soracom-cli does not allow either: point sourceProfile at a profile with its own credentials`,
      { file: target.file, field: 'sourceProfile' },
    );
  }
  const credentials = profileCredentials(profile) as Exclude<Credentials, ApiKeyCredentials>;
  // The source's key and token serve for the switch alone: the shortest life that is sure to last it.
  return { body: { ...credentials, tokenTimeoutSeconds: SOURCE_TOKEN_SECONDS }, name };
}

/**
 * Logs in with the source profile and switches to the user `target` names. `endpoint` is where the
 * client will send (the same base URL, so the switched key and token are valid there).
 */
export async function switchUser(
  target: SoracomProfile,
  source: ResolvedSource,
  endpoint: Pick<BatchClientOptions, 'baseUrl' | 'coverage' | 'sandbox' | 'headers'>,
  fetch: typeof globalThis.fetch | undefined,
  /** Told every credential the switch handles (the source's, its key and token, the new ones) as soon as it is known. */
  onSecrets: (secrets: string[]) => void,
): Promise<SwitchedUser> {
  const { operatorId, username: userName } = target;
  if (!operatorId || !userName) {
    throw new ProfileError(
      `Profile ${target.file} switches user (sourceProfile), so it needs "operatorId" and "username" of the user to switch to`,
      { file: target.file, field: operatorId ? 'username' : 'operatorId' },
    );
  }
  const login = sourceLogin(target, source);
  onSecrets(Object.values(login.body).filter((v): v is string => typeof v === 'string'));
  // The client's own rule turns coverage and sandbox into the API root; it sends nothing.
  const { baseUrl } = createBatchClient(endpoint);
  const api = createClient<paths>({
    baseUrl,
    headers: { ...endpoint.headers, 'User-Agent': `soracom-batch-cli/${SDK_VERSION}` },
    ...(fetch ? { fetch } : {}),
  });
  const where = `switching to ${operatorId}/${userName} (profile ${target.file})`;
  const signal = AbortSignal.timeout(60_000);
  const first = await api.POST('/auth', { body: login.body, signal }).catch((error: unknown) => ({ error }));
  if (!('data' in first) || !first.data) {
    const response = 'response' in first ? first.response : undefined;
    throw new SwitchUserError(
      `${where}: logging in with source profile "${login.name}" ${describeFailure(response, first.error)}`,
    );
  }
  onSecrets([first.data.apiKey, first.data.token]);
  const switched = await api
    .POST('/auth/switch_user', {
      body: { operatorId, userName, tokenTimeoutSeconds: target.tokenTimeoutSeconds ?? SWITCH_TOKEN_SECONDS },
      headers: { 'X-Soracom-API-Key': first.data.apiKey, 'X-Soracom-Token': first.data.token },
      signal,
    })
    .catch((error: unknown) => ({ error }));
  if (!('data' in switched) || !switched.data) {
    const response = 'response' in switched ? switched.response : undefined;
    throw new SwitchUserError(`${where}: POST /auth/switch_user ${describeFailure(response, switched.error)}`);
  }
  const { apiKey, token } = switched.data;
  onSecrets([apiKey, token]);
  return { auth: { apiKey, token }, user: `${operatorId}/${userName}` };
}
