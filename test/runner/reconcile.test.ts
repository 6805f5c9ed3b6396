/**
 * Reconciling a stream with the ledger before anything is sent (src/runner/reconcile.ts): which
 * generation a run is, with which plan, which chunks have jobs, what the cache may add, and until when a
 * stopped run's create may still land. The ledger here is built from markers, as the group would hold it.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import { BatchValidationError } from '../../src/index.js';
import { retryIdentity } from '../../src/runner/identity.js';
import { generationsOf, type LedgerJob } from '../../src/runner/ledger.js';
import type { Marker } from '../../src/runner/plan.js';
import { markHandedOver, reconcileStream, type StreamRequest } from '../../src/runner/reconcile.js';
import { initialStreamState, type StreamState } from '../../src/runner/run-state.js';
import type { Survey } from '../../src/runner/sources.js';

type BatchJob = components['schemas']['BatchJobResponse'];

const ID = '0123456789abcdef';
const TASKS = 25;
const SETTLE = 90_000;

/** A survey of 25 tasks in chunks of `size`: each chunk's fingerprint names its size and place. */
function surveyOf(size: number): Survey {
  const chunkFingerprints: string[] = [];
  for (let start = 0, i = 0; start < TASKS; start += size, i++) {
    chunkFingerprints.push(`${Math.min(size, TASKS - start)}:${(size * 256 + i).toString(16).padStart(8, '0')}`);
  }
  return { action: 'activateSim', taskCount: TASKS, chunkFingerprints, fingerprint: '25:0000abcd', identity: ID };
}

function request(chunkSize = 10, chunkSizeGiven = false, path = 'runTasks') {
  const asked: number[] = [];
  const req: StreamRequest = {
    names: { path, tasks: `${path}.tasks` },
    given: { stage: 0, chunkSize, chunkSizeGiven, jobName: 'June', description: 'activation' },
    surveyAt: async (size) => {
      asked.push(size);
      return surveyOf(size);
    },
    survey: surveyOf(chunkSize),
  };
  return { req, asked };
}

/** A job of chunk `chunk` of generation `gen` planned in chunks of `size`, as the group lists it. */
function ledgerJob(
  jobId: string,
  where: { gen?: number; chunk: number; size?: number; after?: string; count?: number },
  job: Partial<BatchJob> = {},
): LedgerJob {
  const size = where.size ?? 10;
  const survey = surveyOf(size);
  const own = survey.chunkFingerprints[where.chunk] as string;
  const marker: Marker = {
    id: ID,
    gen: where.gen ?? 1,
    chunk: where.chunk,
    chunkCount: survey.chunkFingerprints.length,
    size,
    fingerprint: where.after === undefined ? own : `${where.count ?? 1}:00000001`,
    ...(where.after !== undefined ? { after: where.after } : {}),
  };
  const taskCount = Number(marker.fingerprint.split(':')[0]);
  return {
    job: {
      jobId,
      batchGroupId: 'g',
      status: 'completed',
      createdTime: 1_000,
      updatedTime: 1_000,
      summary: { success: taskCount, error: 0, pending: 0 },
      ...job,
    },
    marker,
  };
}

async function reconcile(
  ledger: LedgerJob[],
  options: { again?: boolean; cache?: StreamState; req?: StreamRequest } = {},
) {
  const req = options.req ?? request().req;
  return reconcileStream(req, ledger, generationsOf(ledger, ID), options.cache, {
    again: options.again ?? false,
    againName: 'runTasks.again',
    settleWindowMs: SETTLE,
  });
}

const statuses = (state: StreamState) => state.chunks.map((c) => c.status);

describe('reconcileStream: which generation, with which plan', () => {
  it('no job of these tasks: generation 1, the caller’s plan, nothing to wait for', async () => {
    const { req, asked } = request(10);
    const r = await reconcile([], { req });
    expect(r.state).toEqual(initialStreamState(req.given, req.survey, 1));
    expect(r.survey).toBe(req.survey);
    expect(r.finished).toBeUndefined();
    expect(r.quietUntil).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('an unfinished generation is resumed with the plan its markers give, not the caller’s default', async () => {
    const { req, asked } = request(10);
    const ledger = [ledgerJob('a', { chunk: 0, size: 5 }, { finishedTime: 1_100 })];
    const r = await reconcile(ledger, { req });
    expect(asked).toEqual([5]);
    expect(r.state.chunkSize).toBe(5);
    expect(r.state.generation).toBe(1);
    expect(statuses(r.state)).toEqual(['finished', 'planned', 'planned', 'planned', 'planned']);
    expect(r.state.chunks[0]?.jobs.map((j) => j.jobId)).toEqual(['a']);
    expect(r.finished).toBeUndefined();
  });

  it('refuses an explicit chunk size other than the unfinished run’s, naming the one to pass', async () => {
    const ledger = [ledgerJob('a', { chunk: 0, size: 5 })];
    const given = request(10, true).req;
    await expect(reconcile(ledger, { req: given })).rejects.toThrow(
      'runTasks.chunkSize must be 5, or left out: the unfinished run of these tasks in this batch group (generation 1) has chunks of 5',
    );
    const staged = request(10, true, 'runPlan.stages[1][0]').req;
    await expect(reconcile(ledger, { req: staged })).rejects.toThrow(/^runPlan\.stages\[1\]\[0\]\.chunkSize must be 5/);
    const same = request(5, true).req;
    await expect(reconcile(ledger, { req: same })).resolves.toMatchObject({ state: { chunkSize: 5 } });
  });

  it('a finished generation is reported finished; with again, the next generation starts with the caller’s plan', async () => {
    const ledger = [
      ledgerJob('a', { chunk: 0, size: 5 }),
      ...[1, 2, 3, 4].map((chunk) => ledgerJob(`c${chunk}`, { chunk, size: 5 })),
    ];
    const done = await reconcile(ledger);
    expect(done.finished?.gen).toBe(1);
    expect(done.finished?.jobs.map((j) => j.job.jobId).sort()).toEqual(['a', 'c1', 'c2', 'c3', 'c4']);
    expect(statuses(done.state).every((s) => s === 'finished')).toBe(true);

    const { req } = request(10);
    const again = await reconcile(ledger, { again: true, req });
    expect(again.state).toEqual(initialStreamState(req.given, req.survey, 2));
    expect(again.survey).toBe(req.survey);
    expect(again.finished?.gen).toBe(1);
    expect(again.finished?.jobs).toHaveLength(5);
    expect(again.quietUntil).toBeUndefined();
  });

  it('refuses again while the latest generation has not finished', async () => {
    const ledger = [ledgerJob('a', { chunk: 0 })];
    const error = await reconcile(ledger, { again: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    expect((error as Error).message).toBe(
      'runTasks.again cannot start these tasks again: their run in this batch group (generation 1) has not finished; run without again to finish it',
    );
  });

  it('the latest generation decides: a finished first and an unfinished second resume the second', async () => {
    const first = [0, 1, 2].map((chunk) => ledgerJob(`g1-${chunk}`, { chunk }));
    const second = ledgerJob('g2-0', { gen: 2, chunk: 0 });
    const r = await reconcile([...first, second]);
    expect(r.state.generation).toBe(2);
    expect(r.finished).toBeUndefined();
    expect(statuses(r.state)).toEqual(['finished', 'planned', 'planned']);
  });

  it('refuses tasks that do not make the generation’s chunks, or whose chunk holds other tasks', async () => {
    const wrongCount: LedgerJob = { ...ledgerJob('a', { chunk: 0 }) };
    wrongCount.marker = { ...wrongCount.marker, chunkCount: 4 };
    await expect(reconcile([wrongCount])).rejects.toThrow(
      'runTasks.tasks must be the tasks of the run whose jobs the batch group holds: its generation 1 has 4 chunk(s) of 10, these tasks make 3',
    );
    const otherTasks: LedgerJob = { ...ledgerJob('a', { chunk: 1 }) };
    otherTasks.marker = { ...otherTasks.marker, fingerprint: '10:deadbeef' };
    await expect(reconcile([otherTasks])).rejects.toThrow(
      'job a (generation 1, chunk 2) holds other tasks than this chunk',
    );
    // A job that ran the rest of an aborted one has its own fingerprint: not compared with the chunk's.
    const aborted = ledgerJob('a', { chunk: 0 }, { status: 'aborted', summary: { success: 7, error: 0, pending: 3 } });
    const rest = ledgerJob('b', { chunk: 0, after: 'a', count: 3 }, { createdTime: 1_001 });
    const r = await reconcile([aborted, rest]);
    expect(r.state.chunks[0]?.jobs.map((j) => [j.jobId, j.taskCount])).toEqual([
      ['a', 10],
      ['b', 3],
    ]);
  });
});

describe('reconcileStream: what the cache adds', () => {
  it('a generation only the cache knows (its first create was in flight): resumed with the cache’s plan and create', async () => {
    const { req, asked } = request(10);
    const cache = initialStreamState({ stage: 0, chunkSize: 5 }, surveyOf(5), 1);
    cache.chunks[0] = {
      ...(cache.chunks[0] as StreamState['chunks'][number]),
      status: 'sending',
      sending: { sentAt: 42 },
    };
    const r = await reconcile([], { req, cache });
    expect(asked).toEqual([5]);
    expect(r.state.generation).toBe(1);
    expect(r.state.chunkSize).toBe(5);
    expect(r.state.jobName).toBe('June');
    expect(r.state.chunks[0]?.sending).toEqual({ sentAt: 42 });
    expect(statuses(r.state)).toEqual(['sending', 'planned', 'planned', 'planned', 'planned']);
    expect(r.finished).toBeUndefined();

    // The cache of a generation the ledger has already: the ledger's plan is taken.
    const ledger = [ledgerJob('a', { chunk: 0 })];
    const stale = await reconcile(ledger, { cache });
    expect(stale.state.chunkSize).toBe(10);
  });

  it('a create in flight the ledger does not show yet is kept; one the ledger shows is settled', async () => {
    const ledger = [ledgerJob('a', { chunk: 0 }, { finishedTime: 1_050 })];
    const cache = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    (cache.chunks[1] as StreamState['chunks'][number]).sending = { sentAt: 7 };
    const r = await reconcile(ledger, { cache });
    expect(statuses(r.state)).toEqual(['finished', 'sending', 'planned']);
    expect(r.state.chunks[1]?.sending).toEqual({ sentAt: 7 });
    expect(r.quietUntil).toBeUndefined();

    (cache.chunks[0] as StreamState['chunks'][number]).sending = { sentAt: 5 };
    const settled = await reconcile(ledger, { cache });
    expect(settled.state.chunks[0]).not.toHaveProperty('sending');
  });

  it('a summary the cache counted is taken when the ledger’s does not add up, never over one that does', async () => {
    const ledger = [
      ledgerJob('a', { chunk: 0 }, { summary: { success: 4, error: 0, pending: 0 } }),
      ledgerJob('b', { chunk: 1 }, { summary: { success: 10, error: 0, pending: 0 } }),
    ];
    const cache = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    const counted = { success: 9, error: 1, pending: 0 };
    cache.chunks[0]?.jobs.push({ jobId: 'a', status: 'completed', taskCount: 10, summary: counted });
    cache.chunks[1]?.jobs.push({ jobId: 'b', status: 'completed', taskCount: 10, summary: counted });
    const r = await reconcile(ledger, { cache });
    expect(r.state.chunks[0]?.jobs[0]?.summary).toEqual(counted);
    expect(r.state.chunks[1]?.jobs[0]?.summary).toEqual({ success: 10, error: 0, pending: 0 });
    expect(statuses(r.state)).toEqual(['finished', 'finished', 'planned']);

    const wrong = { success: 3, error: 0, pending: 0 };
    const badCache = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    badCache.chunks[0]?.jobs.push({ jobId: 'a', status: 'completed', taskCount: 10, summary: wrong });
    const kept = await reconcile(ledger, { cache: badCache });
    expect(kept.state.chunks[0]?.jobs[0]?.summary).toEqual({ success: 4, error: 0, pending: 0 });
    expect(kept.state.chunks[0]?.status).toBe('running');
  });

  it('ignores a cache of another generation, chunk size or chunk', async () => {
    const ledger = [ledgerJob('a', { chunk: 0 }, { summary: { success: 4, error: 0, pending: 0 } })];
    const counted = { success: 10, error: 0, pending: 0 };
    const variants = [
      initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 0),
      { ...initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1), chunkSize: 11 },
    ];
    const otherChunk = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    (otherChunk.chunks[0] as StreamState['chunks'][number]).fingerprint = '10:ffffffff';
    variants.push(otherChunk);
    for (const cache of variants) {
      cache.chunks[0]?.jobs.push({ jobId: 'a', status: 'completed', taskCount: 10, summary: counted });
      (cache.chunks[1] as StreamState['chunks'][number]).sending = { sentAt: 1 };
      const r = await reconcile(ledger, { cache });
      expect(r.state.chunks[0]?.jobs[0]?.summary).toEqual({ success: 4, error: 0, pending: 0 });
      if (cache !== otherChunk) expect(r.state.chunks[1]?.sending).toBeUndefined();
    }
  });
});

describe('reconcileStream: until when a stopped run’s create may land', () => {
  it('the settle window after the last activity before the next chunk to send: its end, or its creation', async () => {
    const ended = await reconcile([ledgerJob('a', { chunk: 0 }, { createdTime: 1_000, finishedTime: 1_060 })]);
    expect(ended.quietUntil).toBe(1_060_000 + SETTLE);
    expect(ended.state.seenActivity).toBe(1_060_000);

    const created = ledgerJob('a', { chunk: 0 }, { createdTime: 1_000 });
    created.job.finishedTime = undefined;
    const r = await reconcile([created]);
    expect(r.quietUntil).toBe(1_000_000 + SETTLE);
    expect(r.state.seenActivity).toBe(1_000_000);
  });

  it('an interrupted chunk waits after its own aborted job', async () => {
    const aborted = ledgerJob(
      'a',
      { chunk: 0 },
      { status: 'aborted', summary: { success: 7, error: 0, pending: 3 }, createdTime: 1_000, finishedTime: 1_030 },
    );
    const r = await reconcile([aborted]);
    expect(statuses(r.state)[0]).toBe('interrupted');
    expect(r.quietUntil).toBe(1_030_000 + SETTLE);
  });

  it('nothing to wait for: a chunk still running, nothing done before the first chunk, or every chunk finished', async () => {
    const running = ledgerJob('a', { chunk: 0 }, { status: 'running', summary: { success: 1, error: 0, pending: 9 } });
    expect((await reconcile([running])).quietUntil).toBeUndefined();
    const laterChunk = ledgerJob('b', { chunk: 1 }, { createdTime: 2_000, finishedTime: 2_010 });
    expect((await reconcile([laterChunk])).quietUntil).toBeUndefined();
  });

  it('a cache that saw the last activity and sent nothing after it spares the wait', async () => {
    const ledger = [ledgerJob('a', { chunk: 0 }, { createdTime: 1_000, finishedTime: 1_060 })];
    const cache = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    cache.seenActivity = 1_060_000;
    expect((await reconcile(ledger, { cache })).quietUntil).toBeUndefined();
    cache.seenActivity = 1_059_999;
    expect((await reconcile(ledger, { cache })).quietUntil).toBe(1_060_000 + SETTLE);
    cache.seenActivity = 1_070_000;
    expect((await reconcile(ledger, { cache: { ...cache, generation: 0 } })).quietUntil).toBe(1_060_000 + SETTLE);
    expect((await reconcile(ledger, { cache: { ...cache, seenActivity: undefined } })).quietUntil).toBe(
      1_060_000 + SETTLE,
    );
  });

  it('seenActivity keeps the latest of the cache’s and the ledger’s', async () => {
    const ledger = [ledgerJob('a', { chunk: 0 }, { createdTime: 1_000, finishedTime: 1_060 })];
    const cache = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    cache.seenActivity = 9_000_000;
    expect((await reconcile(ledger, { cache })).state.seenActivity).toBe(1_060_000);
  });
});

describe('markHandedOver', () => {
  it('marks an interrupted chunk handed over to the retry of its aborted job, and nothing else', () => {
    const state = initialStreamState({ stage: 0, chunkSize: 10 }, surveyOf(10), 1);
    const [c0, c1, c2] = state.chunks as [
      StreamState['chunks'][number],
      StreamState['chunks'][number],
      StreamState['chunks'][number],
    ];
    c0.jobs.push({ jobId: 'a0', status: 'aborted', taskCount: 10, summary: { success: 7, error: 0, pending: 3 } });
    c1.jobs.push({ jobId: 'a1', status: 'aborted', taskCount: 10, summary: { success: 7, error: 0, pending: 3 } });
    c2.jobs.push({ jobId: 'f2', status: 'failed', taskCount: 5, summary: { success: 4, error: 1, pending: 0 } });
    const retryOf = (jobId: string): LedgerJob => ({
      job: { jobId: `retry-of-${jobId}`, batchGroupId: 'g', status: 'completed', createdTime: 1, updatedTime: 1 },
      marker: { id: retryIdentity(jobId), gen: 1, chunk: 0, chunkCount: 1, size: 10, fingerprint: '3:00000000' },
    });
    markHandedOver(state, [retryOf('a0'), retryOf('f2')]);
    expect(c0.handedTo).toBe('retry-of-a0');
    expect(c0.status).toBe('finished');
    expect(c1.handedTo).toBeUndefined();
    expect(c2.handedTo).toBeUndefined();
  });
});
