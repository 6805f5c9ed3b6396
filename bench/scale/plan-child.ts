/**
 * Child process: the SDK's `runPlan` alone (argv: baseUrl apiKey token rows actions), the built package,
 * one stage holding one stream per action, against an emulator in another process. The tasks are built
 * before the clock starts, so what is timed is the runner: submitting, polling and the streams running
 * side by side, without the CLI's reading of an input file.
 */

import type { RunStream } from '../../src/runner/index.js';
import { simIds } from '../../src/testing/inventory.js';
import { createBenchClient } from '../lib/bench-client.js';
import { now } from '../lib/clock.js';
import { runChild } from '../lib/parent-channel.js';
import { loadRunner, loadSdk } from '../lib/sdk-under-test.js';
import { areaOf, type FleetAction, groupOf } from './fleet.js';

const [baseUrl, apiKey, token, rowsArg, actionsArg] = process.argv.slice(2);

await runChild(async () => {
  if (!baseUrl || !apiKey || !token || !rowsArg || !actionsArg)
    throw new Error('usage: plan-child <baseUrl> <apiKey> <token> <rows> <action,...>');
  const rows = Number(rowsArg);
  const actions = actionsArg.split(',') as FleetAction[];
  const { tasks } = await loadSdk();
  const { runPlan } = await loadRunner();
  const batch = await createBenchClient(baseUrl, { apiKey, token });
  const ids = simIds(rows);
  // The same changes the CLI's input files ask for (fleet.ts), so the emulator's audit is the same.
  const build: Record<FleetAction, () => RunStream> = {
    setSimGroup: () => ({ tasks: ids.map((id, i) => tasks.setSimGroup(id, groupOf(i))), jobName: 'bench set-group' }),
    putSimTags: () => ({
      tasks: ids.map((id, i) => tasks.putSimTags(id, { area: areaOf(i) })),
      jobName: 'bench put-tags',
    }),
    activateSim: () => ({ tasks: tasks.many('activateSim', ids), jobName: 'bench activate' }),
  };
  const streams = actions.map((action) => build[action]());
  const group = await batch.createBatchGroup({ body: { batchGroupName: `bench ${actions.join(' ')}` } });
  const batchGroupId = group.batchGroupId as string;
  const started = now();
  const result = await runPlan(batch, {
    batch_group_id: batchGroupId,
    stages: [streams],
    wait: { minDelayMs: 10, maxDelayMs: 100 },
    submitDelay: { minDelayMs: 10, maxDelayMs: 100 },
    collectFailedTasks: false,
  });
  const wallMs = now() - started;
  return { type: 'result', wallMs, batchGroupId, ok: result.ok, jobs: result.jobs.length, total: result.total };
});
