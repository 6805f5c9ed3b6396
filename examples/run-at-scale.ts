/**
 * Apply one action to many SIMs, resumably: `npx tsx examples/run-at-scale.ts` runs it against a local
 * emulator; give the client `fromProfile()` or `fromEnv()` (soracom-batch/node) to use it for real.
 * Run it twice: the second run finds `run-state.json` and resumes instead of starting again.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createBatchClient, tasks } from 'soracom-batch';
import { type RunState, runTasks } from 'soracom-batch/jobs';
import { simIds, startBatchEmulator } from 'soracom-batch/testing';

const STATE_FILE = 'run-state.json';
const emulator = await startBatchEmulator({ sims: 30_000 });
try {
  // The emulator's base URL and demo AuthKey; for the real API, `fromProfile()` or `fromEnv()` instead.
  const batch = createBatchClient(emulator.clientOptions);
  const saved: RunState | undefined = existsSync(STATE_FILE) ? JSON.parse(readFileSync(STATE_FILE, 'utf8')) : undefined;
  const batchGroupId = saved
    ? saved.batchGroupId
    : (await batch.createBatchGroup({ body: { batchGroupName: 'example' } })).batchGroupId;

  const result = await runTasks(batch, {
    batch_group_id: batchGroupId,
    tasks: tasks.many('setSimToStandby', simIds(30_000)),
    jobName: 'Standby for the winter',
    ...(saved ? { resume: saved } : {}),
    wait: { minDelayMs: 200, maxDelayMs: 1_000 },
    onState: (state) => writeFileSync(STATE_FILE, JSON.stringify(state)),
    onProgress: (p) =>
      console.log(`${p.done}/${p.total} done, ${p.failed} failed (job ${p.jobsFinished}/${p.jobsTotal} finished)`),
  });
  console.log(`${result.jobs.length} jobs: ${result.succeeded} succeeded, ${result.failed} failed`);
  if (result.ok) rmSync(STATE_FILE, { force: true });
} finally {
  await emulator.close();
}
