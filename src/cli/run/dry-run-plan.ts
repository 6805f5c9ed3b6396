/**
 * `--dry-run`: the jobs a run would create, from the SDK's own plan (jobs/plan.ts: chunks of
 * `--chunk-size`, names suffixed " (i/n)"), with the first and last task of each, so the request
 * format can be checked before anything is sent.
 */
import { chunkJobName, planChunks } from '../../jobs/plan.js';
import type { RunnableTask } from '../../jobs/run-tasks.js';
import type { TaskAction } from '../../tasks/actions.js';
import type { GroupChoice } from './resolve-batch-group.js';

export type DryRunPlan = {
  dryRun: true;
  command: string;
  action: TaskAction;
  batchGroup: GroupChoice | { fromJobs: string[] } | undefined;
  tasks: number;
  jobs: Array<{
    job: number;
    jobName: string;
    tasks: number;
    from?: string;
    to?: string;
    firstTask: unknown;
    lastTask: unknown;
  }>;
};

export function planRun(input: {
  command: string;
  action: TaskAction;
  tasks: readonly RunnableTask[];
  wheres?: readonly string[];
  chunkSize: number;
  jobName: string;
  batchGroup: DryRunPlan['batchGroup'];
}): DryRunPlan {
  const chunks = planChunks(input.tasks.length, input.chunkSize);
  const jobs: DryRunPlan['jobs'] = [];
  for (const { index, start, end } of chunks) {
    jobs.push({
      job: index + 1,
      jobName: chunkJobName(input.jobName, index, chunks.length) ?? input.jobName,
      tasks: end - start,
      ...(input.wheres ? { from: input.wheres[start], to: input.wheres[end - 1] } : {}),
      firstTask: input.tasks[start]?.request,
      lastTask: input.tasks[end - 1]?.request,
    });
  }
  return {
    dryRun: true,
    command: input.command,
    action: input.action,
    batchGroup: input.batchGroup,
    tasks: input.tasks.length,
    jobs,
  };
}
