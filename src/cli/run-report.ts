/**
 * What a run says: the dry run's plan, the lines that start a run (a new one, or one that goes on from
 * the batch group's jobs), and the report at the end (on stdout in `--output`, with closing lines that
 * name the failures and the commands that deal with them).
 */
import { isChunkFinished } from '../runner/chunk.js';
import { chunkJobName, type RunPlan } from '../runner/plan.js';
import type { RunState } from '../runner/run-state.js';
import type { RunResult } from '../runner/run-types.js';
import type { TaskAction } from '../tasks/actions.js';
import type { GroupChoice } from './batch-group.js';
import type { RunSettings } from './run-options.js';

/** What `run` read, for the report and the dry run. */
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

/** One stream as the report and the dry run name it. */
export type ReportStream = {
  /** The CLI's name of the action (`put-tags`). */
  name: string;
  action: TaskAction;
  count: number;
  stage: number;
  /** Per job: the first and last row and task, for the dry run. */
  chunks?: ReadonlyArray<{ from?: string; to?: string; first: unknown; last: unknown }>;
};

export type RunReport = {
  command: string;
  action?: TaskAction;
  actions?: Array<{ action: string; stage: number; total: number; succeeded: number; failed: number; notRun: number }>;
  batchGroupId: string;
  ok: boolean;
  total: number;
  succeeded: number;
  failed: number;
  notRun: number;
  /** Tasks an aborted job never ran that a retry-failed of that job ran. */
  handedOver: number;
  /** True when the run went on from jobs an earlier run of the same tasks had made. */
  resumed: boolean;
  generation: number;
  jobs: Array<{
    action?: string;
    chunk: number;
    jobId: string;
    status: string;
    tasks: number;
    succeeded: number;
    failed: number;
    notRun: number;
    after?: string;
  }>;
  /** Jobs whose failed tasks could not all be listed (not all in --failed-output). */
  listingGaps?: RunResult['listingGaps'];
  input?: InputSummary;
  stateFile?: string;
  failedOutput?: string;
};

/** The jobs' name: `--job-name` (with the action, when a run has several), else the command's. */
export function jobNameOf(settings: RunSettings, stream: ReportStream): string {
  return settings.multi ? `${settings.jobName} ${stream.name}` : settings.jobName;
}

/** `--dry-run`: the jobs of the plan, with the first and last task of each, so the requests can be checked. */
export function dryRunReport(
  streams: readonly ReportStream[],
  plans: readonly RunPlan[],
  settings: RunSettings,
  group: GroupChoice,
  input: InputSummary | undefined,
) {
  const jobs = streams.flatMap((stream, k) => {
    const plan = plans[k] as RunPlan;
    return plan.chunks.map(({ index, start, end }) => {
      const ends = stream.chunks?.[index];
      return {
        ...(settings.multi ? { action: stream.name, stage: stream.stage + 1 } : {}),
        job: index + 1,
        jobName: chunkJobName(jobNameOf(settings, stream), index, plan.chunks.length),
        tasks: end - start,
        ...(ends?.from ? { from: ends.from, to: ends.to } : {}),
        firstTask: ends?.first,
        lastTask: ends?.last,
      };
    });
  });
  return {
    dryRun: true,
    command: settings.command,
    ...(settings.multi ? { actions: streams.map((s) => s.name) } : { action: streams[0]?.action }),
    batchGroup: group,
    tasks: streams.reduce((n, s) => n + s.count, 0),
    jobs,
    ...(input ? { input } : {}),
  };
}

/** How the first state of a run begins: new, or going on from the batch group's jobs. */
export function startLine(state: RunState, groupId: string, names: readonly string[]): string {
  const chunks = state.streams.flatMap((s, k) => s.chunks.map((c) => ({ c, k, n: s.chunks.length })));
  const found = chunks.filter(({ c }) => c.jobs.length > 0 || c.sending);
  const generation = Math.max(...state.streams.map((s) => s.generation));
  const again = generation > 1 ? ` (generation ${generation}: --again)` : '';
  if (found.length === 0) {
    const total = state.streams.reduce((n, s) => n + s.taskCount, 0);
    const size = state.streams[0]?.chunkSize;
    return `Submitting ${total} task(s) as ${chunks.length} job(s) of at most ${size} in batch group ${groupId}${again}.`;
  }
  const finished = chunks.filter(({ c }) => isChunkFinished(c)).length;
  const toRun = chunks
    .filter(({ c }) => !isChunkFinished(c))
    .map(({ c, k, n }) => `${state.streams.length > 1 ? `${names[k]} ` : ''}${c.index + 1}/${n}`);
  return (
    `Going on with the unfinished run of these tasks in batch group ${groupId}${again}: ` +
    `${found.length} of ${chunks.length} job(s) found in the group, ${finished} finished; ` +
    `still to do: ${toRun.join(', ') || 'nothing'}.`
  );
}

export function buildRunReport(
  result: RunResult,
  streams: readonly ReportStream[],
  settings: RunSettings,
  extra: { input?: InputSummary | undefined; stateFile?: string | undefined; resumed: boolean },
): RunReport {
  const nameOf = (k: number) => streams[k]?.name ?? '';
  return {
    command: settings.command,
    ...(settings.multi
      ? {
          actions: result.streams.map((s, k) => ({
            action: nameOf(k) || s.action,
            stage: s.stage + 1,
            total: s.total,
            succeeded: s.succeeded,
            failed: s.failed,
            notRun: s.notRun,
          })),
        }
      : { action: result.action }),
    batchGroupId: result.batchGroupId,
    ok: result.ok && result.listingGaps.length === 0,
    total: result.total,
    succeeded: result.succeeded,
    failed: result.failed,
    notRun: result.notRun,
    handedOver: result.handedOver,
    resumed: extra.resumed,
    generation: Math.max(1, ...result.streams.map((s) => s.generation)),
    jobs: result.jobs.map((job) => {
      const succeeded = job.summary?.success ?? 0;
      const failed = job.summary?.error ?? 0;
      return {
        ...(settings.multi ? { action: nameOf(job.stream) } : {}),
        chunk: job.chunk + 1,
        jobId: job.jobId,
        status: job.status,
        tasks: job.taskCount,
        succeeded,
        failed,
        notRun: job.taskCount - succeeded - failed,
        ...(job.after !== undefined ? { after: job.after } : {}),
      };
    }),
    ...(result.listingGaps.length > 0 ? { listingGaps: result.listingGaps } : {}),
    ...(extra.input ? { input: extra.input } : {}),
    ...(extra.stateFile ? { stateFile: extra.stateFile } : {}),
    ...(settings.failedOutput ? { failedOutput: settings.failedOutput.label } : {}),
  };
}

/** The closing lines: totals, then where the failures are and the commands that deal with them. */
export function summaryLines(report: RunReport, rerun: string): string[] {
  const jobs = report.jobs.length;
  const lines = [
    `${report.ok ? 'Done' : 'Finished with failures'}: ${report.command}, ${jobs} job${jobs === 1 ? '' : 's'}, ` +
      `${report.succeeded} succeeded, ${report.failed} failed, ${report.notRun} not run` +
      `${report.handedOver > 0 ? `, ${report.handedOver} run by a retry-failed` : ''} (of ${report.total}).`,
  ];
  for (const a of report.actions ?? []) {
    lines.push(`  ${a.action}: ${a.succeeded} succeeded, ${a.failed} failed, ${a.notRun} not run (of ${a.total}).`);
  }
  for (const gap of report.listingGaps ?? []) {
    lines.push(
      `Job ${gap.jobId}: its task list showed ${gap.listed} of its ${gap.expected} failed tasks (read twice); the others are not in the report.`,
    );
  }
  if (report.failedOutput && report.failed > 0) lines.push(`Failed tasks: ${report.failedOutput}`);
  const failedJobs = report.jobs.filter((j) => j.failed > 0).map((j) => `--job-id ${j.jobId}`);
  if (failedJobs.length > 0)
    lines.push(
      `Retry the failed ones: soracom-batch retry-failed --batch-group-id ${report.batchGroupId} ${failedJobs.join(' ')}`,
    );
  if (report.notRun > 0) lines.push(`Run the ${report.notRun} task(s) not run yet: ${rerun}`);
  return lines;
}
