/**
 * Plain-fetch helpers for the emulator tests: they look at statuses, headers and bodies exactly as
 * sent, without the SDK's error handling or retries in between.
 */
import type { BatchEmulator } from '../../../src/testing/index.js';

export type Answer = { status: number; headers: Headers; body: any };
export type Auth = { apiKey: string; token: string };

export type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

/** Calls `baseUrl + path` with the given credentials (none when `auth` is null). */
export function api(baseUrl: string, auth: Auth | null): Api {
  return async (method, path, body, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    if (auth) {
      h['X-Soracom-API-Key'] = auth.apiKey;
      h['X-Soracom-Token'] = auth.token;
    }
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text === '' ? undefined : text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

/** The emulator's ready-made pair. */
export function demoAuth(emulator: BatchEmulator): Auth {
  return emulator.apiToken;
}

/** Polls `probe` until it returns a value, with a generous deadline (no assertion on speed). */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const FINAL = ['completed', 'failed', 'aborted'];

/** Polls getBatchJob until the job has finished; resolves with it. */
export function jobEnd(call: Api, groupId: string, jobId: string): Promise<any> {
  return eventually(async () => {
    const answer = await call('GET', `/batch_groups/${groupId}/jobs/${jobId}`);
    if (answer.status !== 200) throw new Error(`getBatchJob answered ${answer.status}`);
    return FINAL.includes(answer.body.status) ? answer.body : undefined;
  }, `job ${jobId} to finish`);
}

type Task = { request: { path: string; method: string; body?: unknown } };

export const tasks = {
  activate: (ids: readonly string[]): Task[] =>
    ids.map((id) => ({ request: { path: `/v1/sims/${id}/activate`, method: 'POST' } })),
  tags: (ids: readonly string[], tags: Record<string, string> = { area: 'tokyo' }): Task[] =>
    ids.map((id) => ({
      request: {
        path: `/v1/sims/${id}/tags`,
        method: 'PUT',
        body: Object.entries(tags).map(([tagName, tagValue]) => ({ tagName, tagValue })),
      },
    })),
  setGroup: (ids: readonly string[], groupId: string): Task[] =>
    ids.map((id) => ({ request: { path: `/v1/sims/${id}/set_group`, method: 'POST', body: { groupId } } })),
};

/** Creates a group and answers its ID. */
export async function newGroup(call: Api, name = 'test group'): Promise<string> {
  const answer = await call('POST', '/batch_groups', { batchGroupName: name });
  if (answer.status !== 200)
    throw new Error(`createBatchGroup answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.batchGroupId as string;
}
