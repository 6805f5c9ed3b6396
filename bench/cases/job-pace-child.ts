/**
 * Child process of the job-pace benchmark (argv: baseUrl apiKey token workload scale tasks): runs one
 * workload against the paced emulator (bench/servers/paced-emulator-main.ts) in a batch group of its
 * own and reports the group and the workload's wall time. The emulator times the jobs.
 *
 * Workloads are the hook for the goals that are not measured yet. Each one gets a client, a fresh batch
 * group and the scaled waiting delays, and creates its jobs however it likes; the emulator times every
 * job it creates, of whatever action, and bench/lib/job-timeline.ts takes the ideal per action. To add
 * - the million-row CSV (the CLI's streaming `run` command): a workload that writes the CSV and runs
 *   the CLI against `baseUrl` (`--wait-min-delay`-style flags scaled by `scale`, once it has them), and
 * - several actions at once (`runPlan` with a stage of two streams): a workload calling `runPlan`,
 * add an entry to WORKLOADS and a side to bench/cases/job-pace.ts (for concurrent streams, read the
 * scaled figures: the real-speed projection assumes jobs run one after another).
 */
import { type BatchClient, tasks } from '../../src/index.js';
import { simIds } from '../../src/testing/inventory.js';
import { createBenchClient } from '../lib/bench-client.js';
import { now } from '../lib/clock.js';
import { legacyWaitForJob } from '../lib/legacy-wait.js';
import { runChild } from '../lib/parent-channel.js';
import { loadRunner, loadSdk } from '../lib/sdk-under-test.js';

type WaitDelays = { minDelayMs: number; maxDelayMs: number };
type TaskList = ReturnType<typeof tasks.many<'putSimTags'>>;
/** Runs the jobs of `list` (the caller's input, built before the clock starts). */
type Workload = (batch: BatchClient, groupId: string, wait: WaitDelays, list: TaskList) => Promise<void>;

const CHUNK = 10_000;
const TAGS = { fleet: 'north' };

/** One job of each chunk, created and waited for in turn: the same for both waiting policies. */
async function loop(
  batch: BatchClient,
  groupId: string,
  list: TaskList,
  wait: (ref: { batch_group_id: string; job_id: string }) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < list.length; start += CHUNK) {
    const job = await batch.createBatchJob({
      batch_group_id: groupId,
      body: { jobName: 'bench', tasks: list.slice(start, start + CHUNK) },
    });
    await wait({ batch_group_id: groupId, job_id: job.jobId as string });
  }
}

const WORKLOADS: Record<string, Workload> = {
  /** What users run: `runTasks` splits the tasks into jobs of 10,000 and waits for each with `waitForJob`. */
  runTasks: async (batch, groupId, wait, list) => {
    const { runTasks } = await loadRunner();
    const result = await runTasks(batch, {
      batch_group_id: groupId,
      tasks: list,
      jobName: 'bench',
      wait,
    });
    if (!result.ok) throw new Error(`runTasks: ${result.succeeded} of ${result.total} succeeded`);
  },
  /** The same loop for both policies: `waitForJob` (the pace-reading waiter)... */
  'loop-pace': async (batch, groupId, wait, list) => {
    const { waitForJob } = await loadSdk();
    await loop(batch, groupId, list, (ref) => waitForJob(batch, ref, { ...wait, maxWaitMs: 3_600_000 }));
  },
  /** ... and the waiter before it (bench/lib/legacy-wait.ts). */
  'loop-backoff': (batch, groupId, wait, list) =>
    loop(batch, groupId, list, (ref) => legacyWaitForJob(batch, ref, wait)),
};

const [baseUrl, apiKey, token, workload, scaleText, tasksText] = process.argv.slice(2);

await runChild(async () => {
  const run = WORKLOADS[workload ?? ''];
  if (!baseUrl || !apiKey || !token || !run)
    throw new Error(
      `usage: job-pace-child <baseUrl> <apiKey> <token> <${Object.keys(WORKLOADS).join('|')}> <scale> <tasks>`,
    );
  const scale = Number(scaleText);
  const batch = await createBenchClient(baseUrl, { apiKey, token });
  const group = await batch.createBatchGroup({ body: { batchGroupName: `bench: job pace (${workload})` } });
  const wait = { minDelayMs: 2_000 * scale, maxDelayMs: 30_000 * scale };
  const list = tasks.many('putSimTags', simIds(Number(tasksText)), TAGS);
  await loadRunner(); // imported before the clock starts, whichever workload runs
  const started = now();
  await run(batch, group.batchGroupId as string, wait, list);
  return { type: 'result', groupId: group.batchGroupId as string, wallMs: now() - started };
});
