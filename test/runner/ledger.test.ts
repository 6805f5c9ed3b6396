/**
 * The ledger (src/runner/ledger.ts): the batch group's jobs read through their markers, grouped into
 * each stream's generations and chunks, and the server's clock taken from the answers' `Date` headers.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import type { RunnerClient } from '../../src/runner/api.js';
import {
  activityOf,
  generationsOf,
  jobsAfter,
  type LedgerJob,
  readLedger,
  ServerClock,
} from '../../src/runner/ledger.js';
import { formatMarker, type Marker } from '../../src/runner/plan.js';

type BatchJob = components['schemas']['BatchJobResponse'];

const ID = '0123456789abcdef';
const OTHER = 'fedcba9876543210';

function entry(jobId: string, m: Partial<Marker>, job: Partial<BatchJob> = {}): LedgerJob {
  const marker: Marker = { id: ID, gen: 1, chunk: 0, chunkCount: 2, size: 10, fingerprint: '10:00000000', ...m };
  return {
    job: { jobId, batchGroupId: 'g', status: 'completed', createdTime: 100, updatedTime: 100, ...job },
    marker,
  };
}

describe('ServerClock', () => {
  const answer = (date?: string) => new Response(null, date === undefined ? {} : { headers: { date } });

  it('is the local clock until an answer tells the server’s time', () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local);
    expect(clock.now()).toBe(1_000_000);
    clock.observe(answer());
    expect(clock.now()).toBe(1_000_000);
    local += 250;
    expect(clock.now()).toBe(1_000_250);
  });

  it('takes the Date header’s second, at its middle, and moves with the local clock from there', () => {
    let local = 5_000;
    const clock = new ServerClock(() => local);
    const date = Date.UTC(2026, 0, 2, 3, 4, 5);
    clock.observe(answer(new Date(date).toUTCString()));
    expect(clock.now()).toBe(date + 500);
    local += 2_000;
    expect(clock.now()).toBe(date + 2_500);
  });

  it('keeps what it knew when a later answer has no Date, or one it cannot read', () => {
    let local = 0;
    const clock = new ServerClock(() => local);
    const date = Date.UTC(2026, 5, 1);
    clock.observe(answer(new Date(date).toUTCString()));
    local = 1_000;
    clock.observe(answer());
    clock.observe(answer('not a date'));
    expect(clock.now()).toBe(date + 1_500);
  });

  it('reads Date.now by default', () => {
    const clock = new ServerClock();
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('readLedger', () => {
  it('walks every page of the group’s jobs, keeps the marked ones, and sets the clock from each page', async () => {
    const marked = (id: string, chunk: number) => ({
      jobId: id,
      batchGroupId: 'g',
      status: 'completed' as const,
      createdTime: 1,
      updatedTime: 1,
      description: `June ${formatMarker({ id: ID, gen: 1, chunk, chunkCount: 2, size: 10, fingerprint: '10:00000000' })}`,
    });
    const dates = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2)];
    const pages = [
      {
        items: [marked('a', 0), { ...marked('x', 0), description: 'by hand' }],
        response: new Response(null, { headers: { date: new Date(dates[0] as number).toUTCString() } }),
      },
      {
        items: [{ ...marked('y', 0), description: undefined }, marked('b', 1)],
        response: new Response(null, { headers: { date: new Date(dates[1] as number).toUTCString() } }),
      },
    ];
    const asked: unknown[] = [];
    const api = {
      listBatchJobs: (params: unknown, options: unknown) => {
        asked.push(params, options);
        return {
          pages: async function* () {
            yield* pages;
          },
        };
      },
    } as unknown as RunnerClient;
    const clock = new ServerClock(() => 0);
    const signal = new AbortController().signal;
    const ledger = await readLedger(api, 'group-1', clock, { signal });
    expect(ledger.map((e) => [e.job.jobId, e.marker.chunk])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(asked).toEqual([{ batch_group_id: 'group-1' }, { signal }]);
    expect(clock.now()).toBe((dates[1] as number) + 500);
  });
});

describe('generationsOf', () => {
  it('groups one stream’s jobs by generation and chunk, oldest generation first, other streams left out', () => {
    const ledger = [
      entry('g2c0', { gen: 2, chunkCount: 1, size: 20 }, { createdTime: 300 }),
      entry('g1c1', { chunk: 1 }, { createdTime: 200 }),
      entry('other', { id: OTHER }),
      entry('g1c0', { chunk: 0 }, { createdTime: 100 }),
    ];
    const gens = generationsOf(ledger, ID);
    expect(gens.map((g) => [g.gen, g.size, g.chunkCount])).toEqual([
      [1, 10, 2],
      [2, 20, 1],
    ]);
    expect([...(gens[0]?.chunks.entries() ?? [])].map(([k, jobs]) => [k, jobs.map((j) => j.job.jobId)])).toEqual([
      [1, ['g1c1']],
      [0, ['g1c0']],
    ]);
    expect(generationsOf(ledger, 'aaaaaaaaaaaaaaaa')).toEqual([]);
  });

  it('keeps the plan of a generation’s first job and drops a job of the same generation with another plan', () => {
    const ledger = [
      entry('first', { chunk: 0 }),
      entry('other-size', { chunk: 1, size: 5 }),
      entry('other-count', { chunk: 1, chunkCount: 3 }),
      entry('second', { chunk: 1 }),
    ];
    const [gen] = generationsOf(ledger, ID);
    expect(gen?.size).toBe(10);
    expect(gen?.chunkCount).toBe(2);
    expect([...(gen?.chunks.values() ?? [])].flat().map((j) => j.job.jobId)).toEqual(['first', 'second']);
  });

  it('orders a chunk’s jobs by creation; at the same second the chunk’s own job comes before the rest of it', () => {
    const ledger = [
      entry('rest-2', { after: 'rest-1', fingerprint: '2:00000000' }, { createdTime: 300 }),
      entry('rest-1', { after: 'own', fingerprint: '5:00000000' }, { createdTime: 200 }),
      entry('own', {}, { createdTime: 200 }),
    ];
    const jobs = generationsOf(ledger, ID)[0]
      ?.chunks.get(0)
      ?.map((j) => j.job.jobId);
    expect(jobs).toEqual(['own', 'rest-1', 'rest-2']);
    const reversed = generationsOf([...ledger].reverse(), ID)[0]
      ?.chunks.get(0)
      ?.map((j) => j.job.jobId);
    expect(reversed).toEqual(['own', 'rest-1', 'rest-2']);
  });
});

describe('activityOf and jobsAfter', () => {
  it('a job’s last activity is its end, or its creation while it runs, in ms', () => {
    const job = entry('a', {}, { createdTime: 100, finishedTime: 160 }).job;
    expect(activityOf(job)).toBe(160_000);
    expect(activityOf({ ...job, finishedTime: undefined })).toBe(100_000);
  });

  it('finds the jobs that ran what a job left', () => {
    const ledger = [entry('own', {}), entry('rest', { after: 'own' }), entry('rest-of-other', { after: 'x' })];
    expect(jobsAfter(ledger, 'own').map((e) => e.job.jobId)).toEqual(['rest']);
    expect(jobsAfter(ledger, 'rest')).toEqual([]);
  });
});
