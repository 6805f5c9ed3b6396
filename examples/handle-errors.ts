/**
 * Reading a job with profile credentials, and telling the failures apart. `fromProfile()` reads
 * ~/.soracom/default.json like soracom-cli; the guards work across realms and duplicate installs.
 */
import {
  AuthenticationError,
  BatchValidationError,
  ConnectionError,
  createBatchClient,
  failedTasks,
  isSoracomError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from 'soracom-batch';
import { fromProfile } from 'soracom-batch/node';

export async function showJob(batchGroupId: string, jobId: string): Promise<void> {
  const batch = createBatchClient({ ...fromProfile(), timeoutMs: 10_000 });
  try {
    const job = await batch.getBatchJob({ batch_group_id: batchGroupId, job_id: jobId });
    console.log(`${job.jobName}: ${job.status}`, job.summary);
    for await (const task of failedTasks(batch, { batch_group_id: batchGroupId, job_id: jobId })) {
      console.log(`  ${task.request.method} ${task.request.path} -> ${task.response?.statusCode}`);
    }
  } catch (error) {
    if (isSoracomError(error, BatchValidationError)) console.error(`bad input (${error.argument}): ${error.rule}`);
    else if (isSoracomError(error, NotFoundError)) console.error('no such batch group or job');
    else if (isSoracomError(error, AuthenticationError))
      console.error(`check the profile's credentials: ${error.message}`);
    else if (isSoracomError(error, RateLimitError))
      console.error(`rate limited after ${error.attempts} attempts; try later`);
    else if (isSoracomError(error, ConnectionError) || isSoracomError(error, TimeoutError))
      console.error(`network: ${error.message}`);
    else throw error;
  } finally {
    await batch.logout();
  }
}
