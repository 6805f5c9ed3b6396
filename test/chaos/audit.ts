/**
 * The audit of the chaos tier: every task of every job the emulator holds, counted per SIM. A run is
 * exactly once when every SIM it was given was the target of one task, and no other SIM of any.
 */
import type { BatchEmulator } from '../../src/testing/index.js';

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
    for (const task of emulator.state.tasks(job.jobId)) {
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
