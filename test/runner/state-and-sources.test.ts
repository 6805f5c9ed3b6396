/**
 * The run's state and where its tasks come from (src/runner/run-state.ts, src/runner/sources.ts): a state
 * passed to resume is checked against this run before it is used; progress is counted from the chunks'
 * jobs; the tasks are read twice, so a source that can be read once only is refused up front, and the
 * survey's fingerprints are what the second read is checked against.
 */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, tasks } from '../../src/index.js';
import { hash64Hex } from '../../src/runner/identity.js';
import {
  type ChunkState,
  checkResumeState,
  chunkSummary,
  computeProgress,
  initialStreamState,
  type RunState,
} from '../../src/runner/run-state.js';
import {
  checkReadableTwice,
  Fingerprint,
  fingerprintChunk,
  readChunks,
  SurveyTally,
  survey,
} from '../../src/runner/sources.js';

const ids = Array.from({ length: 5 }, (_, i) => `898110000000000000${i}`);
const list = () => ids.map((id) => tasks.activateSim(id));

async function stateFor(chunkSize = 2): Promise<RunState> {
  const s = await survey(list(), chunkSize, 'tasks');
  return { version: 3, batchGroupId: 'g', streams: [initialStreamState({ stage: 0, chunkSize }, s, 1)] };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchValidationError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('checkResumeState', () => {
  it('takes a state of this run, as a copy', async () => {
    const state = await stateFor();
    const expected = { batchGroupId: 'g', streams: [{ survey: await survey(list(), 2, 'tasks') }] };
    const checked = checkResumeState(state, expected);
    expect(checked).toEqual(state);
    expect(checked).not.toBe(state);
    expect(checked.streams[0]?.chunks).not.toBe(state.streams[0]?.chunks);
  });

  it('refuses, naming the difference, a state of another shape, group, stream count, action or task list', async () => {
    const s = await survey(list(), 2, 'tasks');
    const expected = { batchGroupId: 'g', streams: [{ survey: s }] };
    const state = await stateFor();
    const prefix = 'runTasks.resume cannot be used: ';
    expect(refusal(() => checkResumeState(null, expected))).toBe(`${prefix}it is not a run state object`);
    expect(refusal(() => checkResumeState('x', expected))).toBe(`${prefix}it is not a run state object`);
    expect(refusal(() => checkResumeState({ ...state, version: 2 }, expected))).toContain(
      `${prefix}it is not a version 3 run state`,
    );
    expect(refusal(() => checkResumeState({ ...state, streams: 'x' }, expected))).toContain('not a version 3');
    expect(refusal(() => checkResumeState({ ...state, batchGroupId: 'h' }, expected))).toBe(
      `${prefix}it belongs to batch group h, not g`,
    );
    expect(refusal(() => checkResumeState({ ...state, streams: [] }, expected))).toBe(
      `${prefix}it has 0 stream(s), this run 1`,
    );
    const other = { ...(state.streams[0] as RunState['streams'][number]) };
    expect(refusal(() => checkResumeState({ ...state, streams: [{ ...other, action: 'suspendSim' }] }, expected))).toBe(
      `${prefix}it ran suspendSim, not activateSim`,
    );
    const differs = `${prefix}the task list differs from the one the state was made for (pass the same tasks in the same order)`;
    expect(refusal(() => checkResumeState({ ...state, streams: [{ ...other, identity: 'x' }] }, expected))).toBe(
      differs,
    );
    expect(refusal(() => checkResumeState({ ...state, streams: [{ ...other, taskCount: 4 }] }, expected))).toBe(
      differs,
    );
  });

  it('refuses chunks that do not follow one another or do not cover the tasks, naming the stream when there are several', async () => {
    const s = await survey(list(), 2, 'tasks');
    const state = await stateFor();
    const stream = state.streams[0] as RunState['streams'][number];
    const chunks = stream.chunks;
    const withChunks = (c: ChunkState[]) => ({ ...state, streams: [{ ...stream, chunks: c }] });
    const expected = { batchGroupId: 'g', streams: [{ survey: s }] };
    const gap = chunks.map((c, i) => (i === 1 ? { ...c, start: 3 } : c));
    expect(refusal(() => checkResumeState(withChunks(gap), expected))).toBe(
      'runTasks.resume cannot be used: chunk 1 does not follow chunk 0',
    );
    const swapped = [chunks[1], chunks[0], chunks[2]] as ChunkState[];
    expect(refusal(() => checkResumeState(withChunks(swapped), expected))).toContain(
      'chunk 0 does not follow chunk -1',
    );
    const empty = chunks.map((c, i) => (i === 2 ? { ...c, end: c.start } : c));
    expect(refusal(() => checkResumeState(withChunks(empty), expected))).toContain('chunk 2 does not follow chunk 1');
    const noJobs = chunks.map((c, i) => (i === 0 ? { ...c, jobs: 'x' as unknown as [] } : c));
    expect(refusal(() => checkResumeState(withChunks(noJobs), expected))).toContain('chunk 0 does not follow');
    expect(refusal(() => checkResumeState(withChunks(chunks.slice(0, 2)), expected))).toBe(
      'runTasks.resume cannot be used: its chunks do not cover the task list',
    );
    const two = { ...state, streams: [stream, { ...stream, chunks: chunks.slice(0, 2) }] };
    expect(refusal(() => checkResumeState(two, { batchGroupId: 'g', streams: [{ survey: s }, { survey: s }] }))).toBe(
      'runTasks.resume cannot be used: stream 2: its chunks do not cover the task list',
    );
  });
});

describe('progress', () => {
  it('counts the tasks of every stream, what ran of them, and the finished chunks', async () => {
    const state = await stateFor();
    const [c0, c1] = (state.streams[0] as RunState['streams'][number]).chunks as [ChunkState, ChunkState];
    c0.jobs.push({ jobId: 'a', status: 'failed', taskCount: 2, summary: { success: 1, error: 1, pending: 0 } });
    c0.status = 'finished';
    c1.jobs.push({ jobId: 'b', status: 'running', taskCount: 2, summary: { success: 1, error: 0, pending: 1 } });
    const current = { stream: 0, action: 'activateSim' as const, chunk: 1, chunkCount: 3, status: 'running' as const };
    expect(computeProgress(state, 1, current)).toEqual({
      total: 5,
      done: 3,
      succeeded: 2,
      failed: 1,
      doneBefore: 1,
      jobsTotal: 3,
      jobsFinished: 1,
      current,
    });
    expect(computeProgress(state, 0)).not.toHaveProperty('current');
    expect(chunkSummary(c1)).toEqual({ success: 1, error: 0, pending: 1 });
    expect(chunkSummary(c0)).toEqual({ success: 1, error: 1, pending: 0 });
  });
});

describe('sources', () => {
  it('reads arrays, iterables, async iterables and functions; refuses a generator object, naming the fix', async () => {
    expect(() => checkReadableTwice(list(), 't')).not.toThrow();
    expect(() => checkReadableTwice(() => list(), 't')).not.toThrow();
    expect(() => checkReadableTwice(new Set(list()), 't')).not.toThrow();
    const generator = (function* () {
      yield* list();
    })();
    expect(refusal(() => checkReadableTwice(generator, 'runTasks.tasks'))).toBe(
      'runTasks.tasks must be readable twice: a generator can be read once only, and a run reads its tasks twice ' +
        '(checked, then sent); pass a function that returns a fresh one, e.g. tasks: () => readTasks()',
    );
    const asyncGenerator = (async function* () {
      yield* list();
    })();
    expect(refusal(() => checkReadableTwice(asyncGenerator, 't'))).toContain('t must be readable twice');
    expect(refusal(() => checkReadableTwice(5, 'runTasks.tasks'))).toBe(
      'runTasks.tasks must be an array, an iterable or async iterable, or a function returning one (got number)',
    );
    // A function is called only when read: what it returns is checked then.
    expect(() => checkReadableTwice(() => 5, 't')).not.toThrow();
    await expect(survey(() => 5, 2, 't')).rejects.toThrow(
      't must be an array, an iterable or async iterable, or a function returning one (got number)',
    );
    expect(refusal(() => checkReadableTwice(null, 't'))).toContain('(got object)');
  });

  it('reads chunks of at most chunkSize, in order, each task checked', async () => {
    const read: string[][] = [];
    for await (const chunk of readChunks(list(), 2, 't')) read.push(chunk.map((t) => t.request.path));
    expect(read).toEqual([
      [list()[0]?.request.path, list()[1]?.request.path],
      [list()[2]?.request.path, list()[3]?.request.path],
      [list()[4]?.request.path],
    ]);
    const exact: number[] = [];
    for await (const chunk of readChunks(list().slice(0, 4), 2, 't')) exact.push(chunk.length);
    expect(exact).toEqual([2, 2]);
    const mixed = [...list(), tasks.suspendSim('1')];
    await expect(
      (async () => {
        for await (const _ of readChunks(mixed, 2, 'runTasks.tasks')) {
          // read all
        }
      })(),
    ).rejects.toThrow(
      'runTasks.tasks must all call the same action: tasks[0] calls activateSim but tasks[5] calls suspendSim',
    );
  });

  it('surveys the count, every chunk’s fingerprint and the identity; refuses an empty source', async () => {
    const s = await survey(() => list(), 2, 't');
    expect(s.action).toBe('activateSim');
    expect(s.taskCount).toBe(5);
    expect(s.chunkFingerprints).toEqual([
      fingerprintChunk(list().slice(0, 2)),
      fingerprintChunk(list().slice(2, 4)),
      fingerprintChunk(list().slice(4)),
    ]);
    expect(s.fingerprint).toBe(fingerprintChunk(list()));
    expect(s.chunkFingerprints.map((f) => f.split(':')[0])).toEqual(['2', '2', '1']);
    await expect(survey([], 2, 'runTasks.tasks')).rejects.toThrow(
      'runTasks.tasks must not be empty: pass at least one task',
    );
  });

  it('fingerprints are FNV-1a over each request’s JSON and a newline, with the count; the identity hashes the whole list twice', async () => {
    const one = tasks.activateSim(ids[0] as string);
    const fp = new Fingerprint();
    fp.add(one.request);
    const json = `${JSON.stringify(one.request)}\n`;
    expect(fp.digest()).toBe(`1:${hash64Hex(json).slice(0, 8)}`);

    const tally = new SurveyTally(10);
    tally.addJson(JSON.stringify(one.request));
    const s = tally.survey('activateSim');
    expect(s.identity).toBe(hash64Hex(`run\nactivateSim\n1\n${hash64Hex(json)}`));
    expect(tally.count).toBe(1);
    expect(s.chunkFingerprints).toEqual([fp.digest()]);
    expect(new Fingerprint().digest()).toBe('0:811c9dc5');
  });

  it('tells lists apart by order and by content, and a cut list from the whole', async () => {
    const whole = await survey(list(), 10, 't');
    const reversed = await survey([...list()].reverse(), 10, 't');
    const cut = await survey(list().slice(0, 4), 10, 't');
    const identities = new Set([whole.identity, reversed.identity, cut.identity]);
    expect(identities.size).toBe(3);
    expect(new Set([whole.fingerprint, reversed.fingerprint, cut.fingerprint]).size).toBe(3);
    expect(await survey(list(), 3, 't')).toMatchObject({ identity: whole.identity, fingerprint: whole.fingerprint });
  });
});
