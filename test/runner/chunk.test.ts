/**
 * A chunk's life as named moves (src/runner/chunk.ts), without a server: the status is always derived
 * from the chunk's jobs, so each test builds the jobs the server would have answered and checks what the
 * chunk becomes. The exactly-once rules these pin: a job is finished only when its summary accounts for
 * every task and none is pending; an aborted job's never-run tasks are work still to do until a retry
 * takes them over; a create in flight keeps the chunk `sending` until its job is known.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import {
  adopt,
  type ChunkJob,
  type ChunkState,
  chunkDone,
  counted,
  created,
  handOver,
  isChunkFinished,
  neverRun,
  notCreated,
  polled,
  send,
  statusOf,
  summaryAddsUp,
} from '../../src/runner/chunk.js';

type BatchJob = components['schemas']['BatchJobResponse'];
type Summary = components['schemas']['BatchJobSummary'];

function apiJob(jobId: string, fields: Partial<BatchJob> = {}): BatchJob {
  return {
    jobId,
    batchGroupId: 'g',
    status: 'running',
    createdTime: 1_700_000_000,
    updatedTime: 1_700_000_000,
    ...fields,
  };
}

function chunkWith(jobs: ChunkJob[] = [], extra: Partial<ChunkState> = {}): ChunkState {
  return { index: 2, start: 20, end: 30, fingerprint: '10:00000000', status: 'planned', jobs, ...extra };
}

function ended(status: ChunkJob['status'], summary: Summary, taskCount = 10): ChunkJob {
  return { jobId: `j-${status}`, status, taskCount, summary };
}

describe('summaryAddsUp', () => {
  it('holds only when success, error and pending add up to the task count', () => {
    expect(summaryAddsUp({ success: 7, error: 2, pending: 1 }, 10)).toBe(true);
    expect(summaryAddsUp({ success: 7, error: 2, pending: 0 }, 10)).toBe(false);
    expect(summaryAddsUp({ success: 7, error: 2, pending: 2 }, 10)).toBe(false);
    expect(summaryAddsUp(undefined, 0)).toBe(false);
  });

  it('counts a summary without pending as none pending, and refuses one without success or error', () => {
    expect(summaryAddsUp({ success: 8, error: 2 } as Summary, 10)).toBe(true);
    expect(summaryAddsUp({ error: 10, pending: 0 } as Summary, 10)).toBe(false);
    expect(summaryAddsUp({ success: 10, pending: 0 } as Summary, 10)).toBe(false);
    expect(summaryAddsUp({ success: '8', error: 2, pending: 0 } as unknown as Summary, 10)).toBe(false);
    expect(summaryAddsUp({ success: 8, error: '2', pending: 0 } as unknown as Summary, 10)).toBe(false);
  });
});

describe('statusOf', () => {
  it('is planned without a job, sending while a create is in flight (whatever the jobs say)', () => {
    expect(statusOf(chunkWith())).toBe('planned');
    expect(statusOf(chunkWith([], { sending: { sentAt: 1 } }))).toBe('sending');
    const done = ended('completed', { success: 10, error: 0, pending: 0 });
    expect(statusOf(chunkWith([done], { sending: { sentAt: 1 } }))).toBe('sending');
  });

  it('is running while the last job runs, or ended with a summary that does not account for every task', () => {
    expect(statusOf(chunkWith([{ jobId: 'a', status: 'running', taskCount: 10 }]))).toBe('running');
    expect(statusOf(chunkWith([{ jobId: 'a', status: 'pending', taskCount: 10 }]))).toBe('running');
    expect(statusOf(chunkWith([{ jobId: 'a', status: 'completed', taskCount: 10 }]))).toBe('running');
    expect(statusOf(chunkWith([ended('completed', { success: 9, error: 0, pending: 0 })]))).toBe('running');
  });

  it('is finished when the last job ended with every task run, succeeded or failed', () => {
    expect(statusOf(chunkWith([ended('completed', { success: 10, error: 0, pending: 0 })]))).toBe('finished');
    expect(statusOf(chunkWith([ended('failed', { success: 6, error: 4, pending: 0 })]))).toBe('finished');
    expect(statusOf(chunkWith([ended('aborted', { success: 6, error: 4, pending: 0 })]))).toBe('finished');
    expect(isChunkFinished(chunkWith([ended('failed', { success: 6, error: 4, pending: 0 })]))).toBe(true);
  });

  it('is running, not finished, when the server says completed or failed with tasks still pending', () => {
    expect(statusOf(chunkWith([ended('completed', { success: 8, error: 0, pending: 2 })]))).toBe('running');
    expect(statusOf(chunkWith([ended('failed', { success: 6, error: 2, pending: 2 })]))).toBe('running');
  });

  it('is interrupted when an aborted job left tasks never run, finished once a retry took them over', () => {
    const aborted = ended('aborted', { success: 6, error: 1, pending: 3 });
    expect(statusOf(chunkWith([aborted]))).toBe('interrupted');
    expect(isChunkFinished(chunkWith([aborted]))).toBe(false);
    expect(statusOf(chunkWith([aborted], { handedTo: 'retry-1' }))).toBe('finished');
  });

  it('looks at the last job only: a job that ran the rest decides', () => {
    const aborted = ended('aborted', { success: 6, error: 1, pending: 3 }, 10);
    const rest: ChunkJob = { jobId: 'rest', status: 'running', taskCount: 3, after: aborted.jobId };
    expect(statusOf(chunkWith([aborted, rest]))).toBe('running');
    rest.status = 'completed';
    rest.summary = { success: 3, error: 0, pending: 0 };
    expect(statusOf(chunkWith([aborted, rest]))).toBe('finished');
  });
});

describe('neverRun', () => {
  it('is the pending count of an aborted last job whose summary adds up, and 0 otherwise', () => {
    expect(neverRun(chunkWith([ended('aborted', { success: 6, error: 1, pending: 3 })]))).toBe(3);
    expect(neverRun(chunkWith([ended('failed', { success: 6, error: 1, pending: 3 })]))).toBe(0);
    expect(neverRun(chunkWith([ended('aborted', { success: 6, error: 1, pending: 2 })]))).toBe(0);
    expect(neverRun(chunkWith([{ jobId: 'a', status: 'aborted', taskCount: 10 }]))).toBe(0);
    expect(neverRun(chunkWith())).toBe(0);
  });

  it('counts the last job only', () => {
    const first = ended('aborted', { success: 0, error: 0, pending: 10 });
    const rest: ChunkJob = {
      jobId: 'rest',
      status: 'aborted',
      taskCount: 10,
      summary: { success: 6, error: 0, pending: 4 },
    };
    expect(neverRun(chunkWith([first, rest]))).toBe(4);
  });
});

describe('chunkDone', () => {
  it('adds what every job of the chunk ran; what a retry took over counts only once handed over', () => {
    const aborted = ended('aborted', { success: 5, error: 2, pending: 3 });
    expect(chunkDone(chunkWith([aborted]))).toEqual({ succeeded: 5, failed: 2, handedOver: 0 });
    expect(chunkDone(chunkWith([aborted], { handedTo: 'retry' }))).toEqual({ succeeded: 5, failed: 2, handedOver: 3 });
    const rest: ChunkJob = {
      jobId: 'rest',
      status: 'failed',
      taskCount: 3,
      summary: { success: 2, error: 1, pending: 0 },
    };
    expect(chunkDone(chunkWith([aborted, rest]))).toEqual({ succeeded: 7, failed: 3, handedOver: 0 });
  });

  it('counts a job without a summary as nothing run yet', () => {
    expect(chunkDone(chunkWith([{ jobId: 'a', status: 'running', taskCount: 10 }]))).toEqual({
      succeeded: 0,
      failed: 0,
      handedOver: 0,
    });
    expect(chunkDone(chunkWith([], { handedTo: 'retry' }))).toEqual({ succeeded: 0, failed: 0, handedOver: 0 });
  });
});

describe('the moves', () => {
  it('send → created → polled → finished, the stored status following each move', () => {
    const chunk = chunkWith();
    expect(send(chunk, 1_000)).toBe('sending');
    expect(chunk).toMatchObject({ status: 'sending', sending: { sentAt: 1_000 } });
    expect(chunk.sending).toEqual({ sentAt: 1_000 });

    const job = apiJob('j1', { status: 'pending', createdTime: 1_700_000_001 });
    expect(created(chunk, job, 10)).toBe('running');
    expect(chunk.sending).toBeUndefined();
    expect(chunk.status).toBe('running');
    expect(chunk.jobs).toEqual([{ jobId: 'j1', status: 'pending', taskCount: 10, createdTime: 1_700_000_001 }]);

    const summary = { success: 9, error: 1, pending: 0 };
    expect(polled(chunk, apiJob('j1', { status: 'failed', summary, finishedTime: 1_700_000_060 }))).toBe('finished');
    expect(chunk.status).toBe('finished');
    expect(chunk.jobs[0]).toMatchObject({ status: 'failed', summary, finishedTime: 1_700_000_060 });
  });

  it('send for an aborted job’s rest records which job, and created marks the new job after it', () => {
    const chunk = chunkWith([ended('aborted', { success: 7, error: 0, pending: 3 })]);
    expect(send(chunk, 5_000, 'j-aborted')).toBe('sending');
    expect(chunk.sending).toEqual({ sentAt: 5_000, after: 'j-aborted' });
    expect(created(chunk, apiJob('rest', { description: 'x' }), 3, 'j-aborted')).toBe('running');
    expect(chunk.jobs.at(-1)).toMatchObject({ jobId: 'rest', taskCount: 3, after: 'j-aborted' });
    expect(chunk.jobs.at(-1)).not.toHaveProperty('description');
  });

  it('notCreated forgets the create in flight: the chunk is planned again, or interrupted as before', () => {
    const chunk = chunkWith();
    send(chunk, 1);
    expect(notCreated(chunk)).toBe('planned');
    expect(chunk.status).toBe('planned');
    expect(chunk).not.toHaveProperty('sending');

    const interrupted = chunkWith([ended('aborted', { success: 7, error: 0, pending: 3 })]);
    send(interrupted, 1, 'j-aborted');
    expect(notCreated(interrupted)).toBe('interrupted');
  });

  it('created keeps the job’s summary and finish time when it has them, and leaves them out otherwise', () => {
    const chunk = chunkWith();
    const summary = { success: 10, error: 0, pending: 0 };
    expect(created(chunk, apiJob('j1', { status: 'completed', summary, finishedTime: 1_700_000_009 }), 10)).toBe(
      'finished',
    );
    expect(chunk.jobs[0]).toEqual({
      jobId: 'j1',
      status: 'completed',
      taskCount: 10,
      summary,
      createdTime: 1_700_000_000,
      finishedTime: 1_700_000_009,
    });
    const bare = chunkWith();
    created(bare, apiJob('j2'), 10);
    expect(Object.keys(bare.jobs[0] as ChunkJob).sort()).toEqual(['createdTime', 'jobId', 'status', 'taskCount']);
  });

  it('polled refuses an answer about a job that is not the chunk’s last, and keeps what a bare answer lacks', () => {
    const chunk = chunkWith();
    expect(() => polled(chunk, apiJob('j1'))).toThrow('job j1 is not the last job of chunk 2');
    created(chunk, apiJob('j1', { summary: { success: 3, error: 0, pending: 7 } }), 10);
    expect(() => polled(chunk, apiJob('other'))).toThrow('job other is not the last job of chunk 2');
    expect(polled(chunk, apiJob('j1', { status: 'running' }))).toBe('running');
    expect(chunk.jobs[0]?.summary).toEqual({ success: 3, error: 0, pending: 7 });
    expect(chunk.jobs[0]).not.toHaveProperty('finishedTime');
  });

  it('counted replaces the last job’s summary with the counted one', () => {
    const chunk = chunkWith([
      { jobId: 'a', status: 'completed', taskCount: 10, summary: { success: 4, error: 0, pending: 0 } },
    ]);
    expect(statusOf(chunk)).toBe('running');
    expect(counted(chunk, { success: 9, error: 1, pending: 0 })).toBe('finished');
    expect(chunk.jobs[0]?.summary).toEqual({ success: 9, error: 1, pending: 0 });
    expect(counted(chunkWith(), { success: 1, error: 0, pending: 0 })).toBe('planned');
  });

  it('handOver finishes an interrupted chunk and names the retry that took its never-run tasks', () => {
    const chunk = chunkWith([ended('aborted', { success: 7, error: 0, pending: 3 })]);
    expect(handOver(chunk, 'retry-9')).toBe('finished');
    expect(chunk).toMatchObject({ status: 'finished', handedTo: 'retry-9' });
  });
});

describe('adopt', () => {
  it('replaces the chunk’s jobs by the ledger’s, oldest first, each with its task count and after', () => {
    const chunk = chunkWith([{ jobId: 'stale', status: 'running', taskCount: 10 }]);
    const status = adopt(chunk, [
      { job: apiJob('a', { status: 'aborted', summary: { success: 7, error: 0, pending: 3 } }), taskCount: 10 },
      {
        job: apiJob('b', { status: 'completed', summary: { success: 3, error: 0, pending: 0 } }),
        taskCount: 3,
        after: 'a',
      },
    ]);
    expect(status).toBe('finished');
    expect(chunk.status).toBe('finished');
    expect(chunk.jobs.map((j) => [j.jobId, j.taskCount, j.after])).toEqual([
      ['a', 10, undefined],
      ['b', 3, 'a'],
    ]);
    expect(chunk.jobs[0]).not.toHaveProperty('after');
  });

  it('keeps a summary the chunk had seen when the ledger’s job has none, and prefers the ledger’s', () => {
    const seen = { success: 10, error: 0, pending: 0 };
    const chunk = chunkWith([{ jobId: 'a', status: 'completed', taskCount: 10, summary: seen }]);
    expect(adopt(chunk, [{ job: apiJob('a', { status: 'completed' }), taskCount: 10 }])).toBe('finished');
    expect(chunk.jobs[0]?.summary).toEqual(seen);

    const newer = { success: 6, error: 4, pending: 0 };
    adopt(chunk, [{ job: apiJob('a', { status: 'failed', summary: newer }), taskCount: 10 }]);
    expect(chunk.jobs[0]?.summary).toEqual(newer);

    const other = chunkWith([{ jobId: 'x', status: 'completed', taskCount: 10, summary: seen }]);
    expect(adopt(other, [{ job: apiJob('a', { status: 'completed' }), taskCount: 10 }])).toBe('running');
    expect(other.jobs[0]).not.toHaveProperty('summary');
  });

  it('settles a create in flight only with a job of the same after: its own job, or the rest of the aborted one', () => {
    const inFlight = chunkWith([], { sending: { sentAt: 1 } });
    expect(adopt(inFlight, [])).toBe('sending');
    expect(adopt(inFlight, [{ job: apiJob('a'), taskCount: 10 }])).toBe('running');
    expect(inFlight).not.toHaveProperty('sending');

    const aborted = apiJob('a', { status: 'aborted', summary: { success: 7, error: 0, pending: 3 } });
    const rest = chunkWith([], { sending: { sentAt: 1, after: 'a' } });
    expect(adopt(rest, [{ job: aborted, taskCount: 10 }])).toBe('sending');
    expect(rest.sending).toEqual({ sentAt: 1, after: 'a' });
    expect(
      adopt(rest, [
        { job: aborted, taskCount: 10 },
        { job: apiJob('b'), taskCount: 3, after: 'a' },
      ]),
    ).toBe('running');
    expect(rest).not.toHaveProperty('sending');
  });
});
