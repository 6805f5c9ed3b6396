/**
 * waitForJob (src/jobs/wait-for-job.ts) against scripted answers the emulator never gives: a status the
 * spec does not list, a job without a summary, a failure that is not the API's, and the edges of
 * `throwOnFailure` and `maxWaitMs`. Each poll takes the next answer of its script.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import {
  BatchJobFailedError,
  BatchValidationError,
  isSoracomError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from '../../src/errors/errors.js';
import { isKnownJobStatus, isTerminalJobStatus, waitForJob } from '../../src/jobs/wait-for-job.js';

type BatchJob = components['schemas']['BatchJobResponse'];

const ref = { batch_group_id: 'g-1', job_id: 'job-1' };
const FAST = { minDelayMs: 1, maxDelayMs: 2 };

function job(status: string, summary?: BatchJob['summary']): BatchJob {
  return {
    jobId: 'job-1',
    batchGroupId: 'g-1',
    status,
    createdTime: 1_800_000_000,
    updatedTime: 1_800_000_000,
    ...(summary ? { summary } : {}),
  } as BatchJob;
}

/** A client whose getBatchJob answers (or throws) each item of `script` in turn, the last one again. */
function scripted(script: Array<BatchJob | Error>) {
  let polls = 0;
  // waitForJob awaits the call only: a plain promise stands in for the client's ApiCall.
  const batch = {
    getBatchJob: async () => {
      const answer = script[Math.min(polls++, script.length - 1)] as BatchJob | Error;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Parameters<typeof waitForJob>[0];
  return { batch, polls: () => polls };
}

describe('the job statuses', () => {
  it('knows the five the spec lists, and which of them end a job', () => {
    for (const status of ['pending', 'running']) {
      expect(isKnownJobStatus(status)).toBe(true);
      expect(isTerminalJobStatus(status)).toBe(false);
    }
    for (const status of ['completed', 'failed', 'aborted']) {
      expect(isKnownJobStatus(status)).toBe(true);
      expect(isTerminalJobStatus(status)).toBe(true);
    }
    for (const status of ['paused', 'toString', '', undefined, 3]) {
      expect(isKnownJobStatus(status)).toBe(false);
      expect(isTerminalJobStatus(status)).toBe(false);
    }
  });
});

describe('waitForJob on answers the emulator never gives', () => {
  it('stops at the first status the spec does not list, saying what to do, without polling on', async () => {
    const { batch, polls } = scripted([job('running'), job('paused')]);
    const error = await waitForJob(batch, ref, FAST).catch((e: unknown) => e);
    expect(isSoracomError(error, UnexpectedResponseError)).toBe(true);
    expect((error as Error).message).toBe(
      'job job-1: the API returned status "paused", which this version of soracom-batch does not know ' +
        '(it knows pending, running, completed, failed, aborted); upgrade soracom-batch, or read the job with ' +
        'getBatchJob and decide yourself',
    );
    expect(error).toMatchObject({ method: 'GET', path: '/batch_groups/g-1/jobs/job-1', status: 200 });
    expect(polls()).toBe(2);
  });

  it('passes on at once a failure that is not the API’s nor the connection’s (a bug is not polled through)', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const { batch, polls } = scripted([bug, job('completed')]);
    await expect(waitForJob(batch, ref, FAST)).rejects.toBe(bug);
    expect(polls()).toBe(1);
  });

  it('reports a job without a summary, then each change of it, once', async () => {
    const { batch } = scripted([
      job('pending'),
      job('pending'),
      job('running', { pending: 2, success: 0, error: 0 }),
      job('running', { pending: 1, success: 1, error: 0 }),
      job('running', { pending: 1, success: 1, error: 0 }),
      job('completed', { pending: 0, success: 2, error: 0 }),
    ]);
    const seen: string[] = [];
    const done = await waitForJob(batch, ref, {
      ...FAST,
      onProgress: (j) => seen.push(`${j.status} ${JSON.stringify(j.summary ?? null)}`),
    });
    expect(done.status).toBe('completed');
    expect(seen).toEqual([
      'pending null',
      'running {"pending":2,"success":0,"error":0}',
      'running {"pending":1,"success":1,"error":0}',
      'completed {"pending":0,"success":2,"error":0}',
    ]);
  });

  it('with throwOnFailure resolves with a completed job, and throws for a failed or aborted one', async () => {
    const completed = job('completed', { pending: 0, success: 2, error: 0 });
    await expect(waitForJob(scripted([completed]).batch, ref, { ...FAST, throwOnFailure: true })).resolves.toBe(
      completed,
    );
    for (const status of ['failed', 'aborted']) {
      const ended = job(status, { pending: 0, success: 1, error: 1 });
      const error = await waitForJob(scripted([ended]).batch, ref, { ...FAST, throwOnFailure: true }).catch(
        (e: unknown) => e,
      );
      expect(isSoracomError(error, BatchJobFailedError)).toBe(true);
      expect((error as BatchJobFailedError).job).toBe(ended);
    }
  });

  it('with maxWaitMs 0 gives up after the first poll, with that job and the time it took', async () => {
    const running = job('running', { pending: 2, success: 0, error: 0 });
    const { batch, polls } = scripted([running]);
    const error = await waitForJob(batch, ref, { ...FAST, maxWaitMs: 0 }).catch((e: unknown) => e);
    expect(isSoracomError(error, WaitTimeoutError)).toBe(true);
    expect((error as WaitTimeoutError).lastJob).toBe(running);
    expect((error as WaitTimeoutError).waitedMs).toBeGreaterThanOrEqual(0);
    expect((error as WaitTimeoutError).waitedMs).toBeLessThan(60_000);
    expect(polls()).toBe(1);
  });

  it('refuses a delay option that is not a non-negative number, naming it and what it got', async () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
      const error = await waitForJob(scripted([job('completed')]).batch, ref, { minDelayMs: value as number }).catch(
        (e: unknown) => e,
      );
      expect(isSoracomError(error, BatchValidationError)).toBe(true);
      expect((error as Error).message).toBe(
        `waitForJob.options.minDelayMs must be a non-negative number of milliseconds (got ${String(value)})`,
      );
    }
  });
});
