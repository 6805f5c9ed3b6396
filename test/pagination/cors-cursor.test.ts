/**
 * A walk through a CORS setup that hides `x-soracom-next-key` never ends silently with a partial list.
 * The emulator plays the server (its `cors.exposeHeaders` decides what is exposed); the fetch given to
 * the client plays the browser: it sends an `Origin` and hands over only what the Fetch standard lets a
 * page read of a cross-origin answer (type "cors", the CORS-safelisted response headers and those the
 * server lists in Access-Control-Expose-Headers). The real browser runs the same case in the runtime
 * matrix (test/runtimes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBatchClient, isSoracomError, type Logger, UnexpectedResponseError } from '../../src/index.js';
import { type BatchEmulator, type CorsOptions, startBatchEmulator } from '../../src/testing/index.js';

// https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
const SAFELISTED = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

/** What a page's script sees of a cross-origin answer. */
const browserFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  request.headers.set('origin', 'http://app.example');
  const response = await fetch(request);
  const exposed = (response.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const visible = new Headers();
  for (const [name, value] of response.headers) {
    if (SAFELISTED.includes(name) || exposed.includes(name)) visible.set(name, value);
  }
  const filtered = new Response(response.body, { status: response.status, headers: visible });
  Object.defineProperty(filtered, 'type', { value: 'cors' });
  Object.defineProperty(filtered, 'url', { value: response.url });
  return filtered;
};

const emulators: BatchEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function serverWithGroups(cors: CorsOptions | undefined, groups: number) {
  const emulator = await startBatchEmulator({ sims: 1, ...(cors ? { cors } : {}) });
  emulators.push(emulator);
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (line) => warnings.push(String(line)), error() {} };
  const batch = createBatchClient({ ...emulator.clientOptions, fetch: browserFetch, logger });
  for (let i = 0; i < groups; i++) await batch.createBatchGroup({ body: { batchGroupName: `g${i}` } });
  return { batch, warnings };
}

const HIDES_NEXT_KEY: CorsOptions = { exposeHeaders: ['retry-after'] };

describe('a walk whose next key a CORS setup hides', () => {
  it('a full page without a readable next key is refused, naming Access-Control-Expose-Headers', async () => {
    const { batch } = await serverWithGroups(HIDES_NEXT_KEY, 5);
    const error = await batch
      .listBatchGroups({ limit: 2 })
      .toArray()
      .catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect(error).toMatchObject({ method: 'GET', path: '/v1/batch_groups', status: 200 });
    expect((error as Error).message).toContain(
      '(listBatchGroups) answered 200 with a full page (2 items, limit 2) without a readable x-soracom-next-key header',
    );
    expect((error as Error).message).toContain('Access-Control-Expose-Headers: x-soracom-next-key');
  });

  it('without a limit, the walk ends with a warning through the logger (once per client)', async () => {
    const { batch, warnings } = await serverWithGroups(HIDES_NEXT_KEY, 3);
    expect(await batch.listBatchGroups().toArray()).toHaveLength(3);
    expect(await batch.listBatchGroups().toArray()).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/listBatchGroups: the walk ends after 3 item\(s\) of a cross-origin \(CORS\) response/);
    expect(warnings[0]).toContain('Access-Control-Expose-Headers: x-soracom-next-key');
  });

  it('when the server exposes the header (the emulator default), every page is walked, with no warning', async () => {
    const { batch, warnings } = await serverWithGroups(undefined, 5);
    const pages: number[] = [];
    for await (const page of batch.listBatchGroups({ limit: 2 }).pages()) pages.push(page.items.length);
    expect(pages).toEqual([2, 2, 1]);
    expect(warnings).toEqual([]);
    // Without a limit, a last page looks like a page whose key was hidden: the walk says so, once.
    expect(await batch.listBatchGroups().toArray()).toHaveLength(5);
    expect(warnings).toHaveLength(1);
  });

  it('an empty list or a page after a next key was read is trusted', async () => {
    const { batch, warnings } = await serverWithGroups(HIDES_NEXT_KEY, 0);
    expect(await batch.listBatchGroups({ limit: 2 }).toArray()).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
