/**
 * List operations walk pages by the spec's x-soracom-cli-pagination: the x-soracom-next-key header
 * goes back as last_evaluated_key. Driven by a scripted fetch that serves numbered tasks.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchValidationError,
  createBatchClient,
  isSoracomError,
  PaginationLoopError,
  UnexpectedResponseError,
} from '../../src/index.js';

type Served = { url: URL; headers: Headers };

/**
 * Serves `total` tasks in pages of `limit` (default 10) with keys `k<offset>`; `keys` can override
 * the next key sent after page N (0-based) to script loops and empty headers.
 */
function pagedServer(total: number, script: { keys?: Record<number, string | null> } = {}) {
  const served: Served[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    served.push({ url, headers: request.headers });
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const key = url.searchParams.get('last_evaluated_key');
    const offset = key ? Number(key.slice(1)) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({
      taskId: offset + i,
      status: 'error',
    }));
    const pageIndex = served.length - 1;
    const headers = new Headers({ 'content-type': 'application/json' });
    const scripted = script.keys?.[pageIndex];
    if (scripted !== undefined) {
      if (scripted !== null) headers.set('x-soracom-next-key', scripted);
    } else if (offset + limit < total) {
      headers.set('x-soracom-next-key', `k${offset + limit}`);
    }
    return new Response(JSON.stringify(items), { status: 200, headers });
  };
  const batch = createBatchClient({
    baseUrl: 'http://127.0.0.1:9/v1',
    fetch: fetchImpl,
    auth: { apiKey: 'key-0001', token: 'tok-0001' },
  });
  return { batch, served };
}

const job = { batch_group_id: 'g-1', job_id: 'j-1' };

describe('for await over a list operation', () => {
  it('walks every item across pages, following x-soracom-next-key into last_evaluated_key', async () => {
    const { batch, served } = pagedServer(25);
    const ids: number[] = [];
    for await (const task of batch.listTasksOfBatchJob({ ...job, status: 'error', limit: 10 })) ids.push(task.taskId);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(served.map((s) => s.url.searchParams.get('last_evaluated_key'))).toEqual([null, 'k10', 'k20']);
    // limit is a page size kept on every page, and the other parameters travel with it.
    expect(served.map((s) => s.url.searchParams.get('limit'))).toEqual(['10', '10', '10']);
    expect(served.every((s) => s.url.searchParams.get('status') === 'error')).toBe(true);
    expect(served.every((s) => s.url.pathname === '/v1/batch_groups/g-1/jobs/j-1/tasks')).toBe(true);
  });

  it('works for every paginated operation', async () => {
    const { batch } = pagedServer(12);
    expect(await batch.listBatchGroups({ limit: 5 }).toArray()).toHaveLength(12);
    expect(await batch.listBatchJobs({ batch_group_id: 'g', limit: 5 }).toArray()).toHaveLength(12);
  });
});

describe('await on the same call', () => {
  it('gives the first page only, with one request, memoised', async () => {
    const { batch, served } = pagedServer(25);
    const call = batch.listTasksOfBatchJob({ ...job, limit: 10 });
    expect(served).toHaveLength(0); // nothing is sent until awaited or iterated
    const first = await call;
    expect(first.map((t) => t.taskId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await call;
    expect(served).toHaveLength(1);
  });

  it('firstPage() gives the items with the next key and the response', async () => {
    const { batch } = pagedServer(25);
    const page = await batch.listTasksOfBatchJob({ ...job, limit: 10 }).firstPage();
    expect(page.items).toHaveLength(10);
    expect(page.nextKey).toBe('k10');
    expect(page.response.status).toBe(200);
  });
});

describe('.pages() and .toArray()', () => {
  it('yields pages with items, nextKey and response', async () => {
    const { batch } = pagedServer(25);
    const pages = [];
    for await (const page of batch.listTasksOfBatchJob({ ...job, limit: 10 }).pages()) pages.push(page);
    expect(pages.map((p) => [p.items.length, p.nextKey])).toEqual([
      [10, 'k10'],
      [10, 'k20'],
      [5, undefined],
    ]);
    expect(pages[0]?.response).toBeInstanceOf(Response);
  });

  it('toArray collects every item', async () => {
    const { batch } = pagedServer(7);
    expect((await batch.listBatchGroups({ limit: 3 }).toArray()).length).toBe(7);
  });
});

describe('walk options', () => {
  it('maxItems caps the total and stops requesting once reached', async () => {
    const { batch, served } = pagedServer(100);
    const items = await batch.listTasksOfBatchJob({ ...job, limit: 10 }, { maxItems: 15 }).toArray();
    expect(items.map((t) => t.taskId)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(served).toHaveLength(2);
  });

  it('starts from a given last_evaluated_key', async () => {
    const { batch, served } = pagedServer(30);
    const items = await batch.listTasksOfBatchJob({ ...job, limit: 10, last_evaluated_key: 'k20' }).toArray();
    expect(items.map((t) => t.taskId)).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
    expect(served[0]?.url.searchParams.get('last_evaluated_key')).toBe('k20');
  });

  it('stops when the header is empty', async () => {
    const { batch, served } = pagedServer(100, { keys: { 1: '' } });
    expect(await batch.listBatchGroups({ limit: 10 }).toArray()).toHaveLength(20);
    expect(served).toHaveLength(2);
  });

  it('stops on a repeated key with a PaginationLoopError, after delivering the pages read', async () => {
    const { batch } = pagedServer(100, { keys: { 0: 'k10', 1: 'k10' } });
    const seen: number[] = [];
    const walk = (async () => {
      for await (const task of batch.listTasksOfBatchJob({ ...job, limit: 10 })) seen.push(task.taskId);
    })();
    const error = await walk.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(isSoracomError(error)).toBe(true);
    expect((error as PaginationLoopError).repeatedKey).toBe('k10');
    expect((error as Error).message).toContain(
      'listTasksOfBatchJob: the server sent the next key "k10" again after 2 page(s)',
    );
    expect(seen).toHaveLength(20);
  });

  it('detects a longer loop (A → B → A)', async () => {
    const { batch } = pagedServer(100, { keys: { 0: 'k10', 1: 'k20', 2: 'k10' } });
    await expect(batch.listBatchGroups({ limit: 10 }).toArray()).rejects.toBeInstanceOf(PaginationLoopError);
  });

  it('stops between pages when the signal aborts, with the caller reason', async () => {
    for (const prefetch of [false, true]) {
      const { batch, served } = pagedServer(100);
      const controller = new AbortController();
      const reason = new Error('user pressed stop');
      const walk = (async () => {
        for await (const page of batch
          .listBatchGroups({ limit: 10 }, { signal: controller.signal, prefetch })
          .pages()) {
          if (page.nextKey === 'k20') controller.abort(reason);
        }
      })();
      await expect(walk).rejects.toBe(reason);
      // With prefetch the third page had been requested before the second was handed over.
      expect(served).toHaveLength(prefetch ? 3 : 2);
    }
  });
});

describe('prefetch', () => {
  /** A fetch whose answers the test releases one by one; it logs requests and their aborts. */
  function heldServer(total: number) {
    const log: string[] = [];
    const held: (() => void)[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      const key = new URL(request.url).searchParams.get('last_evaluated_key') ?? 'k0';
      log.push(`request ${key}`);
      return new Promise((resolve, reject) => {
        request.signal.addEventListener('abort', () => {
          log.push(`aborted ${key}`);
          reject(request.signal.reason);
        });
        held.push(() => {
          const offset = Number(key.slice(1));
          const items = Array.from({ length: Math.min(10, total - offset) }, (_, i) => ({ taskId: offset + i }));
          const headers = new Headers({ 'content-type': 'application/json' });
          if (offset + 10 < total) headers.set('x-soracom-next-key', `k${offset + 10}`);
          resolve(new Response(JSON.stringify(items), { headers }));
        });
      });
    };
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: fetchImpl,
      auth: { apiKey: 'k', token: 't' },
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
    /** Waits for a request to be held, answers every held one, then lets the walk run until it waits again. */
    const release = async () => {
      for (let waited = 0; held.length === 0 && waited < 2_000; waited += 10) await settle();
      for (const answer of held.splice(0)) answer();
      await settle();
    };
    return { batch, log, release };
  }

  it('requests page N+1 before handing over page N, one page ahead at most', async () => {
    const { batch, log, release } = heldServer(30);
    const pages = batch.listBatchGroups({ limit: 10 }).pages();
    const first = pages.next();
    await release(); // page 1 answers; the walk asks for page 2 before handing page 1 over
    const page = (await first).value;
    log.push(`got ${(page?.items[0] as { taskId: number } | undefined)?.taskId}`);
    expect(log).toEqual(['request k0', 'request k10', 'got 0']);
    await release(); // page 2 answers, but the caller has not asked for it: nothing more is requested
    expect(log.slice(3)).toEqual([]);
    const second = await pages.next(); // page 2 was here already; asking for it lets the walk request page 3
    expect(second.value?.nextKey).toBe('k20');
    await release();
    expect(log.slice(3)).toEqual(['request k20']);
    const third = await pages.next();
    expect(third.value?.nextKey).toBeUndefined(); // the last page: nothing more is requested
    expect(log.slice(4)).toEqual([]);
    expect((await pages.next()).done).toBe(true);
  });

  it('with prefetch: false, requests a page only when it is asked for', async () => {
    const { batch, log, release } = heldServer(30);
    const pages = batch.listBatchGroups({ limit: 10 }, { prefetch: false }).pages();
    const first = pages.next();
    await release();
    await first;
    expect(log).toEqual(['request k0']);
    const second = pages.next();
    await release();
    await second;
    expect(log).toEqual(['request k0', 'request k10']);
    await pages.return?.(undefined);
  });

  it('stopping early aborts the page fetched ahead', async () => {
    const { batch, log, release } = heldServer(30);
    const walk = (async () => {
      for await (const task of batch.listBatchGroups({ limit: 10 })) return task;
      return undefined;
    })();
    await release();
    expect(await walk).toEqual({ taskId: 0 });
    expect(log).toEqual(['request k0', 'request k10', 'aborted k10']);
  });

  it('a failure of a page fetched ahead reaches the caller only if it asks for that page', async () => {
    let calls = 0;
    const fetchImpl: typeof fetch = async (input, init) => {
      const key = new URL(new Request(input, init).url).searchParams.get('last_evaluated_key');
      calls++;
      if (key === 'k10') return new Response('{"code":"X","message":"gone"}', { status: 404 });
      return new Response('[{"taskId":0}]', { headers: { 'x-soracom-next-key': 'k10' } });
    };
    const batch = createBatchClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch: fetchImpl, logLevel: 'off' });
    // The caller stops after the first page: the failed page 2 is never reported (nor unhandled).
    for await (const page of batch.listBatchGroups().pages()) {
      expect(page.items).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      break;
    }
    expect(calls).toBe(2);
    // Asking for it throws its error.
    await expect(batch.listBatchGroups().toArray()).rejects.toMatchObject({ status: 404 });
  });

  it('never fetches past maxItems', async () => {
    const { batch, served } = pagedServer(100);
    expect(await batch.listBatchGroups({ limit: 10 }, { maxItems: 10 }).toArray()).toHaveLength(10);
    expect(served).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('rejects on await and on iteration without sending anything', async () => {
    const { batch, served } = pagedServer(10);
    await expect(batch.listTasksOfBatchJob({ ...job, status: 'nope' as never })).rejects.toBeInstanceOf(
      BatchValidationError,
    );
    const iterate = async () => {
      for await (const _ of batch.listBatchJobs({} as never)) break;
    };
    await expect(iterate()).rejects.toThrow('listBatchJobs.batch_group_id is required');
    await expect(batch.listBatchGroups({}, { maxItems: 0 }).toArray()).rejects.toThrow(
      'options.maxItems must be a positive integer',
    );
    await expect(batch.listBatchGroups({}, { prefetch: 'yes' as never }).toArray()).rejects.toThrow(
      'listBatchGroups.options.prefetch must be a boolean; pass false to request each page only when it is asked for',
    );
    expect(served).toHaveLength(0);
  });

  it('refuses a page that is not a JSON array', async () => {
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch: async () => new Response('{"not":"a list"}', { headers: { 'content-type': 'application/json' } }),
    });
    const error = await batch.listBatchGroups().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect(error).toMatchObject({ method: 'GET', path: '/batch_groups', status: 200, contentType: 'application/json' });
    expect((error as Error).message).toContain(
      '(listBatchGroups) answered 200 with object where the spec describes a JSON array page',
    );
  });
});

describe('a page that fails once in the middle of a walk', () => {
  it('is retried by the transport: no item is skipped or repeated', async () => {
    let calls = 0;
    const fetchImpl: typeof fetch = async (input, init) => {
      const url = new URL(new Request(input, init).url);
      calls++;
      // The second page fails once with 503, then answers.
      if (url.searchParams.get('last_evaluated_key') === 'k10' && calls === 2)
        return new Response('busy', { status: 503 });
      const offset = Number(url.searchParams.get('last_evaluated_key')?.slice(1) ?? 0);
      const items = Array.from({ length: Math.min(10, 30 - offset) }, (_, i) => ({ taskId: offset + i }));
      const headers = new Headers({ 'content-type': 'application/json' });
      if (offset + 10 < 30) headers.set('x-soracom-next-key', `k${offset + 10}`);
      return new Response(JSON.stringify(items), { headers });
    };
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: fetchImpl,
      auth: { apiKey: 'key-0001', token: 'tok-0001' },
      maxRetryDelayMs: 1,
    });
    const ids: number[] = [];
    for await (const task of batch.listTasksOfBatchJob({ ...job, limit: 10 })) ids.push(task.taskId);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(calls).toBe(4);
  });
});
