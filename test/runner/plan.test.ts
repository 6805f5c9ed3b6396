/**
 * The plan of a run and the marker each job carries (src/runner/plan.ts), and the identity in it
 * (src/runner/identity.ts). The marker is how any run finds the jobs an earlier one made: a marker that
 * reads back as another chunk, or one a stranger's description passes for, would make a job twice.
 */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, batchLimits } from '../../src/index.js';
import { hash64Hex, retryIdentity, runIdentity } from '../../src/runner/identity.js';
import {
  checkChunkSize,
  chunkDescription,
  chunkJobName,
  formatMarker,
  type Marker,
  maxRunDescriptionLength,
  maxRunJobNameLength,
  parseMarker,
  planChunks,
  planRun,
  sameMarker,
} from '../../src/runner/plan.js';

const marker: Marker = {
  id: '0a1b2c3d4e5f6789',
  gen: 3,
  chunk: 1,
  chunkCount: 6,
  size: 100,
  fingerprint: '100:1f2e3d4c',
};

describe('markers', () => {
  it('reads back what it writes, chunk counted from 1 in the text', () => {
    const text = formatMarker(marker);
    expect(text).toBe('[soracom-batch id=0a1b2c3d4e5f6789 gen=3 chunk=2/6 size=100 fp=100:1f2e3d4c]');
    expect(parseMarker(text)).toEqual(marker);
    const rest = { ...marker, after: '9f0c2a1e-5b7d-4c3a-8e6f-1a2b3c4d5e6f' };
    expect(formatMarker(rest)).toBe(`${text.slice(0, -1)} after=${rest.after}]`);
    expect(parseMarker(formatMarker(rest))).toEqual(rest);
    expect(parseMarker(text)).not.toHaveProperty('after');
  });

  it('is read at the end of a description only, after the caller’s text', () => {
    const text = formatMarker(marker);
    expect(parseMarker(`June activation ${text}`)).toEqual(marker);
    expect(parseMarker(`${text} and more`)).toBeUndefined();
    expect(parseMarker(`${text}.`)).toBeUndefined();
    expect(parseMarker(undefined)).toBeUndefined();
    expect(parseMarker('')).toBeUndefined();
  });

  it('takes the largest values a plan can have: generation 999999, chunk 10000000 of them, size 10000', () => {
    const big: Marker = {
      id: 'ffffffffffffffff',
      gen: 999_999,
      chunk: 9_999_998,
      chunkCount: 9_999_999,
      size: 10_000,
      fingerprint: '10000:ffffffff',
    };
    expect(parseMarker(formatMarker(big))).toEqual(big);
    expect(parseMarker(formatMarker({ ...big, after: 'a'.repeat(64) }))).toEqual({ ...big, after: 'a'.repeat(64) });
    expect(parseMarker(formatMarker({ ...big, after: 'A.b_c-9' }))?.after).toBe('A.b_c-9');
  });

  it('refuses a marker that no run of this SDK writes', () => {
    const text = formatMarker(marker);
    const variants = [
      text.replace('id=0a1b2c3d4e5f6789', 'id=0a1b2c3d4e5f678'), // 15 hex digits
      text.replace('id=0a1b2c3d4e5f6789', 'id=0a1b2c3d4e5f67890'),
      text.replace('id=0a1b2c3d4e5f6789', 'id=0A1B2C3D4E5F6789'),
      text.replace('id=0a1b2c3d4e5f6789', 'id=0a1b2c3d4e5f678g'),
      text.replace('gen=3', 'gen=0'),
      text.replace('gen=3', 'gen=1234567'),
      text.replace('gen=3', 'gen=x'),
      text.replace('chunk=2/6', 'chunk=0/6'),
      text.replace('chunk=2/6', 'chunk=7/6'),
      text.replace('chunk=2/6', 'chunk=12345678/6'),
      text.replace('chunk=2/6', 'chunk=2/12345678'),
      text.replace('size=100', 'size=0'),
      text.replace('size=100', 'size=123456'),
      text.replace('fp=100:1f2e3d4c', 'fp=100:1f2e3d4'),
      text.replace('fp=100:1f2e3d4c', 'fp=100:1f2e3d4cc'),
      text.replace('fp=100:1f2e3d4c', 'fp=123456:1f2e3d4c'),
      text.replace('fp=100:1f2e3d4c', 'fp=100:1F2E3D4C'),
      text.replace('fp=100:1f2e3d4c', 'fp=:1f2e3d4c'),
      text.replace(']', ' after=]'),
      text.replace(']', ` after=${'a'.repeat(65)}]`),
      text.replace(']', ' after=a/b]'),
      text.replace('[soracom-batch ', '[soracom-batchx '),
      text.replace('[soracom-batch ', '[soracom-batch  '),
      text.slice(1),
      text.slice(0, -1),
    ];
    for (const variant of variants) expect(parseMarker(variant), variant).toBeUndefined();
  });

  it('reads the last chunk of a plan, and the first', () => {
    expect(parseMarker(formatMarker({ ...marker, chunk: 5 }))?.chunk).toBe(5);
    expect(parseMarker(formatMarker({ ...marker, chunk: 0 }))?.chunk).toBe(0);
    expect(parseMarker(formatMarker({ ...marker, gen: 1, size: 1 }))).toMatchObject({ gen: 1, size: 1 });
  });

  it('match only when every field does: a job differing in any one is another chunk’s, never adopted', () => {
    const after = { ...marker, after: 'job-1' };
    expect(sameMarker({ ...marker }, marker)).toBe(true);
    expect(sameMarker(parseMarker(formatMarker(after)), after)).toBe(true);
    expect(sameMarker(undefined, marker)).toBe(false);
    const others: Marker[] = [
      { ...marker, id: 'ffffffffffffffff' },
      { ...marker, gen: 4 },
      { ...marker, chunk: 2 },
      { ...marker, chunkCount: 7 },
      { ...marker, size: 1000 },
      { ...marker, fingerprint: '100:00000000' },
      after,
    ];
    for (const other of others) {
      expect(sameMarker(other, marker), formatMarker(other)).toBe(false);
      expect(sameMarker(marker, other), formatMarker(other)).toBe(false);
    }
  });
});

describe('the room left for jobName and description', () => {
  it('jobName: the job limit, less " (n/n)" when the run has several jobs', () => {
    expect(maxRunJobNameLength(1)).toBe(batchLimits.maxJobNameLength);
    expect(maxRunJobNameLength(12)).toBe(batchLimits.maxJobNameLength - ' (12/12)'.length);
    expect(maxRunJobNameLength(2)).toBe(batchLimits.maxJobNameLength - ' (2/2)'.length);
  });

  it('description: the longest description plus a space and the longest marker of the plan fits the job limit exactly', () => {
    for (const chunkCount of [1, 9, 10, 250]) {
      const room = maxRunDescriptionLength(chunkCount);
      const longest = formatMarker({
        id: 'f'.repeat(16),
        gen: 999_999,
        chunk: chunkCount - 1,
        chunkCount,
        size: batchLimits.maxTasksPerJob,
        fingerprint: `${batchLimits.maxTasksPerJob}:ffffffff`,
        after: 'x'.repeat(64),
      });
      expect(chunkDescription('d'.repeat(room), longest)).toHaveLength(batchLimits.maxJobDescriptionLength);
    }
    expect(maxRunDescriptionLength(10)).toBe(maxRunDescriptionLength(9) - 2);
  });
});

describe('planChunks and checkChunkSize', () => {
  it('slices tasks in order into chunks of at most chunkSize', () => {
    expect(planChunks(7, 3)).toEqual([
      { index: 0, start: 0, end: 3 },
      { index: 1, start: 3, end: 6 },
      { index: 2, start: 6, end: 7 },
    ]);
    expect(planChunks(6, 3).map((c) => c.end)).toEqual([3, 6]);
    expect(planChunks(0, 3)).toEqual([]);
    expect(planChunks(1, 10_000)).toEqual([{ index: 0, start: 0, end: 1 }]);
  });

  it('takes integers from 1 to 10,000, naming the argument otherwise', () => {
    expect(checkChunkSize(1, 'x')).toBe(1);
    expect(checkChunkSize(batchLimits.maxTasksPerJob, 'x')).toBe(batchLimits.maxTasksPerJob);
    for (const bad of [0, -1, batchLimits.maxTasksPerJob + 1, 2.5, Number.NaN, '100', undefined]) {
      expect(() => checkChunkSize(bad, '--chunk-size'), String(bad)).toThrow(
        `--chunk-size must be an integer from 1 to ${batchLimits.maxTasksPerJob}`,
      );
    }
    expect(() => checkChunkSize('100', '--chunk-size')).toThrow('(tasks per job; got 100)');
  });
});

describe('planRun', () => {
  it('defaults to chunks of 10,000 and keeps the caller’s name and description', () => {
    const plan = planRun({ taskCount: 25_000, jobName: 'June', description: 'activation' });
    expect(plan).toMatchObject({ taskCount: 25_000, chunkSize: 10_000, jobName: 'June', description: 'activation' });
    expect(plan.chunks.map((c) => c.end - c.start)).toEqual([10_000, 10_000, 5_000]);
  });

  it('refuses a jobName with no room for " (i/n)", by the argument names it is given', () => {
    const fits = 'n'.repeat(maxRunJobNameLength(3));
    expect(planRun({ taskCount: 3, chunkSize: 1, jobName: fits }).jobName).toBe(fits);
    const error = (() => {
      try {
        planRun(
          { taskCount: 3, chunkSize: 1, jobName: `${fits}n` },
          { chunkSize: 'c', jobName: '--job-name', description: 'd' },
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BatchValidationError);
    expect((error as Error).message).toContain(`--job-name must be a string of at most ${fits.length} characters`);
    expect((error as Error).message).toContain(
      `(the job limit is ${batchLimits.maxJobNameLength}, and " (i/3)" is appended)`,
    );

    const single = 'n'.repeat(batchLimits.maxJobNameLength);
    expect(planRun({ taskCount: 1, jobName: single }).jobName).toBe(single);
    expect(() => planRun({ taskCount: 1, jobName: `${single}n` })).toThrow(
      `runTasks.jobName must be a string of at most ${batchLimits.maxJobNameLength} characters (the job limit is ${batchLimits.maxJobNameLength})`,
    );
    expect(() => planRun({ taskCount: 1, jobName: 5 as unknown as string })).toThrow('runTasks.jobName');
  });

  it('counts characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(batchLimits.maxJobNameLength);
    expect(planRun({ taskCount: 1, jobName: emoji }).jobName).toBe(emoji);
  });

  it('refuses a description with no room for the marker', () => {
    const room = maxRunDescriptionLength(1);
    expect(planRun({ taskCount: 1, description: 'd'.repeat(room) }).description).toHaveLength(room);
    expect(() => planRun({ taskCount: 1, description: 'd'.repeat(room + 1) })).toThrow(
      `runTasks.description must be a string of at most ${room} characters (the job limit is ${batchLimits.maxJobDescriptionLength}, and the run appends a marker to find its jobs again)`,
    );
    expect(() => planRun({ taskCount: 1, description: {} as unknown as string })).toThrow('runTasks.description');
    expect(() => planRun({ taskCount: 1, chunkSize: 0 })).toThrow('runTasks.chunkSize must be an integer');
  });
});

describe('job names and descriptions', () => {
  it('numbers the jobs of a run of several, and leaves a single job’s name alone', () => {
    expect(chunkJobName('June', 0, 3)).toBe('June (1/3)');
    expect(chunkJobName('June', 2, 3)).toBe('June (3/3)');
    expect(chunkJobName('June', 0, 1)).toBe('June');
    expect(chunkJobName(undefined, 0, 3)).toBeUndefined();
  });

  it('puts the marker after the caller’s description, or alone', () => {
    expect(chunkDescription('June', '[m]')).toBe('June [m]');
    expect(chunkDescription(undefined, '[m]')).toBe('[m]');
    expect(chunkDescription('', '[m]')).toBe('[m]');
  });
});

/** FNV-1a, 32 bits, in BigInt arithmetic: an oracle written apart from the code under test. */
function fnv1a32(text: string, basis: bigint): string {
  let h = basis;
  for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) {
    h = ((h ^ BigInt(unit)) * 0x01000193n) & 0xffffffffn;
  }
  return h.toString(16).padStart(8, '0');
}

describe('identity', () => {
  it('is two FNV-1a hashes of the text, with two offset bases, as 16 hex digits', () => {
    // Published FNV-1a vectors: "" → 811c9dc5, "a" → e40c292c, "foobar" → bf9cf968.
    expect(hash64Hex('').slice(0, 8)).toBe('811c9dc5');
    expect(hash64Hex('a').slice(0, 8)).toBe('e40c292c');
    expect(hash64Hex('foobar').slice(0, 8)).toBe('bf9cf968');
    const second = 0x811c9dc5n ^ 0x5bd1e995n;
    for (const text of ['', 'a', 'foobar', 'run\nactivateSim\n3\nabc', 'ü€😀']) {
      expect(hash64Hex(text)).toBe(fnv1a32(text, 0x811c9dc5n) + fnv1a32(text, second));
    }
  });

  it('keeps leading zeros: always 16 digits', () => {
    const texts = Array.from({ length: 400 }, (_, i) => `t${i}`);
    const zeroLed = texts.filter((t) => fnv1a32(t, 0x811c9dc5n).startsWith('0'));
    expect(zeroLed.length).toBeGreaterThan(0);
    for (const text of zeroLed) expect(hash64Hex(text)).toMatch(/^0[0-9a-f]{15}$/);
  });

  it('tells runs apart by action, task count and tasks, and retries by the job they retry', () => {
    const run = runIdentity('activateSim', 3, 'abc');
    expect(runIdentity('activateSim', 3, 'abc')).toBe(run);
    expect(
      new Set([
        run,
        runIdentity('deactivateSim', 3, 'abc'),
        runIdentity('activateSim', 4, 'abc'),
        runIdentity('activateSim', 3, 'abd'),
      ]).size,
    ).toBe(4);
    expect(run).toBe(hash64Hex('run\nactivateSim\n3\nabc'));
    expect(retryIdentity('job-1')).toBe(hash64Hex('retry\njob-1'));
    expect(retryIdentity('job-1')).not.toBe(retryIdentity('job-2'));
  });
});
