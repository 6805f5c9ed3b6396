/**
 * `npm run demo`: the quick start, end to end, against a Prism mock of the Batch spec started for it
 * on a free loopback port. Prism answers the spec's examples, so the IDs are the spec's example IDs.
 */
import { createBatchClient, isSoracomApiError } from '../src/index.js';
import { fromRoot } from './lib/paths.js';
import { startPrism } from './lib/prism.js';

const prism = await startPrism({ spec: fromRoot('generated', 'openapi', 'batch.yaml') });
try {
  console.log(`Prism mock of the Batch API on ${prism.url}\n`);
  const batch = createBatchClient({ baseUrl: prism.url, auth: { apiKey: 'demo-api-key', token: 'demo-token' } });

  const group = await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
  console.log(`created batch group ${group.batchGroupId} "${group.batchGroupName}"`);

  const job = await batch.createBatchJob({
    batch_group_id: group.batchGroupId as string,
    body: {
      jobName: 'Set group',
      tasks: [
        { request: { path: '/v1/sims/8981100001234567890/set_group', method: 'POST', body: { groupId: '11111111-2222-3333-4444-555555555555' } } },
      ],
    },
  });
  console.log(`created job ${job.jobId} (${job.status})`);

  const again = await batch.getBatchJob({ batch_group_id: group.batchGroupId as string, job_id: job.jobId as string });
  console.log(`job ${again.jobId}: ${again.status}, summary ${JSON.stringify(again.summary)}`);

  try {
    await batch.createBatchGroup({ body: { batchGroupName: 'x'.repeat(101) } });
  } catch (error) {
    if (!isSoracomApiError(error)) throw error;
    console.log(`\nan invalid request is refused before or by the server:\n  ${error.name}: ${error.message}`);
  }
} finally {
  await prism.stop();
}
