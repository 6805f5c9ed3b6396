/**
 * `runPlan` before and after its streams run (src/runner/run-tasks.ts): every option checked before a
 * request is sent, the stages as given, a finished run refused with what it did, and the result's
 * totals. The checks use an API that fails any call; the rest runs against the emulator.
 */
import { describe, expect, it } from 'vitest';
import { AlreadyRunError, BatchValidationError, isSoracomError, tasks } from '../../src/index.js';
import type { RunnerClient } from '../../src/runner/api.js';
import { runPlan, runTasks } from '../../src/runner/run-tasks.js';
import { simIds } from '../../src/testing/index.js';
import { FAST_SUBMIT, FAST_WAIT, useHarness } from '../jobs/support.js';

const start = useHarness();
const ids = simIds(12);

/** An API no check may reach: any call fails the test. */
const unreachable = new Proxy({} as RunnerClient, {
  get: (_target, name) => () => {
    throw new Error(`${String(name)} was called before the checks ended`);
  },
});

async function refusal(params: unknown): Promise<BatchValidationError> {
  const error = await runPlan(unreachable, params as never).catch((e: unknown) => e);
  expect(isSoracomError(error, BatchValidationError)).toBe(true);
  return error as BatchValidationError;
}

const stream = { tasks: tasks.many('activateSim', ids) };

describe('runPlan checks every option before sending anything', () => {
  it('refuses params that are not an object, and a missing or blank batch group', async () => {
    expect((await refusal(null)).argument).toBe('runPlan.params');
    expect((await refusal('x')).argument).toBe('runPlan.params');
    for (const batch_group_id of [undefined, '', '  ', 5]) {
      const error = await refusal({ batch_group_id, stages: [[stream]] });
      expect(error.message).toBe('runPlan.batch_group_id is required: a non-empty string');
    }
    expect(() => runTasks(unreachable, null as never)).toThrow('runTasks.params must be an object');
  });

  it.each([
    ['abortOnFailure', 'yes', 'must be a boolean'],
    ['collectFailedTasks', 1, 'must be a boolean'],
    ['recover', 'no', 'must be a boolean'],
    ['again', 'true', 'must be a boolean'],
    ['onProgress', true, 'must be a function'],
    ['onState', {}, 'must be a function'],
    ['onFailedTask', 'f', 'must be a function'],
    ['signal', {}, 'must be an AbortSignal'],
    ['stop', true, 'must be an AbortSignal'],
  ])('refuses %s: %j (%s)', async (name, value, rule) => {
    const error = await refusal({ batch_group_id: 'g', stages: [[stream]], [name]: value });
    expect(error.argument).toBe(`runPlan.${name}`);
    expect(error.message).toContain(rule);
  });

  it.each([
    ['maxSubmitWaitMs', { maxSubmitWaitMs: Number.NaN }],
    ['settleWindowMs', { settleWindowMs: -1 }],
    ['submitDelay.minDelayMs', { submitDelay: { minDelayMs: Number.NaN } }],
    ['submitDelay.maxDelayMs', { submitDelay: { maxDelayMs: '5' } }],
    ['wait.minDelayMs', { wait: { minDelayMs: -5 } }],
    ['wait.maxDelayMs', { wait: { maxDelayMs: Number.POSITIVE_INFINITY } }],
    ['wait.maxWaitMs', { wait: { maxWaitMs: Number.NaN } }],
  ])('refuses a %s that is not a number of ms', async (name, option) => {
    const error = await refusal({ batch_group_id: 'g', stages: [[stream]], ...option });
    expect(error.argument).toBe(`runPlan.${name}`);
  });

  it('refuses stages that are not a non-empty array of arrays, or hold no stream', async () => {
    for (const stages of [undefined, [], [stream], [[stream], 'x']]) {
      const error = await refusal({ batch_group_id: 'g', stages });
      expect(error.message).toBe(
        'runPlan.stages must be a non-empty array of arrays of streams ({ tasks, jobName?, description?, chunkSize? })',
      );
    }
    expect((await refusal({ batch_group_id: 'g', stages: [[], []] })).message).toBe(
      'runPlan.stages must hold at least one stream',
    );
  });

  it('names a stream by its place in stages, and refuses one that is not an object', async () => {
    const error = await refusal({ batch_group_id: 'g', stages: [[stream], [stream, null]] });
    expect(error.argument).toBe('runPlan.stages[1][1]');
    expect(error.message).toContain('must be a { tasks, ... } object');
    const single = await refusal({ batch_group_id: 'g', stages: [[5]] });
    expect(single.argument).toBe('runPlan.stages[0][0]');
    const empty = await refusal({ batch_group_id: 'g', stages: [[stream], [{ tasks: [] }]] });
    expect(empty.argument).toBe('runPlan.stages[1][0].tasks');
    const size = await refusal({ batch_group_id: 'g', stages: [[stream], [{ ...stream, chunkSize: 0 }]] });
    expect(size.argument).toBe('runPlan.stages[1][0].chunkSize');
  });

  it('runTasks names its own arguments', async () => {
    for (const [params, argument] of [
      [{ tasks: [], settleWindowMs: -1 }, 'runTasks.settleWindowMs'],
      [{ ...stream, chunkSize: 0 }, 'runTasks.chunkSize'],
      [{ ...stream, jobName: 'n'.repeat(300) }, 'runTasks.jobName'],
    ] as const) {
      const error = await runTasks(unreachable, { batch_group_id: 'g', ...params }).catch((e: unknown) => e);
      expect(isSoracomError(error, BatchValidationError) && error.argument).toBe(argument);
    }
  });

  it('refuses the same tasks twice in one plan, naming the repeat', async () => {
    const error = await refusal({
      batch_group_id: 'g',
      stages: [[stream], [{ tasks: tasks.many('activateSim', ids) }]],
    });
    expect(error.message).toBe(
      'runPlan.stages must not hold the same tasks twice: runPlan.stages[1][0] repeats another stream',
    );
  });

  it('checks the job name with the real number of jobs: no room left for " (i/n)"', async () => {
    const error = await refusal({
      batch_group_id: 'g',
      stages: [[{ ...stream, chunkSize: 1, jobName: 'n'.repeat(100) }]],
    });
    expect(error.argument).toBe('runPlan.stages[0][0].jobName');
    expect(error.message).toContain('" (i/12)" is appended');
  });
});

describe('a run that finished before', () => {
  it('is refused with what it did: generation, jobs, times and counts; nothing is sent', async () => {
    const { batch, emulator, groupId } = await start({ sims: 12, failingSims: [ids[4] as string] });
    const params = { batch_group_id: groupId, wait: FAST_WAIT, submitDelay: FAST_SUBMIT };
    const first = await runPlan(batch, {
      ...params,
      stages: [[{ tasks: tasks.many('activateSim', ids), chunkSize: 5 }], [{ tasks: tasks.many('suspendSim', ids) }]],
    });
    expect(first).toMatchObject({ total: 24, succeeded: 22, failed: 2, notRun: 0, handedOver: 0, ok: false });
    expect(first.streams).toEqual([
      {
        action: 'activateSim',
        stage: 0,
        generation: 1,
        total: 12,
        succeeded: 11,
        failed: 1,
        notRun: 0,
        handedOver: 0,
        ok: false,
      },
      {
        action: 'suspendSim',
        stage: 1,
        generation: 1,
        total: 12,
        succeeded: 11,
        failed: 1,
        notRun: 0,
        handedOver: 0,
        ok: false,
      },
    ]);
    const writes = emulator.state.requests().filter((r) => r.method !== 'GET').length;
    const error = await runPlan(batch, {
      ...params,
      stages: [[{ tasks: tasks.many('activateSim', ids), chunkSize: 5 }], [{ tasks: tasks.many('suspendSim', ids) }]],
    }).catch((e: unknown) => e);
    expect(isSoracomError(error, AlreadyRunError)).toBe(true);
    const jobs = emulator.state.jobs();
    const run = error as AlreadyRunError;
    expect(run).toMatchObject({
      batchGroupId: groupId,
      action: 'activateSim, suspendSim',
      generation: 1,
      succeeded: 22,
      failed: 2,
      startedTime: Math.min(...jobs.map((j) => j.createdTime)),
      finishedTime: Math.max(...jobs.map((j) => j.finishedTime ?? 0)),
    });
    expect([...run.jobIds].sort()).toEqual(jobs.map((j) => j.jobId).sort());
    expect(run.message).toContain('pass again: true');
    expect(emulator.state.requests().filter((r) => r.method !== 'GET')).toHaveLength(writes);
  });

  it('runs again as the next generation with again, and a plan of which one stream finished goes on', async () => {
    const { batch, emulator, groupId } = await start({ sims: 12 });
    const params = { batch_group_id: groupId, wait: FAST_WAIT, submitDelay: FAST_SUBMIT };
    await runTasks(batch, { ...params, tasks: tasks.many('activateSim', ids) });
    const again = await runTasks(batch, { ...params, tasks: tasks.many('activateSim', ids), again: true });
    expect(again.streams[0]?.generation).toBe(2);
    const jobsBefore = emulator.state.jobs().length;
    const mixed = await runPlan(batch, {
      ...params,
      stages: [
        [
          { tasks: tasks.many('activateSim', ids) },
          {
            tasks: tasks.many('putSimTags', ids, { a: 'b' }),
          },
        ],
      ],
    });
    expect(mixed.streams.map((s) => [s.action, s.generation, s.total])).toEqual([
      ['activateSim', 2, 12],
      ['putSimTags', 1, 12],
    ]);
    // The finished stream's job is reported; only the new stream's is created.
    expect(mixed.jobs.map((j) => j.stream)).toEqual([0, 1]);
    expect(emulator.state.jobs()).toHaveLength(jobsBefore + 1);
  });
});
