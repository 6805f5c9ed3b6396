/** A client and its job helpers over a fresh emulator, closed after each test. */
import { afterEach } from 'vitest';
import { type BatchClient, createBatchClient, failedTasks, waitForJob } from '../../src/index.js';
import { retryFailed, runPlan, runTasks } from '../../src/runner/index.js';
import { type BatchEmulator, type BatchEmulatorOptions, startBatchEmulator } from '../../src/testing/index.js';

/** The job helpers bound to the client: the runner's (soracom-batch/jobs) and the core's. */
export type Jobs = {
  runTasks: (params: Parameters<typeof runTasks>[1]) => ReturnType<typeof runTasks>;
  runPlan: (params: Parameters<typeof runPlan>[1]) => ReturnType<typeof runPlan>;
  retryFailed: (params: Parameters<typeof retryFailed>[1]) => ReturnType<typeof retryFailed>;
  waitForJob: (...args: DropFirst<Parameters<typeof waitForJob>>) => ReturnType<typeof waitForJob>;
  failedTasks: (...args: DropFirst<Parameters<typeof failedTasks>>) => ReturnType<typeof failedTasks>;
};
type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;
export type Harness = { emulator: BatchEmulator; batch: BatchClient; jobs: Jobs; groupId: string };

export function jobsOf(batch: BatchClient): Jobs {
  return {
    runTasks: (params) => runTasks(batch, params),
    runPlan: (params) => runPlan(batch, params),
    retryFailed: (params) => retryFailed(batch, params),
    waitForJob: (ref, options) => waitForJob(batch, ref, options),
    failedTasks: (ref, options) => failedTasks(batch, ref, options),
  };
}

/** Fast polling for tests: the defaults (2 s → 30 s) suit real jobs, not an emulator. */
export const FAST_WAIT = { minDelayMs: 5, maxDelayMs: 20 };
export const FAST_SUBMIT = { minDelayMs: 5, maxDelayMs: 20 };

export function useHarness(): (
  options?: BatchEmulatorOptions & { client?: Record<string, unknown> },
) => Promise<Harness> {
  const open: BatchEmulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });
  return async (options = {}) => {
    const { client, ...emulatorOptions } = options;
    const emulator = await startBatchEmulator(emulatorOptions);
    open.push(emulator);
    const batch = createBatchClient({
      baseUrl: emulator.baseUrl,
      auth: { apiKey: emulator.credentials.apiKey as string, token: emulator.credentials.token as string },
      ...client,
    });
    const group = await batch.createBatchGroup({ body: { batchGroupName: 'jobs tests' } });
    return { emulator, batch, jobs: jobsOf(batch), groupId: group.batchGroupId };
  };
}

/** How many times each SIM was the target of a task, across every job the emulator holds. */
export function submissionsPerSim(emulator: BatchEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of emulator.state.jobs()) {
    for (const task of emulator.state.tasks(job.jobId)) {
      const simId = /\/sims\/([^/]+)\//.exec(task.request.path)?.[1] ?? '?';
      counts.set(simId, (counts.get(simId) ?? 0) + 1);
    }
  }
  return counts;
}
