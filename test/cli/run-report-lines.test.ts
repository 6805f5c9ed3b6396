/**
 * What a run says (src/cli/run-report.ts), from a result built by hand: the line that starts it (new, or
 * going on from the batch group's jobs), the report, and the closing lines that name the failures and the
 * commands that deal with them. The dry run's plan is checked against planRun's chunks.
 */
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../../src/cli/run-options.js';
import {
  buildRunReport,
  dryRunReport,
  jobNameOf,
  type ReportStream,
  startLine,
  summaryLines,
} from '../../src/cli/run-report.js';
import { planRun } from '../../src/runner/plan.js';
import type { ChunkState, RunState, StreamState } from '../../src/runner/run-state.js';
import type { RunResult } from '../../src/runner/run-types.js';

const settings = (fields: Partial<RunSettings> = {}): RunSettings => ({
  command: 'run activate',
  jobName: 'soracom-batch activate',
  abortOnFailure: false,
  chunkSize: undefined,
  again: false,
  multi: false,
  dryRun: false,
  wait: {},
  submitDelay: undefined,
  ...fields,
});

function chunk(
  index: number,
  size: number,
  jobs: ChunkState['jobs'] = [],
  extra: Partial<ChunkState> = {},
): ChunkState {
  return { index, start: index * size, end: (index + 1) * size, fingerprint: 'f', status: 'planned', jobs, ...extra };
}

function stream(chunks: ChunkState[], fields: Partial<StreamState> = {}): StreamState {
  return {
    identity: 'i',
    generation: 1,
    action: 'activateSim',
    stage: 0,
    taskCount: chunks.length * 10,
    chunkSize: 10,
    fingerprint: 'f',
    chunks,
    ...fields,
  };
}

const done = (jobId: string): ChunkState['jobs'][number] => ({
  jobId,
  status: 'completed',
  taskCount: 10,
  summary: { success: 10, error: 0, pending: 0 },
});

describe('startLine', () => {
  it('a new run: its tasks, jobs and chunk size, and the generation when it runs again', () => {
    const state: RunState = { version: 3, batchGroupId: 'g', streams: [stream([chunk(0, 10), chunk(1, 10)])] };
    expect(startLine(state, 'g-1', ['activate'])).toBe(
      'Submitting 20 task(s) as 2 job(s) of at most 10 in batch group g-1.',
    );
    state.streams[0] = { ...(state.streams[0] as StreamState), generation: 3 };
    expect(startLine(state, 'g-1', ['activate'])).toBe(
      'Submitting 20 task(s) as 2 job(s) of at most 10 in batch group g-1 (generation 3: --again).',
    );
  });

  it('going on: jobs found, finished, and what is still to do, named by action when there are several', () => {
    const one: RunState = {
      version: 3,
      batchGroupId: 'g',
      streams: [stream([chunk(0, 10, [done('a')]), chunk(1, 10, [], { sending: { sentAt: 1 } }), chunk(2, 10)])],
    };
    expect(startLine(one, 'g-1', ['activate'])).toBe(
      'Going on with the unfinished run of these tasks in batch group g-1: 2 of 3 job(s) found in the group, 1 finished; still to do: 2/3, 3/3.',
    );
    const two: RunState = {
      version: 3,
      batchGroupId: 'g',
      streams: [
        stream([chunk(0, 10, [done('a')])]),
        stream([chunk(0, 10), chunk(1, 10, [done('b')])], { generation: 2 }),
      ],
    };
    expect(startLine(two, 'g-1', ['activate', 'put-tags'])).toBe(
      'Going on with the unfinished run of these tasks in batch group g-1 (generation 2: --again): 2 of 3 job(s) found in the group, 2 finished; still to do: put-tags 1/2.',
    );
    const finished: RunState = { version: 3, batchGroupId: 'g', streams: [stream([chunk(0, 10, [done('a')])])] };
    expect(startLine(finished, 'g-1', ['activate'])).toMatch(/1 finished; still to do: nothing\.$/);
  });
});

function result(fields: Partial<RunResult> = {}): RunResult {
  return {
    batchGroupId: 'g-1',
    action: 'activateSim',
    total: 30,
    succeeded: 25,
    failed: 2,
    notRun: 3,
    handedOver: 0,
    ok: false,
    jobs: [
      {
        stream: 0,
        chunk: 0,
        jobId: 'j1',
        status: 'failed',
        taskCount: 20,
        summary: { success: 18, error: 2, pending: 0 },
      },
      {
        stream: 0,
        chunk: 1,
        jobId: 'j2',
        status: 'aborted',
        taskCount: 10,
        summary: { success: 7, error: 0, pending: 3 },
      },
      { stream: 0, chunk: 1, jobId: 'j3', status: 'running', taskCount: 3, after: 'j2' },
    ],
    failedTasks: [],
    streams: [
      {
        action: 'activateSim',
        stage: 0,
        generation: 2,
        total: 30,
        succeeded: 25,
        failed: 2,
        notRun: 3,
        handedOver: 0,
        ok: false,
      },
    ],
    listingGaps: [],
    state: { version: 3, batchGroupId: 'g-1', streams: [] },
    ...fields,
  } as RunResult;
}

const activate: ReportStream = { name: 'activate', action: 'activateSim', count: 30, stage: 0 };

describe('the report and its closing lines', () => {
  it('one action: totals, each job with what it ran and did not, the generation, the files', () => {
    const report = buildRunReport(
      result(),
      [activate],
      settings({ failedOutput: { path: '/x/f.csv', label: 'f.csv' } }),
      {
        input: { source: 'ids.txt', format: 'ids', rows: 30, tasks: 30, invalid: 0, skipped: 0, duplicates: 0 },
        stateFile: 's.json',
        resumed: true,
      },
    );
    expect(report).toMatchObject({
      command: 'run activate',
      action: 'activateSim',
      batchGroupId: 'g-1',
      ok: false,
      total: 30,
      succeeded: 25,
      failed: 2,
      notRun: 3,
      handedOver: 0,
      resumed: true,
      generation: 2,
      stateFile: 's.json',
      failedOutput: 'f.csv',
      input: { source: 'ids.txt' },
    });
    expect(report).not.toHaveProperty('actions');
    expect(report).not.toHaveProperty('listingGaps');
    expect(report.jobs).toEqual([
      { chunk: 1, jobId: 'j1', status: 'failed', tasks: 20, succeeded: 18, failed: 2, notRun: 0 },
      { chunk: 2, jobId: 'j2', status: 'aborted', tasks: 10, succeeded: 7, failed: 0, notRun: 3 },
      { chunk: 2, jobId: 'j3', status: 'running', tasks: 3, succeeded: 0, failed: 0, notRun: 3, after: 'j2' },
    ]);
    expect(summaryLines(report, 'run it again')).toEqual([
      'Finished with failures: run activate, 3 jobs, 25 succeeded, 2 failed, 3 not run (of 30).',
      'Failed tasks: f.csv',
      'Retry the failed ones: soracom-batch retry-failed --batch-group-id g-1 --job-id j1',
      'Run the 3 task(s) not run yet: run it again',
    ]);
  });

  it('all done: one line, one job, nothing to retry', () => {
    const ok = result({
      succeeded: 10,
      failed: 0,
      notRun: 0,
      total: 10,
      ok: true,
      jobs: [
        {
          stream: 0,
          chunk: 0,
          jobId: 'j1',
          status: 'completed',
          taskCount: 10,
          summary: { success: 10, error: 0, pending: 0 },
        },
      ],
      streams: [
        {
          action: 'activateSim',
          stage: 0,
          generation: 1,
          total: 10,
          succeeded: 10,
          failed: 0,
          notRun: 0,
          handedOver: 0,
          ok: true,
        },
      ],
    });
    const report = buildRunReport(ok, [activate], settings({ failedOutput: { path: '/f', label: 'f.csv' } }), {
      resumed: false,
    });
    expect(report).toMatchObject({ ok: true, generation: 1, resumed: false });
    expect(report).not.toHaveProperty('stateFile');
    expect(report).not.toHaveProperty('input');
    expect(summaryLines(report, 'x')).toEqual([
      'Done: run activate, 1 job, 10 succeeded, 0 failed, 0 not run (of 10).',
    ]);
  });

  it('a listing gap makes the run not ok and is named; tasks a retry ran are counted apart', () => {
    const gap = { jobId: 'j1', status: 'error' as const, expected: 2, listed: 1 };
    const report = buildRunReport(
      result({ ok: true, failed: 0, notRun: 0, handedOver: 3, listingGaps: [gap], jobs: [] }),
      [activate],
      settings(),
      { resumed: false },
    );
    expect(report.ok).toBe(false);
    expect(report.listingGaps).toEqual([gap]);
    expect(summaryLines(report, 'x')).toEqual([
      'Finished with failures: run activate, 0 jobs, 25 succeeded, 0 failed, 0 not run, 3 run by a retry-failed (of 30).',
      'Job j1: its task list showed 1 of its 2 failed tasks (read twice); the others are not in the report.',
    ]);
  });

  it('several actions: a line per action, each job named by its action', () => {
    const tags: ReportStream = { name: 'put-tags', action: 'putSimTags', count: 10, stage: 1 };
    const multi = result({
      jobs: [
        {
          stream: 0,
          chunk: 0,
          jobId: 'j1',
          status: 'completed',
          taskCount: 10,
          summary: { success: 10, error: 0, pending: 0 },
        },
        {
          stream: 1,
          chunk: 0,
          jobId: 'j2',
          status: 'failed',
          taskCount: 10,
          summary: { success: 9, error: 1, pending: 0 },
        },
      ],
      streams: [
        {
          action: 'activateSim',
          stage: 0,
          generation: 1,
          total: 10,
          succeeded: 10,
          failed: 0,
          notRun: 0,
          handedOver: 0,
          ok: true,
        },
        {
          action: 'putSimTags',
          stage: 1,
          generation: 1,
          total: 10,
          succeeded: 9,
          failed: 1,
          notRun: 0,
          handedOver: 0,
          ok: false,
        },
      ],
      total: 20,
      succeeded: 19,
      failed: 1,
      notRun: 0,
    });
    const report = buildRunReport(multi, [activate, tags], settings({ multi: true, command: 'run apply' }), {
      resumed: false,
    });
    expect(report.actions).toEqual([
      { action: 'activate', stage: 1, total: 10, succeeded: 10, failed: 0, notRun: 0 },
      { action: 'put-tags', stage: 2, total: 10, succeeded: 9, failed: 1, notRun: 0 },
    ]);
    expect(report).not.toHaveProperty('action');
    expect(report.jobs.map((j) => j.action)).toEqual(['activate', 'put-tags']);
    expect(summaryLines(report, 'x')).toEqual([
      'Finished with failures: run apply, 2 jobs, 19 succeeded, 1 failed, 0 not run (of 20).',
      '  activate: 10 succeeded, 0 failed, 0 not run (of 10).',
      '  put-tags: 9 succeeded, 1 failed, 0 not run (of 10).',
      'Retry the failed ones: soracom-batch retry-failed --batch-group-id g-1 --job-id j2',
    ]);
    const unnamed = buildRunReport(multi, [], settings({ multi: true }), { resumed: false });
    expect(unnamed.actions?.map((a) => a.action)).toEqual(['activateSim', 'putSimTags']);
  });
});

describe('the dry run', () => {
  it('lists the jobs of each stream’s plan, with their names, sizes and first and last task', () => {
    const tags: ReportStream = {
      name: 'put-tags',
      action: 'putSimTags',
      count: 3,
      stage: 1,
      chunks: [
        { from: 'line 2', to: 'line 3', first: 'a', last: 'b' },
        { first: 'c', last: 'c' },
      ],
    };
    const plan = planRun({ taskCount: 3, chunkSize: 2 });
    const multi = settings({ multi: true, command: 'run apply', jobName: 'June' });
    const input = { source: 'in.csv', format: 'csv', rows: 3, tasks: 3, invalid: 0, skipped: 0, duplicates: 0 };
    const report = dryRunReport([tags], [plan], multi, { batchGroupName: 'fleet' }, input);
    expect(report).toEqual({
      dryRun: true,
      command: 'run apply',
      actions: ['put-tags'],
      batchGroup: { batchGroupName: 'fleet' },
      tasks: 3,
      jobs: [
        {
          action: 'put-tags',
          stage: 2,
          job: 1,
          jobName: 'June put-tags (1/2)',
          tasks: 2,
          from: 'line 2',
          to: 'line 3',
          firstTask: 'a',
          lastTask: 'b',
        },
        {
          action: 'put-tags',
          stage: 2,
          job: 2,
          jobName: 'June put-tags (2/2)',
          tasks: 1,
          firstTask: 'c',
          lastTask: 'c',
        },
      ],
      input,
    });
    const single = dryRunReport([activate], [planRun({ taskCount: 30 })], settings(), { batchGroupId: 'g' }, undefined);
    expect(single).toEqual({
      dryRun: true,
      command: 'run activate',
      action: 'activateSim',
      batchGroup: { batchGroupId: 'g' },
      tasks: 30,
      jobs: [{ job: 1, jobName: 'soracom-batch activate', tasks: 30, firstTask: undefined, lastTask: undefined }],
    });
    expect(jobNameOf(multi, tags)).toBe('June put-tags');
    expect(jobNameOf(settings(), tags)).toBe('soracom-batch activate');
  });
});
