/**
 * The emulator conforms to the Batch spec: the contract suite runs through
 * `prism proxy generated/openapi/batch.yaml <emulator>/v1 --errors`, which validates every answer.
 *
 * How Prism proxy joins paths (prism-http forwarder: `posix.join(upstream.pathname, request.path)`):
 * the spec's paths are relative to its servers (`https://api.soracom.io/v1`), so clients call the
 * proxy WITHOUT `/v1` (`http://proxy/batch_groups`) and the upstream is given WITH it
 * (`http://127.0.0.1:PORT/v1`); Prism forwards to `/v1/batch_groups`. A `/v1/...` path at the proxy
 * matches no spec path and Prism answers 404 itself.
 *
 * `--errors` only turns Error-severity violations into a 500 (a wrong body, or an undeclared 2xx).
 * An undeclared 4xx/5xx status is only a Warning in the `sl-violations` header, so this file also
 * fails on any `sl-violations` header at all.
 *
 * The spec is the corrected one (scripts/spec-fixes.ts), whose response schemas require what the API
 * always returns (IDs, status, times, summary counts, a task's id, status and request): an answer of the
 * emulator without one of them is an Error, and the last block shows that it is, where the published
 * spec (which requires nothing) would let it through.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOperations } from '../../generated/batch-operations.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { type BatchEmulator, simIds, startBatchEmulator } from '../../src/testing/index.js';
import { describeBatchContract } from '../contract/batch-contract.js';
import { type PrismServer, startPrism } from '../support/prism.js';
import { type Answer, api, demoAuth, newGroup, tasks } from './support/emulator-http.js';

let emulator: BatchEmulator;
let proxy: PrismServer;
const violations: string[] = [];

/** Records every answer Prism flagged, warnings included. */
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const flagged = response.headers.get('sl-violations');
  if (flagged) {
    const request = new Request(input, init);
    violations.push(`${request.method} ${new URL(request.url).pathname} → ${response.status}: ${flagged}`);
  }
  return response;
};

/** Plain calls through the proxy, recording violations too. */
function viaProxy(): (method: string, path: string, body?: unknown) => Promise<Answer> {
  const call = api(proxy.url, demoAuth(emulator));
  return async (method, path, body) => {
    const answer = await call(method, path, body);
    const flagged = answer.headers.get('sl-violations');
    if (flagged) violations.push(`${method} ${path} → ${answer.status}: ${flagged}`);
    return answer;
  };
}

beforeAll(async () => {
  // The contract's tasks target these two SIMs; seeding them lets its job complete.
  emulator = await startBatchEmulator({
    sims: [
      { simId: '8981100001234567890' },
      { simId: '8981100001234567891' },
      ...simIds(20).map((simId) => ({ simId })),
    ],
  });
  proxy = await startPrism({
    spec: fromRoot('generated', 'openapi', 'batch.yaml'),
    mode: 'proxy',
    upstream: emulator.baseUrl,
  });
});

afterAll(async () => {
  await proxy?.stop();
  await emulator?.close();
});

describeBatchContract('emulator through prism proxy', {
  stateful: true,
  options: () => ({ baseUrl: proxy.url, auth: demoAuth(emulator), fetch: recordingFetch }),
});

describe('emulator through prism proxy: conformance beyond the happy path', () => {
  it('answered the whole contract without a single Prism violation, not even a warning', () => {
    expect(violations).toEqual([]);
    // The contract really went through the emulator (not a Prism mock): it holds the job's tasks.
    expect(emulator.state.requests().some((r) => r.operationId === 'createBatchJob' && r.status === 200)).toBe(true);
  });

  it('covered every operation of the spec with a 2xx answer, each validated by Prism', () => {
    const answered = new Set(
      emulator.state
        .requests()
        .filter((r) => r.status >= 200 && r.status < 300)
        .map((r) => r.operationId),
    );
    expect(Object.keys(batchOperations).filter((id) => !answered.has(id as never))).toEqual([]);
  });

  it('answers only declared statuses, with valid bodies, for the API rules it enforces', async () => {
    const call = viaProxy();
    violations.length = 0;
    expect((await call('GET', '/batch_groups/no-such-group')).status).toBe(404);
    expect((await call('PUT', '/batch_groups/no-such-group', { batchGroupName: 'x' })).status).toBe(404);
    expect((await call('DELETE', '/batch_groups/no-such-group')).status).toBe(404);
    expect((await call('GET', '/batch_groups/no-such-group/jobs')).status).toBe(404);
    expect((await call('POST', '/batch_groups/no-such-group/jobs', { tasks: tasks.activate(simIds(1)) })).status).toBe(
      404,
    );

    const groupId = await newGroup(call);
    expect((await call('GET', `/batch_groups/${groupId}/jobs/no-such-job`)).status).toBe(404);
    expect((await call('GET', `/batch_groups/${groupId}/jobs/no-such-job/tasks`)).status).toBe(404);
    const mixed = await call('POST', `/batch_groups/${groupId}/jobs`, {
      tasks: [...tasks.activate(simIds(1)), ...tasks.tags(simIds(1))],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body).toMatchObject({ code: expect.any(String), message: expect.stringContaining('Mixing') });
    const tooMany = await call('POST', `/batch_groups/${groupId}/jobs`, { tasks: tasks.activate(simIds(10_001)) });
    expect(tooMany.status).toBe(400);

    emulator.state.pause();
    try {
      const job = await call('POST', `/batch_groups/${groupId}/jobs`, { tasks: tasks.activate(simIds(3)) });
      expect(job.status).toBe(200);
      const again = await call('POST', `/batch_groups/${groupId}/jobs`, { tasks: tasks.activate(simIds(3, 3)) });
      expect(again.status).toBe(400);
      expect(again.body.message).toMatch(/already running a batch job with the same API/i);
      expect((await call('DELETE', `/batch_groups/${groupId}`)).status).toBe(400);
      emulator.state.injectFaults({ status: 429, operations: ['createBatchJob'], retryAfterSeconds: 3 });
      const limited = await call('POST', `/batch_groups/${groupId}/jobs`, { tasks: tasks.tags(simIds(1)) });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
    } finally {
      emulator.state.resume();
    }
    await emulator.state.whenIdle();
    expect((await call('DELETE', `/batch_groups/${groupId}`)).status).toBe(204);
    expect(violations).toEqual([]);
  });

  it('pages lists through the proxy, x-soracom-next-key and all', async () => {
    const call = viaProxy();
    violations.length = 0;
    const groupId = await newGroup(call);
    const created = await call('POST', `/batch_groups/${groupId}/jobs`, { tasks: tasks.tags(simIds(5)) });
    await emulator.state.whenIdle();
    const first = await call('GET', `/batch_groups/${groupId}/jobs/${created.body.jobId}/tasks?limit=2&status=success`);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    const key = first.headers.get('x-soracom-next-key');
    expect(key).toBeTruthy();
    const second = await call(
      'GET',
      `/batch_groups/${groupId}/jobs/${created.body.jobId}/tasks?limit=2&last_evaluated_key=${key}`,
    );
    expect(second.body.map((t: { taskId: number }) => t.taskId)).toEqual([3, 4]);
    expect(violations).toEqual([]);
  });

  it('is called without /v1: Prism joins the upstream path (/v1) and the request path, and does not route /v1/...', async () => {
    const call = api(proxy.url, demoAuth(emulator));
    const before = emulator.state.requests().length;
    expect((await call('GET', '/batch_groups?limit=1')).status).toBe(200);
    const forwarded = emulator.state.requests().slice(before);
    expect(forwarded.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/batch_groups']);
    const doubled = await call('GET', '/v1/batch_groups');
    expect(doubled.status).toBe(404);
    expect(doubled.body).toMatchObject({ type: expect.stringContaining('NO_PATH_MATCHED') });
    expect(emulator.state.requests().length).toBe(before + 1);
  });

  it('needs the strict check: Prism --errors lets an undeclared 5xx through with only a Warning', async () => {
    // Rate limits and gateway errors can hit every path, but only createBatchJob declares 429 and no
    // operation declares 5xx; Prism passes them on and flags them, which the checks above would catch.
    emulator.state.injectFaults({ status: 503, operations: ['getBatchGroup'] });
    const answer = await api(proxy.url, demoAuth(emulator))('GET', '/batch_groups/anything');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('sl-violations')).toContain('"severity":"Warning"');
  });

  it('lets Prism answer 401 itself when a credential header is missing, before the emulator sees it', async () => {
    const before = emulator.state.requests().length;
    const answer = await api(proxy.url, null)('GET', '/batch_groups', undefined, {
      'X-Soracom-API-Key': 'only-the-key',
    });
    expect(answer.status).toBe(401);
    expect(emulator.state.requests().length).toBe(before);
  });

  it("passes the emulator's 401 for an expired token through as a declared answer", async () => {
    const call = viaProxy();
    violations.length = 0;
    emulator.state.expireTokens();
    expect((await call('GET', '/batch_groups')).status).toBe(401);
    expect(violations).toEqual([]);
  });
});

/**
 * A forwarder between Prism and the emulator that takes a field out of the emulator's JSON answers, as an
 * emulator that forgot it would: the proof that the checks above would catch such an emulator.
 */
type Tamper = { url: string; omit: ((body: any) => void) | undefined; close(): Promise<void> };

async function startTamper(upstream: string): Promise<Tamper> {
  const target = new URL(upstream);
  const tamper: Tamper = { url: '', omit: undefined, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          if (tamper.omit && String(headers['content-type']).includes('json') && body.length > 0) {
            const json = JSON.parse(body.toString('utf8'));
            tamper.omit(json);
            body = Buffer.from(JSON.stringify(json));
            headers['content-length'] = String(body.length);
          }
          res.writeHead(answer.statusCode ?? 502, headers).end(body);
        });
      },
    );
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tamper.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  tamper.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return tamper;
}

describe('emulator through prism proxy: an answer without an always-returned field fails', () => {
  // An emulator of its own: the blocks above expire the shared one's tokens.
  let own: BatchEmulator;
  let tamper: Tamper;
  let corrected: PrismServer;
  let published: PrismServer;

  beforeAll(async () => {
    own = await startBatchEmulator({ sims: 2 });
    tamper = await startTamper(own.baseUrl);
    [corrected, published] = await Promise.all([
      startPrism({ spec: fromRoot('generated', 'openapi', 'batch.yaml'), mode: 'proxy', upstream: tamper.url }),
      startPrism({ spec: fromRoot('openapi', 'batch.yaml'), mode: 'proxy', upstream: tamper.url }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([corrected?.stop(), published?.stop()]);
    await tamper?.close();
    await own?.close();
  });

  /** Takes the field out of one answer (an object, or each item of a list). */
  const without = (field: (item: any) => void) => (body: any) => {
    for (const item of Array.isArray(body) ? body : [body]) field(item);
  };
  const omissions: Array<[what: string, omit: (body: any) => void, answer: 'group' | 'job' | 'tasks']> = [
    ['a group without batchGroupId', without((group) => delete group.batchGroupId), 'group'],
    ['a job without status', without((job) => delete job.status), 'job'],
    ['a job summary without its error count', without((job) => delete job.summary.error), 'job'],
    ['a task without taskId', without((task) => delete task.taskId), 'tasks'],
    ['a task answer without statusCode', without((task) => delete task.response.statusCode), 'tasks'],
  ];

  it.each(omissions)(
    '%s: refused (500, an Error violation) by the corrected spec, let through by the published one',
    async (_, omit, answer) => {
      const groupId = await newGroup(api(corrected.url, demoAuth(own)));
      const created = await api(corrected.url, demoAuth(own))('POST', `/batch_groups/${groupId}/jobs`, {
        tasks: tasks.activate(own.state.sims().map((sim) => sim.simId)),
      });
      expect(created.status).toBe(200);
      await own.state.whenIdle();
      const path = {
        group: `/batch_groups/${groupId}`,
        job: `/batch_groups/${groupId}/jobs/${created.body.jobId}`,
        tasks: `/batch_groups/${groupId}/jobs/${created.body.jobId}/tasks`,
      }[answer];
      tamper.omit = omit;
      try {
        const refused = await api(corrected.url, demoAuth(own))('GET', path);
        expect(refused.status).toBe(500);
        expect(refused.headers.get('sl-violations')).toContain('"severity":"Error"');
        expect(refused.headers.get('sl-violations')).toContain('must have required property');
        const passed = await api(published.url, demoAuth(own))('GET', path);
        expect(passed.status).toBe(200);
      } finally {
        tamper.omit = undefined;
      }
    },
  );
});
