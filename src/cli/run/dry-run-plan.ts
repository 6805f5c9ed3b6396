/**
 * `--dry-run`: the jobs a run would create, computed exactly as the SDK splits a run (chunks of
 * `--chunk-size`, names suffixed " (i/n)"), with the first and last task of each, so the request
 * format can be checked before anything is sent.
 */
import type { RunnableTask } from '../../jobs/run-tasks.js';
import type { TaskAction } from '../../tasks/task-action.js';
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
  const count = Math.ceil(input.tasks.length / input.chunkSize);
  const jobs: DryRunPlan['jobs'] = [];
  for (let i = 0; i < count; i++) {
    const start = i * input.chunkSize;
    const end = Math.min(start + input.chunkSize, input.tasks.length);
    jobs.push({
      job: i + 1,
      jobName: count > 1 ? `${input.jobName} (${i + 1}/${count})` : input.jobName,
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
