/** shared-pass.ts: one parse for the streams that read together; a stream left behind reads alone, in flat memory. */
import { describe, expect, it } from 'vitest';
import type { InputFile, RowOrProblem } from '../../src/cli/input.js';
import { QUEUE_LIMIT, type RowTask, SharedPass } from '../../src/cli/shared-pass.js';
import { tasks } from '../../src/index.js';
import type { RunnableTask } from '../../src/runner/run-types.js';

/** An input of `n` rows (row i has SIM `sim-i`, row 3 is invalid) that counts its passes. */
function countingInput(n: number): InputFile & { passes: number } {
  const input = {
    label: 'rows',
    format: 'csv' as const,
    columns: { fields: new Map(), unknown: [] },
    passes: 0,
    async *rows(): AsyncGenerator<RowOrProblem, void, undefined> {
      input.passes++;
      for (let i = 1; i <= n; i++) {
        await Promise.resolve();
        if (i === 3) yield { where: `line ${i}`, position: i, message: 'invalid' };
        else yield { where: `line ${i}`, position: i, fields: { simId: `sim-${i}` } };
      }
    },
    dispose: async () => undefined,
  };
  return input;
}

/** set-group for even rows, put-tags for every row, activate for every row. */
const STREAMS: RowTask[] = [
  (row) => (row.fields && row.position % 2 === 0 ? tasks.setSimGroup(row.fields.simId as string, 'g') : undefined),
  (row) => (row.fields ? tasks.putSimTags(row.fields.simId as string, { n: String(row.position) }) : undefined),
  (row) => (row.fields ? tasks.activateSim(row.fields.simId as string) : undefined),
];

async function alone(taskOf: RowTask, n: number): Promise<RunnableTask[]> {
  const out: RunnableTask[] = [];
  for await (const row of countingInput(n).rows()) {
    const task = taskOf(row);
    if (task) out.push(task);
  }
  return out;
}

/** Reads a source in chunks of `size`, as the runner does, awaiting `between` after each chunk. */
async function readInChunks(source: () => AsyncIterable<RunnableTask>, size: number, between: () => Promise<void>) {
  const out: RunnableTask[] = [];
  let inChunk = 0;
  for await (const task of source()) {
    out.push(task);
    if (++inChunk === size) {
      inChunk = 0;
      await between();
    }
  }
  return out;
}

describe('SharedPass', () => {
  it('parses the input once for streams that read side by side, each getting its own tasks in order', async () => {
    const input = countingInput(2_000);
    const pass = new SharedPass(input);
    const read = await Promise.all(
      STREAMS.map((taskOf, k) =>
        readInChunks(pass.source(taskOf), 100 + k * 50, () => new Promise((r) => setImmediate(r))),
      ),
    );
    expect(input.passes).toBe(1);
    for (const [k, taskOf] of STREAMS.entries()) expect(read[k]).toEqual(await alone(taskOf, 2_000));
    // A second run of the same sources (the runner reads twice) starts a new shared parse.
    await Promise.all(STREAMS.map((taskOf) => readInChunks(pass.source(taskOf), 100, async () => undefined)));
    expect(input.passes).toBe(2);
  });

  it('a stream left behind by more than QUEUE_LIMIT tasks leaves the pass and reads alone, from where it was', async () => {
    const n = QUEUE_LIMIT * 2;
    const input = countingInput(n);
    const pass = new SharedPass(input);
    const [fast, slow] = [pass.source(STREAMS[2] as RowTask), pass.source(STREAMS[1] as RowTask)];
    const slowIterator = slow()[Symbol.asyncIterator]();
    const first = await slowIterator.next(); // joined the pass, then stops reading
    const fastTasks = await readInChunks(fast, 1_000, async () => undefined);
    expect(fastTasks).toEqual(await alone(STREAMS[2] as RowTask, n));
    const slowTasks = [first.value as RunnableTask];
    for (let next = await slowIterator.next(); !next.done; next = await slowIterator.next()) slowTasks.push(next.value);
    expect(slowTasks).toEqual(await alone(STREAMS[1] as RowTask, n));
    // The shared parse, then the slow stream's own from the row where it left.
    expect(input.passes).toBe(2);
  });

  it('a stream that starts after the shared parse has begun reads alone', async () => {
    const input = countingInput(500);
    const pass = new SharedPass(input);
    const first = pass
      .source(STREAMS[1] as RowTask)()
      [Symbol.asyncIterator]();
    await first.next();
    const late = await readInChunks(pass.source(STREAMS[0] as RowTask), 50, async () => undefined);
    expect(late).toEqual(await alone(STREAMS[0] as RowTask, 500));
    await first.return?.(undefined);
    expect(input.passes).toBe(2);
  });

  it('a task that cannot be built fails that stream only, after the tasks before it', async () => {
    const input = countingInput(300);
    const pass = new SharedPass(input);
    const failing: RowTask = (row) => {
      if (row.position === 200) throw new Error('row 200');
      return STREAMS[2]?.(row);
    };
    const got: RunnableTask[] = [];
    const [bad, good] = await Promise.allSettled([
      (async () => {
        for await (const task of pass.source(failing)()) got.push(task);
      })(),
      readInChunks(pass.source(STREAMS[1] as RowTask), 10, async () => undefined),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'row 200' } });
    expect(got).toHaveLength(198); // rows 1..199 but the invalid row 3
    expect(good).toMatchObject({ status: 'fulfilled', value: await alone(STREAMS[1] as RowTask, 300) });
  });
});
