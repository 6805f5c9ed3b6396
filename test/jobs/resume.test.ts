/**
 * Resume: a run interrupted at every step of its state (before and after the state was persisted)
 * and run again, with what was persisted or with nothing, submits every task exactly once and drops
 * none; a run that had finished everything before it crashed is refused (`AlreadyRunError`).
 */
import { describe, expect, it } from 'vitest';
import { AlreadyRunError, isSoracomError, tasks } from '../../src/index.js';
import type { RunState } from '../../src/runner/run-state.js';
import { simIds } from '../../src/testing/index.js';
import { FAST_WAIT, jobsOf, submissionsPerSim, useHarness } from './support.js';

const start = useHarness();
const TOTAL = 25;
const CHUNK = 10;

class Crash extends Error {}

/**
 * Runs until the k-th state change, "persisting" before or after crashing, then runs again: with the
 * persisted state, or with none (the batch group's jobs alone), and without the chunk size.
 */
async function crashAndResume(k: number, persistBeforeCrash: boolean, withState: boolean) {
  const h = await start({ sims: TOTAL, tasksPerTick: 3, taskDurationMs: 1 });
  const list = tasks.many('activateSim', simIds(TOTAL));
  let persisted: RunState | undefined;
  let calls = 0;
  const first = await h.jobs
    .runTasks({
      batch_group_id: h.groupId,
      tasks: list,
      chunkSize: CHUNK,
      wait: FAST_WAIT,
      onState: (state) => {
        calls++;
        if (calls === k) {
          if (persistBeforeCrash) persisted = state;
          throw new Crash(`crash at state change ${k}`);
        }
        persisted = state;
      },
    })
    .then(
      () => 'finished',
      (e: unknown) => e,
    );
  const crashed = first instanceof Crash;
  if (crashed) {
    const again = await h.jobs
      .runTasks({
        batch_group_id: h.groupId,
        tasks: list,
        wait: FAST_WAIT,
        // A crash between persisting `sending` and sending leaves the outcome unknown: the run looks
        // for the job for this long before it submits the chunk (also after the group's last activity).
        settleWindowMs: 100,
        resume: withState ? persisted : undefined,
      })
      .catch((error: unknown) => error);
    if (isSoracomError(again, AlreadyRunError)) {
      // Crashed as it saved its very last state: every job had finished, and the group says so.
      expect(again.succeeded, `k=${k}`).toBe(TOTAL);
    } else {
      expect(again, `k=${k}`).toMatchObject({ succeeded: TOTAL, ok: true });
    }
  }
  await h.emulator.state.whenIdle();
  const counts = submissionsPerSim(h.emulator);
  expect(counts.size, `k=${k}: every task submitted`).toBe(TOTAL);
  expect(
    [...counts.values()].filter((n) => n !== 1),
    `k=${k}: no task submitted twice`,
  ).toEqual([]);
  return { crashed, calls };
}

describe('resuming an interrupted run', () => {
  it('counts the state changes of a full run (1 initial, 3 per job, 1 final saying nothing is in flight)', async () => {
    const h = await start({ sims: TOTAL });
    const states: RunState[] = [];
    await h.jobs.runTasks({
      batch_group_id: h.groupId,
      tasks: tasks.many('activateSim', simIds(TOTAL)),
      chunkSize: CHUNK,
      wait: FAST_WAIT,
      onState: (s) => void states.push(s),
    });
    expect(states.map((s) => s.streams[0]?.chunks.map((c) => c.status[0]).join(''))).toEqual([
      'ppp',
      'spp',
      'rpp',
      'fpp',
      'fsp',
      'frp',
      'ffp',
      'ffs',
      'ffr',
      'fff',
      'fff',
    ]);
    // The last one says, as of the server's clock, that no create was in flight when the run ended.
    expect(states.at(-1)?.streams[0]?.seenActivity).toBeGreaterThan(states.at(-2)?.streams[0]?.seenActivity ?? 0);
    // The state is small and plain JSON: one entry per job, no task bodies (25 tasks would be over 2,000).
    expect(JSON.stringify(states.at(-1)).length).toBeLessThan(3 * 400);
  });

  for (const persistBeforeCrash of [true, false]) {
    for (const withState of [true, false]) {
      it(`never submits a task twice nor drops one, crashing at every step (${persistBeforeCrash ? 'after' : 'before'} persisting; run again ${withState ? 'with the state' : 'with no state'})`, async () => {
        for (let k = 1; k <= 11; k++) {
          const { crashed } = await crashAndResume(k, persistBeforeCrash, withState);
          expect(crashed, `k=${k}`).toBe(true);
        }
      });
    }
  }

  it('adopts the job whose createBatchJob answer was lost, instead of submitting it again', async () => {
    const h = await start({ sims: TOTAL });
    let lose = 1;
    const lossyFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      if (request.method === 'POST' && request.url.endsWith('/jobs') && lose-- > 0) {
        // The server created the job, but the answer never reaches the client.
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const { createBatchClient } = await import('../../src/index.js');
    const lossy = createBatchClient({
      baseUrl: h.emulator.baseUrl,
      auth: { apiKey: h.emulator.credentials.apiKey as string, token: h.emulator.credentials.token as string },
      fetch: lossyFetch,
    });
    const result = await jobsOf(lossy).runTasks({
      batch_group_id: h.groupId,
      tasks: tasks.many('activateSim', simIds(TOTAL)),
      wait: FAST_WAIT,
    });
    expect(result.ok).toBe(true);
    expect(h.emulator.state.jobs()).toHaveLength(1);
    expect([...submissionsPerSim(h.emulator).values()].every((n) => n === 1)).toBe(true);
  });
});
