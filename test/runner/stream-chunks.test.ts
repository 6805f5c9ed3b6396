/**
 * A stream's chunks moved one after another (src/runner/stream.ts), seen from outside the runner: how far
 * the stream's tasks are read and when they are closed; what the progress reports and the saved states
 * say while a chunk is sent and its job runs; which create answers are taken for the chunk's job; how a
 * job the server aborted on its own is finished; how a stop ends each wait of a chunk's moves; how a run
 * resumed after a create in flight, or started right after another run, looks for a job before sending;
 * and how a job reported ended with tasks pending is polled again. The emulator does the work; the four
 * client methods the runner uses are wrapped where a test edits an answer.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/batch.js';
import {
  BadRequestError,
  type BatchClient,
  isSoracomError,
  type PlainTask,
  type Task,
  tasks,
} from '../../src/index.js';
import type { RunnerClient } from '../../src/runner/api.js';
import { parseMarker } from '../../src/runner/plan.js';
import type { RunProgress, RunState } from '../../src/runner/run-state.js';
import { runTasks } from '../../src/runner/run-tasks.js';
import type { RunTasksParams } from '../../src/runner/run-types.js';
import { fingerprintChunk } from '../../src/runner/sources.js';
import { type BatchEmulatorOptions, simIds } from '../../src/testing/index.js';
import { FAST_SUBMIT, FAST_WAIT, type Harness, useHarness } from '../jobs/support.js';
import { edited } from './support.js';

type BatchJob = components['schemas']['BatchJobResponse'];

const start = useHarness();
const SIMS = 20;
const ids = simIds(SIMS);
const FAST = { wait: FAST_WAIT, submitDelay: FAST_SUBMIT, chunkSize: 10 };

const simOf = (task: { request: { path: string } }) => /\/sims\/([^/]+)\//.exec(task.request.path)?.[1];

describe('the stream’s tasks', () => {
  it('are read no further than the last chunk, and closed once the chunks are done', async () => {
    const { batch, groupId } = await start({ sims: SIMS });
    let readToTheEnd = 0;
    let closed = 0;
    const source = function* () {
      try {
        for (const id of ids) yield tasks.activateSim(id);
        readToTheEnd++;
      } finally {
        closed++;
      }
    };
    const result = await runTasks(batch, { batch_group_id: groupId, tasks: source, ...FAST });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    // Read twice: the survey reads to the end; the jobs' read stops after the last chunk, and is closed.
    expect(readToTheEnd).toBe(1);
    expect(closed).toBe(2);
  });
});

describe('progress while a chunk’s job runs', () => {
  it('names the stream, the chunk, its job and the job’s status as polled', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS, paused: true });
    const named: Array<RunProgress['current']> = [];
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      onProgress: (p) => {
        if (p.current?.jobId === undefined) return;
        named.push(p.current);
        emulator.state.resume(); // the job stays pending until its first poll was reported
      },
    });
    expect(result.ok).toBe(true);
    const [first] = emulator.state.jobs();
    expect(named[0]).toEqual({
      stream: 0,
      action: 'activateSim',
      chunk: 0,
      chunkCount: 2,
      jobId: first?.jobId,
      status: 'pending',
    });
  });
});

describe('the activity the stream has seen', () => {
  it('is saved as the latest creation or end of its jobs, an answer without times changing nothing', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS });
    const ended = (job: BatchJob) => job.status !== 'pending' && job.status !== 'running';
    // Jobs that ran a minute; the second create is answered without the job's times.
    const getBatchJob = (async (params, options) => {
      const job = await batch.getBatchJob(params, options);
      return ended(job) ? { ...job, finishedTime: job.createdTime + 60 } : job;
    }) as RunnerClient['getBatchJob'];
    let creates = 0;
    const createBatchJob = (async (params, options) => {
      const job = await batch.createBatchJob(params, options);
      if (++creates === 1) return job;
      const { createdTime: _c, finishedTime: _f, ...rest } = job;
      return rest as BatchJob;
    }) as RunnerClient['createBatchJob'];
    const saved: RunState[] = [];
    const result = await runTasks(edited(batch, { getBatchJob, createBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      onState: (state) => void saved.push(state),
    });
    expect(result.ok).toBe(true);
    const withJobs = saved.map((s) => s.streams[0]).filter((s) => s?.chunks[0]?.jobs.length);
    expect(withJobs.length).toBeGreaterThan(2);
    for (const stream of withJobs) {
      const times = stream?.chunks.flatMap((c) =>
        c.jobs.map((j) => (j.finishedTime ?? j.createdTime ?? Number.NaN) * 1000),
      );
      expect(stream?.seenActivity).toBe(Math.max(0, ...(times ?? []).filter(Number.isFinite)));
    }
    const latest = Math.max(...emulator.state.jobs().map((j) => j.createdTime + 60)) * 1000;
    expect(result.state.streams[0]?.seenActivity).toBe(latest);
  });
});

describe('a create answered with a job that is not the chunk’s', () => {
  it('is not taken when it is another job of the run, even one answered without its description', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS });
    let first: BatchJob | undefined;
    const createBatchJob = (async (params, options) => {
      const made = await batch.createBatchJob(params, options);
      if (first === undefined) {
        first = made;
        return made;
      }
      const { description: _d, ...rest } = first;
      return rest as BatchJob; // the second create made its job, and answered the first one
    }) as RunnerClient['createBatchJob'];
    const result = await runTasks(edited(batch, { createBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      settleWindowMs: 200,
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    expect(result.jobs.map((j) => j.jobId).sort()).toEqual(
      emulator.state
        .jobs()
        .map((j) => j.jobId)
        .sort(),
    );
    expect(new Set(result.jobs.map((j) => j.jobId)).size).toBe(2);
  });

  it('is not taken when it is a job outside the run with another description', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS + 1 });
    const other = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { tasks: [tasks.suspendSim(simIds(SIMS + 1)[SIMS] as string)], description: 'someone else’s job' },
    });
    let answered = false;
    const createBatchJob = (async (params, options) => {
      const made = await batch.createBatchJob(params, options);
      if (answered) return made;
      answered = true;
      return other; // the first create made the chunk's job, and answered another
    }) as RunnerClient['createBatchJob'];
    const result = await runTasks(edited(batch, { createBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      settleWindowMs: 200,
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    expect(result.jobs.map((j) => j.jobId)).not.toContain(other.jobId);
    const ours = emulator.state.jobs().filter((j) => parseMarker(j.description) !== undefined);
    expect(result.jobs.map((j) => j.jobId).sort()).toEqual(ours.map((j) => j.jobId).sort());
  });
});

describe('a create refused while another job of the same action runs', () => {
  it('is tried again, each wait reported, until maxSubmitWaitMs, then the refusal is the run’s error', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS, paused: true });
    // Never runs: the emulator is paused.
    await batch.createBatchJob({ batch_group_id: groupId, body: { tasks: [tasks.activateSim(ids[0] as string)] } });
    const waits: Array<RunProgress['current']> = [];
    const error = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      maxSubmitWaitMs: 300,
      onProgress: (p) => {
        if (p.current?.waiting !== undefined) waits.push(p.current);
      },
    }).catch((e: unknown) => e);
    expect(isSoracomError(error, BadRequestError)).toBe(true);
    expect(emulator.state.jobs()).toHaveLength(1);
    expect(waits.length).toBeGreaterThan(0);
    waits.forEach((current, k) => {
      expect(current).toMatchObject({ stream: 0, chunk: 0, chunkCount: 2, status: 'sending' });
      // FAST_SUBMIT waits at most 20 ms.
      expect(current?.waiting).toBe(`another job of the same action is running; trying again in 0.0 s (wait ${k + 1})`);
    });
  });
});

describe('a job the server aborted though the run did not ask it to', () => {
  it('has its never-run tasks run as a job of their own, as they were sent, before the next chunk', async () => {
    const failing = ids[2] as string;
    const { batch, emulator, groupId } = await start({ sims: SIMS, failingSims: [failing] });
    // Every other task without a body (the API ignores activateSim's).
    const list: Array<PlainTask | Task<'activateSim'>> = ids.map((id, i) =>
      i % 2 === 0 ? tasks.activateSim(id) : { request: { path: `/v1/sims/${id}/activate`, method: 'POST' } },
    );
    let creates = 0;
    // The first job is made to abort on its first failure (as a job set up elsewhere might be).
    const createBatchJob = ((params, options) => {
      const body = ++creates === 1 ? { ...params.body, abortOnFailure: true } : params.body;
      return batch.createBatchJob({ ...params, body }, options);
    }) as RunnerClient['createBatchJob'];
    const result = await runTasks(edited(batch, { createBatchJob }), {
      batch_group_id: groupId,
      tasks: list,
      ...FAST,
    });
    expect(result).toMatchObject({ ok: false, failed: 1, succeeded: SIMS - 1, notRun: 0 });
    const [aborted, rest, second] = result.jobs;
    expect(aborted?.status).toBe('aborted');
    expect(rest).toMatchObject({ after: aborted?.jobId, taskCount: 7, status: 'completed' });
    expect(second).toMatchObject({ taskCount: 10, status: 'completed' });
    expect(result.state.streams[0]?.chunks.map((c) => c.status)).toEqual(['finished', 'finished']);
    // The rest's tasks are the chunk's last seven, with or without bodies, marked with their own fingerprint.
    const restJob = emulator.state.jobs().find((j) => j.jobId === rest?.jobId);
    const restTasks = emulator.state.tasks(rest?.jobId as string).map((t) => ({ request: t.request }));
    expect(restTasks).toEqual(list.slice(3, 10).map((t) => ({ request: t.request })));
    expect(parseMarker(restJob?.description)).toMatchObject({
      chunk: 0,
      after: aborted?.jobId,
      fingerprint: fingerprintChunk(list.slice(3, 10)),
    });
    expect(emulator.state.tasks(aborted?.jobId as string).map(simOf)).toEqual(ids.slice(0, 10));
  });
});

/** Stops a request where it is: it answers nothing until the signal it was given aborts. */
type Hang = (signal: AbortSignal | undefined) => Promise<never>;

/**
 * Runs the SIMs' tasks through the client `edits` makes. The first request `edits` hangs presses the stop
 * (`stop`, or `signal` when `hard`): the run must end with the stop's reason, the request released by it.
 */
async function stoppedWhileHanging(
  options: BatchEmulatorOptions,
  edits: (h: Harness, hang: Hang) => Partial<RunnerClient>,
  more: Partial<RunTasksParams> & { hard?: boolean } = {},
) {
  const h = await start({ sims: SIMS, ...options });
  const { hard, ...params } = more;
  const press = new AbortController();
  const reason = new Error('stopped');
  let hung = 0;
  const saved: RunState[] = [];
  const hang: Hang = (signal) => {
    hung++;
    const released = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    press.abort(reason);
    return released;
  };
  const error = await runTasks(edited(h.batch, edits(h, hang)), {
    batch_group_id: h.groupId,
    tasks: tasks.many('activateSim', ids),
    ...FAST,
    onState: (state) => void saved.push(state),
    ...params,
    ...(hard ? { signal: press.signal } : { stop: press.signal }),
  }).catch((e: unknown) => e);
  expect(hung).toBe(1);
  expect(error).toBe(reason);
  return { ...h, state: saved.at(-1) as RunState };
}

/** A createBatchJob that hangs. */
function hangingCreate(hang: Hang) {
  return ((_params: unknown, options?: { signal?: AbortSignal }) =>
    hang(options?.signal)) as unknown as RunnerClient['createBatchJob'];
}

/** A task listing that hangs for the reads `hangs` picks. */
function listingHanging(batch: BatchClient, hang: Hang, hangs: (params: { status?: string }) => boolean) {
  return ((params: Parameters<BatchClient['listTasksOfBatchJob']>[0], options?: { signal?: AbortSignal }) => {
    if (!hangs(params as { status?: string })) return batch.listTasksOfBatchJob(params, options);
    return (async function* () {
      yield* [] as never[];
      await hang(options?.signal);
    })();
  }) as unknown as RunnerClient['listTasksOfBatchJob'];
}

/** A job listing that hangs for the reads `hangs` picks. */
function jobListingHanging(batch: BatchClient, hang: Hang, hangs: () => boolean) {
  return ((params: Parameters<BatchClient['listBatchJobs']>[0], options?: { signal?: AbortSignal }) => {
    if (!hangs()) return batch.listBatchJobs(params, options);
    return {
      pages: async function* () {
        yield* [] as never[];
        await hang(options?.signal);
      },
    };
  }) as unknown as RunnerClient['listBatchJobs'];
}

describe('a stop while a chunk’s move waits on the API', () => {
  it('ends the look for the next chunk’s job before its create', async () => {
    const { emulator } = await stoppedWhileHanging({}, ({ batch, emulator }, hang) => ({
      listBatchJobs: jobListingHanging(batch, hang, () => emulator.state.jobs().length === 1),
    }));
    expect(emulator.state.jobs()).toHaveLength(1);
  });

  it('ends a create in flight when it is the hard stop', async () => {
    const { emulator, state } = await stoppedWhileHanging({}, (_h, hang) => ({ createBatchJob: hangingCreate(hang) }), {
      hard: true,
    });
    expect(emulator.state.jobs()).toHaveLength(0);
    expect(state.streams[0]?.chunks[0]?.status).toBe('sending');
  });

  it('ends the count of a job’s tasks when its summary does not add up', async () => {
    await stoppedWhileHanging({}, ({ batch }, hang) => ({
      getBatchJob: (async (params, options) => {
        const job = await batch.getBatchJob(params, options);
        return job.status === 'completed' ? { ...job, summary: { success: 1, error: 0, pending: 0 } } : job;
      }) as RunnerClient['getBatchJob'],
      listTasksOfBatchJob: listingHanging(batch, hang, (params) => params.status === undefined),
    }));
  });

  it('ends the listing of a job’s failed tasks', async () => {
    await stoppedWhileHanging({ failingSims: [ids[4] as string] }, ({ batch }, hang) => ({
      listTasksOfBatchJob: listingHanging(batch, hang, (params) => params.status === 'error'),
    }));
  });

  // The first job aborts on its failure, though the run did not ask it to: its never-run tasks are looked at.
  const abortingFirst = (batch: BatchClient) => {
    let creates = 0;
    return ((params, options) => {
      const body = ++creates === 1 ? { ...params.body, abortOnFailure: true } : params.body;
      return batch.createBatchJob({ ...params, body }, options);
    }) as RunnerClient['createBatchJob'];
  };

  it('ends the look for a retry of an aborted job', async () => {
    const { emulator } = await stoppedWhileHanging(
      { failingSims: [ids[2] as string] },
      ({ batch, emulator }, hang) => ({
        createBatchJob: abortingFirst(batch),
        listBatchJobs: jobListingHanging(batch, hang, () => emulator.state.jobs()[0]?.status === 'aborted'),
      }),
    );
    expect(emulator.state.jobs()).toHaveLength(1);
  });

  it('ends the listing of an aborted job’s never-run tasks', async () => {
    const { emulator } = await stoppedWhileHanging({ failingSims: [ids[2] as string] }, ({ batch }, hang) => ({
      createBatchJob: abortingFirst(batch),
      listTasksOfBatchJob: listingHanging(batch, hang, (params) => params.status === 'pending'),
    }));
    expect(emulator.state.jobs()).toHaveLength(1);
  });
});

/** How many times each SIM's task ran (succeeded or failed), across every job the emulator holds. */
function ranPerSim(emulator: Harness['emulator']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of emulator.state.jobs())
    for (const task of emulator.state.tasks(job.jobId))
      if (task.status !== 'pending') counts.set(simOf(task) as string, (counts.get(simOf(task) as string) ?? 0) + 1);
  return counts;
}

describe('a chunk whose create was in flight when the run was stopped', () => {
  const waitingOf = (seen: string[]) => (p: RunProgress) => {
    if (p.current?.waiting !== undefined) seen.push(p.current.waiting);
  };

  it('is looked for until the settle window has passed, saying why, then sent once', async () => {
    const { batch, emulator, groupId, state } = await stoppedWhileHanging(
      {},
      (_h, hang) => ({ createBatchJob: hangingCreate(hang) }),
      { hard: true, settleWindowMs: 200 },
    );
    const waits: string[] = [];
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      settleWindowMs: 200,
      resume: state,
      onProgress: waitingOf(waits),
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toMatch(
      /^the last createBatchJob answer was lost: looking for the job it may have made; trying again in \d\.\d s \(wait 1\)$/,
    );
    expect([...ranPerSim(emulator).values()].every((n) => n === 1)).toBe(true);
  });

  it('when it was the create of an aborted job’s never-run tasks, sends only those, once', async () => {
    const failing = ids[2] as string;
    let creates = 0;
    const { batch, emulator, groupId, state } = await stoppedWhileHanging(
      { failingSims: [failing] },
      ({ batch }, hang) => ({
        // The first job aborts on its failure; the create of its never-run tasks hangs.
        createBatchJob: ((params, options) => {
          if (++creates > 1) return hang(options?.signal);
          return batch.createBatchJob({ ...params, body: { ...params.body, abortOnFailure: true } }, options);
        }) as RunnerClient['createBatchJob'],
      }),
      { hard: true, settleWindowMs: 200 },
    );
    expect(state.streams[0]?.chunks[0]?.sending?.after).toBe(emulator.state.jobs()[0]?.jobId);
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      settleWindowMs: 200,
      resume: state,
    });
    expect(result).toMatchObject({ ok: false, failed: 1, succeeded: SIMS - 1, notRun: 0 });
    const ran = ranPerSim(emulator);
    expect(ids.filter((id) => ran.get(id) !== 1)).toEqual([]);
  });
});

describe('a create answered without the job’s description', () => {
  it('is taken as the chunk’s job: the group is looked at no more often than for a full answer', async () => {
    const looks = async (strip: boolean) => {
      const { batch, groupId } = await start({ sims: SIMS });
      let count = 0;
      const listBatchJobs = ((params: Parameters<BatchClient['listBatchJobs']>[0], options?: object) => {
        count++;
        return batch.listBatchJobs(params, options);
      }) as unknown as RunnerClient['listBatchJobs'];
      const createBatchJob = (async (params, options) => {
        const { description: _d, ...rest } = await batch.createBatchJob(params, options);
        return strip ? (rest as BatchJob) : { ...rest, description: _d };
      }) as RunnerClient['createBatchJob'];
      const api = edited(batch, { listBatchJobs, createBatchJob });
      const result = await runTasks(api, { batch_group_id: groupId, tasks: tasks.many('activateSim', ids), ...FAST });
      expect(result).toMatchObject({ ok: true, succeeded: SIMS });
      return count;
    };
    expect(await looks(true)).toBe(await looks(false));
  });
});

describe('a job reported ended while tasks are still pending, polled again', () => {
  let lies = 0;
  /** A getBatchJob whose first `lies` answers for a completed job still count a pending task. */
  const lying = (batch: BatchClient, count: number) => {
    lies = count;
    return (async (params, options) => {
      const job = await batch.getBatchJob(params, options);
      if (job.status !== 'completed' || lies === 0) return job;
      lies--;
      const { success = 0, error = 0 } = job.summary ?? {};
      return { ...job, summary: { success: success - 1, error, pending: 1 } };
    }) as RunnerClient['getBatchJob'];
  };

  it('after at most the wait’s maxDelayMs each time: five such answers fit in a 10 s limit', async () => {
    const { batch, groupId } = await start({ sims: SIMS });
    const result = await runTasks(edited(batch, { getBatchJob: lying(batch, 5) }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      ...FAST,
      wait: { ...FAST_WAIT, maxWaitMs: 10_000 },
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS, notRun: 0 });
    expect(lies).toBe(0);
  });

  it('after a second when the run has no wait options', async () => {
    const { batch, groupId } = await start({ sims: SIMS });
    const result = await runTasks(edited(batch, { getBatchJob: lying(batch, 1) }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      chunkSize: SIMS,
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS, notRun: 0 });
    expect(lies).toBe(0);
  });
});

describe('a run started right after another run of the same tasks stopped', () => {
  it('looks for a job the stopped run may still be creating before its first create, saying why', async () => {
    const { batch, emulator, groupId } = await start({ sims: SIMS });
    const stop = new AbortController();
    const params = { batch_group_id: groupId, tasks: tasks.many('activateSim', ids), ...FAST, settleWindowMs: 2_000 };
    const stopped = await runTasks(batch, {
      ...params,
      stop: stop.signal,
      onProgress: (p) => {
        if (p.current?.chunk === 0 && p.current.status === 'completed') stop.abort(new Error('stopped'));
      },
    }).catch((e: unknown) => e);
    expect((stopped as Error).message).toBe('stopped');
    expect(emulator.state.jobs()).toHaveLength(1);
    // No state passed on: the group's last activity (the first job's end) is moments ago.
    const waits: string[] = [];
    const result = await runTasks(batch, {
      ...params,
      onProgress: (p) => {
        if (p.current?.waiting !== undefined) waits.push(p.current.waiting);
      },
    });
    expect(result).toMatchObject({ ok: true, succeeded: SIMS });
    expect(waits[0]).toMatch(
      /^a run of these tasks was active moments ago: looking for a job it may still be creating; trying again in /,
    );
    expect(emulator.state.jobs()).toHaveLength(2);
  });
});

describe('the pauses before a job reported ended with tasks pending is polled again', () => {
  it('start at a second and double: the second pause, 2 s, would pass a 2.9 s limit, so the wait gives up', async () => {
    const { batch, groupId } = await start({ sims: SIMS });
    let lies = 3;
    const getBatchJob = (async (params, options) => {
      const job = await batch.getBatchJob(params, options);
      if (job.status !== 'completed' || lies === 0) return job;
      lies--;
      return { ...job, summary: { success: SIMS - 1, error: 0, pending: 1 } };
    }) as RunnerClient['getBatchJob'];
    const error = await runTasks(edited(batch, { getBatchJob }), {
      batch_group_id: groupId,
      tasks: tasks.many('activateSim', ids),
      chunkSize: SIMS,
      wait: { minDelayMs: 5, maxDelayMs: 30_000, maxWaitMs: 2_900 },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /is reported completed with 1 task\(s\) still pending, past the wait's limit/,
    );
    // Polled twice: once more after the first pause (1 s); the next one (2 s) did not fit.
    expect(lies).toBe(1);
  });
});
