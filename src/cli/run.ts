/**
 * The run flow shared by `run <action>` and `retry-failed`, once the tasks are known: check the job
 * name and description against the SDK's plan (jobs/plan.ts: chunks of `--chunk-size`, names
 * suffixed " (i/n)", room for the marker), then either print that plan (`--dry-run`, nothing sent)
 * or run it: take the batch group from the state file or find it, check a saved state against this
 * run before saying anything about resuming, run the tasks through the SDK's `runTasks` with progress,
 * the state saved after every change and Ctrl-C wired to its abort signal, then write the failed tasks
 * and print the report. Exit code: 0 all succeeded, 3 some failed or did not run, 130 interrupted.
 */
import { resolve } from 'node:path';
import type { BatchClient } from '../client/client.js';
import { BatchValidationError, isSoracomError, NotFoundError } from '../errors/errors.js';
import { chunkJobName, planRun, type RunPlan } from '../runner/plan.js';
import { checkResumeState, isFinishedChunk, type RunProgress, type RunState } from '../runner/run-state.js';
import { type RunnableTask, type RunResult, runTasks } from '../runner/run-tasks.js';
import { survey } from '../runner/sources.js';
import type { TaskAction } from '../tasks/actions.js';
import type { JobTasks } from '../tasks/types.js';
import { ExitCode, InterruptedError, UsageError } from './errors.js';
import { writeFileAtomic } from './io.js';
import type { CommandContext, GlobalOptions } from './program.js';
import { createProgressReporter } from './progress.js';
import { failedTasksCsv, loadStateFile, type StateFile, saveStateFile } from './run-files.js';
import type { RunSettings } from './run-options.js';

/** The batch group of a run: by ID, or by name (found, or created when missing). */
export type GroupChoice = { batchGroupId: string } | { batchGroupName: string; description?: string };

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

export type RunWork = {
  action: TaskAction;
  tasks: readonly RunnableTask[];
  /** Where each task came from (`line 7`), parallel to `tasks`: the dry run shows each job's first and last. */
  wheres?: readonly string[];
  input?: InputSummary;
  /** The input as given, kept in the state file for people reading it. */
  inputLabel?: string;
  /** Shown by the dry run; a group named by ID is also checked against a saved state. */
  group: GroupChoice;
  /** Finds or creates the batch group; not called when resuming (the state file has it). */
  resolveGroup(client: BatchClient, signal: AbortSignal): Promise<string>;
};

/**
 * `--batch-group-name`: the batch group with that name, or a new one. Names are not unique in the API,
 * so two groups with the name is an error that lists them, rather than a guess. An ID is checked up
 * front, so that a mistyped one fails before the input is split into jobs.
 */
export async function resolveBatchGroup(
  batch: BatchClient,
  choice: GroupChoice,
  signal?: AbortSignal,
): Promise<{ batchGroupId: string; batchGroupName?: string; created: boolean }> {
  const options = signal ? { signal } : {};
  if ('batchGroupId' in choice) {
    const group = await batch.getBatchGroup({ batch_group_id: choice.batchGroupId }, options);
    return {
      batchGroupId: choice.batchGroupId,
      ...(group.batchGroupName ? { batchGroupName: group.batchGroupName } : {}),
      created: false,
    };
  }
  const matches: string[] = [];
  for await (const group of batch.listBatchGroups({}, options)) {
    if (group.batchGroupName === choice.batchGroupName && group.batchGroupId) matches.push(group.batchGroupId);
  }
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} batch groups are named ${JSON.stringify(choice.batchGroupName)} (${matches.join(', ')}): pass --batch-group-id`,
    );
  }
  if (matches.length === 1)
    return { batchGroupId: matches[0] as string, batchGroupName: choice.batchGroupName, created: false };
  const body = {
    batchGroupName: choice.batchGroupName,
    ...(choice.description ? { description: choice.description } : {}),
  };
  const created = await batch.createBatchGroup({ body }, options);
  if (!created.batchGroupId) throw new Error('createBatchGroup answered a group without batchGroupId');
  return { batchGroupId: created.batchGroupId, batchGroupName: choice.batchGroupName, created: true };
}

/**
 * `retry-failed --job-id ID` without `--batch-group-id`: a job is addressed through its group, so look
 * for the group that has it (one getBatchJob per group; 404 means "not this one").
 */
export async function findJobGroup(batch: BatchClient, jobId: string, signal?: AbortSignal): Promise<string> {
  const options = signal ? { signal } : {};
  for await (const group of batch.listBatchGroups({}, options)) {
    if (!group.batchGroupId) continue;
    try {
      await batch.getBatchJob({ batch_group_id: group.batchGroupId, job_id: jobId }, options);
      return group.batchGroupId;
    } catch (error) {
      if (!isSoracomError(error, NotFoundError)) throw error;
    }
  }
  throw new UsageError(`job ${jobId} is in none of your batch groups: check the ID, or pass --batch-group-id`);
}

/** The SDK's plan of the run, its problems named by the flags (`--job-name must be ...`). */
function planOf(settings: RunSettings, taskCount: number): RunPlan {
  try {
    return planRun(
      { taskCount, chunkSize: settings.chunkSize, jobName: settings.jobName, description: settings.description },
      { chunkSize: '--chunk-size', jobName: '--job-name', description: '--description' },
    );
  } catch (error) {
    if (isSoracomError(error, BatchValidationError)) throw new UsageError(error.message);
    throw error;
  }
}

/** `--dry-run`: the jobs of the plan, with the first and last task of each, so the requests can be checked. */
function printDryRun(ctx: CommandContext, g: GlobalOptions, work: RunWork, settings: RunSettings, plan: RunPlan) {
  const jobs = plan.chunks.map(({ index, start, end }) => ({
    job: index + 1,
    jobName: chunkJobName(settings.jobName, index, plan.chunks.length) ?? settings.jobName,
    tasks: end - start,
    ...(work.wheres ? { from: work.wheres[start], to: work.wheres[end - 1] } : {}),
    firstTask: work.tasks[start]?.request,
    lastTask: work.tasks[end - 1]?.request,
  }));
  const report = {
    dryRun: true,
    command: settings.command,
    action: work.action,
    batchGroup: work.group,
    tasks: work.tasks.length,
    jobs,
    ...(work.input ? { input: work.input } : {}),
  };
  ctx.print(g, report, { rows: jobs });
  ctx.info(g, `Dry run: ${jobs.length} job(s) would be created; nothing was sent.`);
}

/** Refuses a saved state that is not this run's, naming the flag, before anything is said or sent. */
async function checkSavedState(saved: StateFile, work: RunWork, plan: RunPlan, label: string): Promise<void> {
  const { state } = saved;
  const explicit = 'batchGroupId' in work.group ? work.group.batchGroupId : undefined;
  const refuse = (why: string) =>
    new UsageError(`--state-file ${label} ${why}: use another --state-file, or delete it to start over`);
  const savedAction = state.streams?.[0]?.action;
  if (savedAction !== work.action) throw refuse(`belongs to a run of ${savedAction}, not ${work.action}`);
  if (explicit !== undefined && state.batchGroupId !== explicit)
    throw refuse(`belongs to batch group ${state.batchGroupId}, not ${explicit}`);
  try {
    // The SDK's own check, the one runTasks makes on resume (same group, action, tasks and plan).
    checkResumeState(state, {
      batchGroupId: state.batchGroupId,
      streams: [
        {
          given: { stage: 0, chunkSize: plan.chunkSize },
          survey: await survey(work.tasks, state.streams[0]?.chunkSize ?? plan.chunkSize, 'tasks'),
        },
      ],
    });
  } catch (error) {
    if (!isSoracomError(error, BatchValidationError)) throw error;
    throw refuse(`cannot resume this run: ${error.message.replace(/^runTasks\.resume cannot be used: /, '')}`);
  }
}

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

function buildRunReport(result: RunResult, work: RunWork, settings: RunSettings, resumed: boolean): RunReport {
  return {
    command: settings.command,
    action: result.action,
    batchGroupId: result.batchGroupId,
    ok: result.ok,
    total: result.total,
    succeeded: result.succeeded,
    failed: result.failed,
    notRun: result.notRun,
    resumed,
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
    ...(work.input ? { input: work.input } : {}),
    ...(settings.stateFile ? { stateFile: settings.stateFile.label } : {}),
    ...(settings.failedOutput ? { failedOutput: settings.failedOutput.label } : {}),
  };
}

/** The closing lines: totals, then where the failures are and the command that retries them. */
function summaryLines(report: RunReport): string[] {
  const jobs = report.jobs.length;
  const lines = [
    `${report.ok ? 'Done' : 'Finished with failures'}: ${report.command}, ${jobs} job${jobs === 1 ? '' : 's'}, ` +
      `${report.succeeded} succeeded, ${report.failed} failed, ${report.notRun} not run (of ${report.total}).`,
  ];
  if (report.failed > 0 || report.notRun > 0) {
    const failedJobs = report.jobs.filter((j) => j.failed > 0).map((j) => `--job-id ${j.jobId}`);
    if (report.failedOutput) lines.push(`Failed tasks: ${report.failedOutput}`);
    if (failedJobs.length > 0)
      lines.push(
        `Retry them: soracom-batch retry-failed --batch-group-id ${report.batchGroupId} ${failedJobs.join(' ')}`,
      );
  }
  return lines;
}

function submittedAny(state: RunState | undefined): boolean {
  return state?.streams.some((s) => s.chunks.some((c) => c.status !== 'pending')) ?? false;
}

export async function executeRun(
  ctx: CommandContext,
  g: GlobalOptions,
  work: RunWork,
  settings: RunSettings,
): Promise<number> {
  const plan = planOf(settings, work.tasks.length);
  if (settings.dryRun) {
    printDryRun(ctx, g, work, settings, plan);
    return ExitCode.ok;
  }
  const stateFile = settings.stateFile;
  const saved = stateFile ? await loadStateFile(stateFile.path, stateFile.label) : undefined;
  if (saved && stateFile) await checkSavedState(saved, work, plan, stateFile.label);

  const client = ctx.client(g);
  const controller = new AbortController();
  const reporter = createProgressReporter(ctx.io.stderr, {
    quiet: g.quiet,
    ...(settings.progressIntervalMs !== undefined ? { intervalMs: settings.progressIntervalMs } : {}),
  });
  ctx.routeStderr((line) => reporter.log(line));
  let lastState: RunState | undefined = saved?.state;
  let lastProgress: RunProgress | undefined;
  const off = ctx.io.onInterrupt(() => {
    if (controller.signal.aborted) return;
    reporter.log('Stopping: no further job is submitted; jobs already submitted go on running on the server.');
    controller.abort(new InterruptedError());
  });
  const endDisplay = () => {
    reporter.stop();
    ctx.routeStderr(undefined);
  };
  const stateContent = (state: RunState) => ({
    command: settings.command,
    ...(work.inputLabel ? { input: work.inputLabel } : {}),
    state,
  });

  try {
    let groupId: string;
    if (saved && stateFile) {
      groupId = saved.state.batchGroupId;
      const chunks = saved.state.streams.flatMap((s) => s.chunks);
      const finished = chunks.filter(isFinishedChunk).length;
      ctx.info(
        g,
        `Resuming from ${stateFile.label}: ${finished} of ${chunks.length} job(s) finished, batch group ${groupId}.`,
      );
    } else {
      groupId = await work.resolveGroup(client, controller.signal);
      ctx.info(
        g,
        `Submitting ${work.tasks.length} task(s) as ${plan.chunks.length} job(s) of at most ${plan.chunkSize}, one after another.`,
      );
    }

    const result = await runTasks(client, {
      batch_group_id: groupId,
      // One action: the input was built for `work.action` alone.
      tasks: work.tasks as JobTasks,
      jobName: settings.jobName,
      ...(settings.description !== undefined ? { description: settings.description } : {}),
      ...(settings.abortOnFailure ? { abortOnFailure: true } : {}),
      chunkSize: plan.chunkSize,
      ...(settings.wait ? { wait: settings.wait } : {}),
      ...(settings.submitDelay ? { submitDelay: settings.submitDelay } : {}),
      signal: controller.signal,
      ...(saved ? { resume: saved.state } : {}),
      onState: async (state) => {
        lastState = state;
        if (stateFile) await saveStateFile(stateFile.path, stateContent(state));
      },
      onProgress: (progress) => {
        lastProgress = progress;
        reporter.update(progress);
      },
    });
    endDisplay();

    if (settings.failedOutput)
      await writeFileAtomic(settings.failedOutput.path, failedTasksCsv(result.failedTasks, work.action));
    const report = buildRunReport(result, work, settings, saved !== undefined);
    const lines = summaryLines(report);
    ctx.print(g, report, { rows: report.jobs, footer: lines });
    // A table already ends with these lines on stdout (unless --quiet, which leaves them out).
    if (g.output !== 'table') for (const line of lines) ctx.info(g, line);
    return result.ok ? ExitCode.ok : ExitCode.failedTasks;
  } catch (error) {
    endDisplay();
    // Without --state-file, a run that already submitted jobs still leaves a way to resume it.
    let kept = stateFile?.label;
    if (!stateFile && lastState && submittedAny(lastState)) {
      kept = `soracom-batch-${lastState.runId}.state.json`;
      await saveStateFile(resolve(ctx.io.cwd, kept), stateContent(lastState));
    }
    const resumeHint = kept
      ? ` Resume with the same command and --state-file ${kept}: nothing is submitted twice.`
      : '';
    if (controller.signal.aborted) {
      const done = lastProgress
        ? `${lastProgress.done} of ${lastProgress.total} tasks done.`
        : 'Nothing was submitted.';
      ctx.warn(`Interrupted. ${done}${resumeHint}`);
      return ExitCode.interrupted;
    }
    if (resumeHint) ctx.warn(resumeHint.trim());
    throw error;
  } finally {
    off();
  }
}
