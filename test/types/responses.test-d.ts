/**
 * The response types say what the API always sends (scripts/spec-fixes.ts, `alwaysReturned`): IDs, status,
 * times, summary counts, a task's ID, status and request are plain values, not `| undefined`; what a job or
 * task may lack (a summary before it is counted, a finished time, a pending task's answer) stays optional.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { BatchGroup, BatchJob, BatchJobSummary, BatchTask, JobStatus } from '../../src/index.js';
import type * as Emulator from '../../src/testing/index.js';

describe('response types', () => {
  it('a group always has its ID, name and times', () => {
    expectTypeOf<BatchGroup['batchGroupId']>().toEqualTypeOf<string>();
    expectTypeOf<BatchGroup['batchGroupName']>().toEqualTypeOf<string>();
    expectTypeOf<BatchGroup['createdTime']>().toEqualTypeOf<number>();
    expectTypeOf<BatchGroup['updatedTime']>().toEqualTypeOf<number>();
    expectTypeOf<BatchGroup['description']>().toEqualTypeOf<string | undefined>();
  });

  it('a job always has its IDs, status and times; summary, names and end details may be absent', () => {
    expectTypeOf<BatchJob['jobId']>().toEqualTypeOf<string>();
    expectTypeOf<BatchJob['batchGroupId']>().toEqualTypeOf<string>();
    expectTypeOf<BatchJob['status']>().toEqualTypeOf<JobStatus>();
    expectTypeOf<BatchJob['createdTime']>().toEqualTypeOf<number>();
    expectTypeOf<BatchJob['updatedTime']>().toEqualTypeOf<number>();
    expectTypeOf<BatchJob['summary']>().toEqualTypeOf<BatchJobSummary | undefined>();
    expectTypeOf<BatchJob['finishedTime']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BatchJob['errorMessage']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<BatchJob['jobName']>().toEqualTypeOf<string | undefined>();
  });

  it('a summary, when there, has all three counts', () => {
    expectTypeOf<BatchJobSummary>().toEqualTypeOf<{ error: number; pending: number; success: number }>();
  });

  it("a task always has its ID, status and request; its answer's status code when it has an answer", () => {
    expectTypeOf<BatchTask['taskId']>().toEqualTypeOf<number>();
    expectTypeOf<BatchTask['status']>().toEqualTypeOf<'pending' | 'success' | 'error'>();
    expectTypeOf<BatchTask['request']['path']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<BatchTask['response']>['statusCode']>().toEqualTypeOf<number>();
    expectTypeOf<BatchTask['response']>().toBeNullable();
    expectTypeOf<BatchTask['startedTime']>().toEqualTypeOf<number | undefined>();
  });

  it('the emulator answers the same types (both come from the corrected spec)', () => {
    expectTypeOf<Emulator.BatchGroup>().toEqualTypeOf<BatchGroup>();
    expectTypeOf<Emulator.BatchJob>().toEqualTypeOf<BatchJob>();
    expectTypeOf<Emulator.BatchTask>().toEqualTypeOf<BatchTask>();
  });

  it('reads without `!` or a fallback', () => {
    const use = (group: BatchGroup, job: BatchJob, task: BatchTask) =>
      `${group.batchGroupId.toUpperCase()} ${job.jobId.length} ${job.status.at(0)} ${task.taskId.toFixed(0)}`;
    expectTypeOf(use).returns.toEqualTypeOf<string>();
  });
});
