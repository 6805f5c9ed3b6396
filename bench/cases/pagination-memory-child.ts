/**
 * Child process (`--expose-gc`): one walk over 100,000 tasks, SDK paginator or raw loop (argv[2]),
 * against the loopback server at argv[3], sampling memory after every page. Reports peak above the
 * baseline and the heap still live (after a forced collection) at checkpoints along the walk.
 */
import { captureSdkHeaders, createBenchClient } from '../lib/bench-client.js';
import { MemorySampler, newSpaceSize } from '../lib/memory-sampler.js';
import { runChild } from '../lib/parent-channel.js';
import { rawWalkTasks } from '../lib/raw-requests.js';
import { sdkWalkTasks } from '../lib/sdk-walk.js';
import { BENCH_CREDENTIALS, GROUP_ID, JOB_ID, TOTAL_TASKS } from '../servers/loopback-api.js';

const CHECKPOINT_PAGES = [1, 100, 250, 500, 750, 1000] as const;
const IDS = { groupId: GROUP_ID, jobId: JOB_ID };

const [mode, baseUrl] = process.argv.slice(2);

await runChild(async () => {
  if ((mode !== 'sdk' && mode !== 'raw') || !baseUrl)
    throw new Error('usage: pagination-memory-child <sdk|raw> <baseUrl>');
  const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
  const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  let items = 0;
  const onItem = () => {
    items++;
  };
  // Warm-up: 10 pages on the same path, so code compiled once and the pooled connection are part of
  // the baseline rather than counted as growth.
  if (mode === 'sdk') {
    for await (const _ of batch.listTasksOfBatchJob(
      { batch_group_id: GROUP_ID, job_id: JOB_ID, limit: 100 },
      { maxItems: 1000 },
    ))
      items++;
  } else {
    await rawWalkTasks(baseUrl, IDS, headers, onItem, { maxPages: 10 });
  }
  items = 0;

  const sampler = new MemorySampler();
  const newSpaceAtBaseline = newSpaceSize();
  const retained: Record<number, number> = {};
  const live: number[] = [];
  const onPage = (page: number) => {
    live.push(sampler.sample().heapUsed - sampler.baseline.heapUsed);
    if ((CHECKPOINT_PAGES as readonly number[]).includes(page)) retained[page] = sampler.retainedAboveBaseline();
  };
  sampler.startTimer(2);
  if (mode === 'sdk') await sdkWalkTasks(batch, IDS, onItem, onPage);
  else await rawWalkTasks(baseUrl, IDS, headers, onItem, { onPage });
  sampler.stop();
  const newSpaceAtEnd = newSpaceSize();
  if (items !== TOTAL_TASKS) throw new Error(`${mode} walk saw ${items} tasks, expected ${TOTAL_TASKS}`);
  const peak = sampler.peakAboveBaseline();
  return {
    type: 'result',
    mode,
    baseline: sampler.baseline,
    peakHeap: peak.heapUsed,
    peakRss: peak.rss,
    peakHeapTotal: peak.heapTotal,
    newSpaceAtBaseline,
    newSpaceAtEnd,
    peakRssAbsolute: sampler.peakFigures().rss,
    retained,
    // Live heap (no forced collection) averaged over each tenth of the walk: a sawtooth, not a ramp.
    liveByTenth: Array.from({ length: 10 }, (_, i) => {
      const slice = live.slice(i * 100, (i + 1) * 100);
      return slice.reduce((a, b) => a + b, 0) / Math.max(1, slice.length);
    }),
    samples: sampler.samples,
  };
});
