/**
 * What a run prints when it ends: the report on stdout in the `--output` format (the jobs are its
 * rows in csv and table), and a few lines on stderr for the person watching.
 */
import type { RunResult } from '../../jobs/run-tasks.js';
import type { TaskAction } from '../../tasks/actions.js';

export type InputSummary = {
  source: string;
  format: string;
  rows: number;
  tasks: number;
  invalid: number;
  /** Invalid rows left out with --skip-invalid. */
  skipped: number;
  duplicates: number;
};

export type RunReport = {
  command: string;
  action: TaskAction;
  batchGroupId: string;
  ok: boolean;
  total: number;
  succeeded: number;
  failed: number;
  notRun: number;
  resumed: boolean;
  jobs: Array<{
    chunk: number;
    jobId: string;
    status: string;
    tasks: number;
    succeeded: number;
    failed: number;
    notRun: number;
  }>;
  input?: InputSummary;
  stateFile?: string;
  failedOutput?: string;
};

export function buildRunReport(
  result: RunResult,
  extras: { command: string; resumed: boolean; input?: InputSummary; stateFile?: string; failedOutput?: string },
): RunReport {
  return {
    command: extras.command,
    action: result.action,
    batchGroupId: result.batchGroupId,
    ok: result.ok,
    total: result.total,
    succeeded: result.succeeded,
    failed: result.failed,
    notRun: result.notRun,
    resumed: extras.resumed,
    jobs: result.jobs.map((job) => {
      const succeeded = job.summary?.success ?? 0;
      const failed = job.summary?.error ?? 0;
      return {
        chunk: job.chunk + 1,
        jobId: job.jobId,
        status: job.status,
        tasks: job.taskCount,
        succeeded,
        failed,
        notRun: job.taskCount - succeeded - failed,
      };
    }),
    ...(extras.input ? { input: extras.input } : {}),
    ...(extras.stateFile ? { stateFile: extras.stateFile } : {}),
    ...(extras.failedOutput ? { failedOutput: extras.failedOutput } : {}),
  };
}

/** The closing lines: totals, then where the failures are and the command that retries them. */
export function summaryLines(report: RunReport): string[] {
  const jobs = report.jobs.length;
  const lines = [
    `${report.ok ? 'Done' : 'Finished with failures'}: ${report.command}, ${jobs} job${jobs === 1 ? '' : 's'}, ` +
      `${report.succeeded} succeeded, ${report.failed} failed, ${report.notRun} not run (of ${report.total}).`,
  ];
  if (report.failed > 0 || report.notRun > 0) {
    const failedJobs = report.jobs.filter((j) => j.failed > 0).map((j) => `--job ${j.jobId}`);
    if (report.failedOutput) lines.push(`Failed tasks: ${report.failedOutput}`);
    if (failedJobs.length > 0)
      lines.push(
        `Retry them: soracom-batch retry-failed --batch-group-id ${report.batchGroupId} ${failedJobs.join(' ')}`,
      );
  }
  return lines;
}
