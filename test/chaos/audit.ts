/**
 * The audit of the chaos tier: every task of every job the emulator holds, counted per SIM (or, for a
 * run of several actions, per SIM and action). A run is exactly once when every SIM it was given was
 * the target of one task (of each of its actions), and no other SIM of any. A task an aborted job never
 * ran is not counted: it targeted nothing (it stays `pending` in its job for ever).
 */
import type { BatchEmulator } from '../../src/testing/index.js';

/** The tasks of a job that ran or will: all of them, but those an aborted job left pending. */
export function ranOrWillRun(emulator: BatchEmulator, job: { jobId: string; status: string }) {
  const tasks = emulator.state.tasks(job.jobId);
  return job.status === 'aborted' ? tasks.filter((t) => t.status !== 'pending') : tasks;
}

export type Audit = {
  /** SIMs targeted more than once, and how often. */
  duplicates: Array<[string, number]>;
  /** SIMs of the run that no task targeted. */
  missing: string[];
  jobs: number;
};

export function audit(emulator: BatchEmulator, simIds: readonly string[]): Audit {
  const counts = new Map<string, number>();
  const jobs = emulator.state.jobs();
  for (const job of jobs) {
    for (const task of ranOrWillRun(emulator, job)) {
      const simId = /\/sims\/([^/]+)\//.exec(task.request.path)?.[1] ?? '?';
      counts.set(simId, (counts.get(simId) ?? 0) + 1);
    }
  }
  return {
    duplicates: [...counts].filter(([, n]) => n > 1),
    missing: simIds.filter((id) => !counts.has(id)),
    jobs: jobs.length,
  };
}

/**
 * The same per task path (`/v1/sims/<id>/<action>`): for a run of several actions, each SIM must be the
 * target of one task of each action it was given. `expected` lists those paths.
 */
export function auditPaths(emulator: BatchEmulator, expected: readonly string[]): Audit {
  const counts = new Map<string, number>();
  const jobs = emulator.state.jobs();
  for (const job of jobs) {
    for (const task of ranOrWillRun(emulator, job))
      counts.set(task.request.path, (counts.get(task.request.path) ?? 0) + 1);
  }
  return {
    duplicates: [...counts].filter(([, n]) => n > 1),
    missing: expected.filter((path) => !counts.has(path)),
    jobs: jobs.length,
  };
}
