/**
 * `npm run demo`: a realistic flow against the local Batch emulator (started here, on a free loopback
 * port): log in with an AuthKey, create a batch group, put tags on 25,000 SIMs as 3 jobs with a progress
 * display, report successes and failures, then retry the failures that can succeed.
 */
import { SingleBar } from 'cli-progress';
import { createBatchClient, tasks } from '../src/index.js';
import { type RunProgress, retryFailed, runTasks } from '../src/runner/index.js';
import { simIds, startBatchEmulator } from '../src/testing/index.js';

const SIMS = 25_000;
const ids = simIds(SIMS);
// A few SIMs fail: three have a transient server error, two were decommissioned (404 like the real API).
const transient = [ids[1234], ids[9999], ids[20001]] as string[];
const gone = ['8981100009999999998', '8981100009999999999'];

const emulator = await startBatchEmulator({
  sims: SIMS,
  failingSims: Object.fromEntries(transient.map((id) => [id, 500])),
  taskDurationMs: 0.25,
  summaryEveryTasks: 500,
});
try {
  console.log(`Soracom Batch emulator on ${emulator.baseUrl}\n`);
  const batch = createBatchClient({
    baseUrl: emulator.baseUrl,
    auth: { authKeyId: emulator.credentials.authKeyId as string, authKey: emulator.credentials.authKey as string },
  });

  const group = await batch.createBatchGroup({ body: { batchGroupName: 'Demo: tag the north fleet' } });
  console.log(`logged in with an AuthKey, created batch group ${group.batchGroupId}`);

  const targets = [...ids, ...gone];
  const list = tasks.many('putSimTags', targets, { fleet: 'north', firmware: '2.1' });
  console.log(
    `built ${list.length.toLocaleString('en-US')} putSimTags tasks; running them as jobs of at most 10,000\n`,
  );

  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: 'tagging [{bar}] {percentage}% | {value}/{total} | {failed} failed | job {job} | ETA {eta_formatted}',
        hideCursor: true,
      })
    : undefined;
  // Plain lines (no terminal): one a second at most, the last one always, and never a line the same as
  // the one before (progress events differ in fields a line does not show).
  let last = { line: '', at: 0 };
  const show = (p: RunProgress) => {
    const job = `${Math.min(p.jobsFinished + 1, p.jobsTotal)}/${p.jobsTotal}`;
    if (bar) {
      if (!bar.isActive) bar.start(p.total, p.done, { failed: p.failed, job });
      bar.update(p.done, { failed: p.failed, job });
      return;
    }
    const line = `  ${p.done}/${p.total} done, ${p.failed} failed, job ${job}${p.current?.waiting ? ` (waiting: ${p.current.waiting})` : ''}`;
    if (line !== last.line && (Date.now() - last.at > 1000 || p.done === p.total)) {
      last = { line, at: Date.now() };
      console.error(line);
    }
  };
  const result = await runTasks(batch, {
    batch_group_id: group.batchGroupId,
    tasks: list,
    jobName: 'Tag the north fleet',
    wait: { minDelayMs: 100, maxDelayMs: 250 },
    onProgress: show,
  });
  bar?.stop();

  console.log(
    `\n${result.jobs.length} jobs: ${result.jobs.map((j) => `${j.jobId.slice(0, 8)}… ${j.status} (${j.summary?.success} ok, ${j.summary?.error} failed)`).join(', ')}`,
  );
  console.log(`${result.succeeded.toLocaleString('en-US')} succeeded, ${result.failed} failed`);
  for (const t of result.failedTasks) {
    const body = t.response?.body as { message?: string } | undefined;
    console.log(`  failed: ${t.request.method} ${t.request.path} → ${t.response?.statusCode} ${body?.message ?? ''}`);
  }

  // The transient failures are worth another try; the 404s (unknown SIMs) are not.
  emulator.state.healSims(transient);
  const retried = await retryFailed(batch, {
    batch_group_id: group.batchGroupId,
    job_id: result.jobs.map((j) => j.jobId),
    skipStatusCodes: [404],
    wait: { minDelayMs: 50, maxDelayMs: 100 },
  });
  console.log(`\nretried the failures that were not 404: ${retried.succeeded} succeeded, ${retried.failed} failed`);
  console.log(`SIM ${ids[0]} now has tags ${JSON.stringify(emulator.state.sim(ids[0] as string)?.tags)}`);
  await batch.logout();
} finally {
  await emulator.close();
}
