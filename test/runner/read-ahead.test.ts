/**
 * The runner's reads of a stream's tasks: a survey the caller made in its own pass spares the runner
 * its pass before the first job (the CLI makes one while it checks its input), and each chunk after the
 * first is read while the job before it runs, so reading is off the path from one job to the next. Each
 * chunk read for its job must be the one checked before: a chunk that changed stops the run there.
 */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, tasks } from '../../src/index.js';
import { runPlan, type StreamExtras } from '../../src/runner/run-tasks.js';
import type { RunStream } from '../../src/runner/run-types.js';
import { fingerprintChunk, survey } from '../../src/runner/sources.js';
import { simIds } from '../../src/testing/index.js';
import { FAST_WAIT, useHarness } from '../jobs/support.js';

const start = useHarness();

describe('the runner reads ahead', () => {
  it('reads chunk 2 while job 1 runs, not after it ended', async () => {
    // 100 tasks of 5 ms: each job runs about half a second.
    const { batch, emulator, groupId } = await start({ sims: 300, taskDurationMs: 5 });
    const ids = simIds(300);
    const job1WhenChunk2WasRead: string[] = [];
    const source = function* () {
      for (const [i, id] of ids.entries()) {
        if (i === 100) job1WhenChunk2WasRead.push(emulator.state.jobs()[0]?.status ?? 'not created');
        yield tasks.activateSim(id);
      }
    };
    const result = await runPlan(batch, {
      batch_group_id: groupId,
      stages: [[{ tasks: source, chunkSize: 100 }]],
      wait: FAST_WAIT,
    });
    expect(result).toMatchObject({ ok: true, succeeded: 300 });
    // Read twice (the survey, then the jobs): the second time, job 1 was running.
    expect(job1WhenChunk2WasRead).toEqual(['not created', 'running']);
  });

  it('takes a survey made beforehand instead of reading the tasks before the first job', async () => {
    const { batch, groupId } = await start({ sims: 250 });
    const ids = simIds(250);
    let reads = 0;
    const stream: RunStream = {
      tasks: () => {
        reads++;
        return ids.map((id) => tasks.activateSim(id));
      },
      chunkSize: 100,
    };
    const made = await survey(() => ids.map((id) => tasks.activateSim(id)), 100, 'tasks');
    const known = new Map<RunStream, StreamExtras>([[stream, { known: { chunkSize: 100, survey: made } }]]);
    const result = await runPlan(
      batch,
      { batch_group_id: groupId, stages: [[stream]], wait: FAST_WAIT },
      { extras: known },
    );
    expect(result).toMatchObject({ ok: true, succeeded: 250 });
    expect(reads).toBe(1);
    expect(result.state.streams[0]?.chunks.map((c) => c.fingerprint)).toEqual(made.chunkFingerprints);

    // Made for another chunk size: not used, the runner surveys the tasks itself.
    reads = 0;
    const other = new Map<RunStream, StreamExtras>([[stream, { known: { chunkSize: 50, survey: made } }]]);
    await runPlan(
      batch,
      { batch_group_id: groupId, stages: [[stream]], wait: FAST_WAIT, again: true },
      { extras: other },
    );
    expect(reads).toBe(2);
  });

  it('still refuses tasks that differ from a survey made beforehand, before sending them', async () => {
    const { batch, emulator, groupId } = await start({ sims: 250 });
    const ids = simIds(250);
    const made = await survey(() => ids.map((id) => tasks.activateSim(id)), 100, 'tasks');
    const stream: RunStream = { tasks: () => ids.map((id) => tasks.suspendSim(id)), chunkSize: 100 };
    const known = new Map<RunStream, StreamExtras>([[stream, { known: { chunkSize: 100, survey: made } }]]);
    await expect(
      runPlan(batch, { batch_group_id: groupId, stages: [[stream]], wait: FAST_WAIT }, { extras: known }),
    ).rejects.toThrow(/must give the same tasks when read again/);
    expect(emulator.state.jobs()).toEqual([]);
  });
});

describe('tasks that change between the check and the jobs', () => {
  // The first read is the runner's survey, the second the one its jobs are sent from.
  async function runChanging(second: (ids: readonly string[]) => ReturnType<typeof tasks.activateSim>[]) {
    const { batch, emulator, groupId } = await start({ sims: 250 });
    const ids = simIds(250);
    let reads = 0;
    const stream: RunStream = {
      tasks: () => (++reads === 1 ? ids.map((id) => tasks.activateSim(id)) : second(ids)),
      chunkSize: 100,
    };
    const error = await runPlan(batch, { batch_group_id: groupId, stages: [[stream]], wait: FAST_WAIT }).catch(
      (e: unknown) => e as Error,
    );
    return { error, jobs: emulator.state.jobs() };
  }

  it('stop the run at the chunk that differs, named by its place, after the chunks before it ran', async () => {
    const { error, jobs } = await runChanging((ids) =>
      ids.map((id, i) => tasks.activateSim(i === 150 ? (simIds(251)[250] as string) : id)),
    );
    expect(error).toBeInstanceOf(BatchValidationError);
    expect((error as Error).message).toBe(
      'runPlan.stages[0][0].tasks must give the same tasks when read again: chunk 2 differs from what was ' +
        'checked before sending (a stream or a generator read twice?)',
    );
    expect(jobs).toHaveLength(1);
  });

  it('stop it too when the second read ends early: the missing chunk is not taken for an empty one', async () => {
    const { error, jobs } = await runChanging((ids) => ids.slice(0, 100).map((id) => tasks.activateSim(id)));
    expect((error as Error).message).toContain('chunk 2 differs');
    expect(jobs).toHaveLength(1);
  });
});

describe('SurveyTally', () => {
  it("gives the fingerprints of the chunks as the second pass reads them, and the whole list's", async () => {
    const list = simIds(250).map((id, i) => tasks.putSimTags(id, { n: String(i) }));
    const made = await survey(list, 100, 'tasks');
    expect(made.taskCount).toBe(250);
    expect(made.chunkFingerprints).toEqual([
      fingerprintChunk(list.slice(0, 100)),
      fingerprintChunk(list.slice(100, 200)),
      fingerprintChunk(list.slice(200)),
    ]);
    expect(made.fingerprint).toBe(fingerprintChunk(list));
  });
});
