/**
 * The run flow shared by `run <action>`, `run apply` and `retry-failed`, once the tasks are known: check
 * the plan (runner/plan.ts: chunks of `--chunk-size`, names suffixed " (i/n)", room for the marker), then
 * either print it (`--dry-run`, nothing sent) or run it through the SDK's runner: lock and read the state
 * file, take the batch group from it (or find or create it), run with progress, the state saved after
 * every change (to a fallback file when it cannot be), Ctrl-C wired to the runner's signal, failed tasks
 * written as each job ends, and the report printed. Exit code: 0 all succeeded, 3 some failed or did not
 * run, 130 interrupted.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BatchClient } from '../client/client.js';
import { BatchValidationError, isSoracomError, NotFoundError } from '../errors/errors.js';
import { chunkJobName, planRun, type RunPlan } from '../runner/plan.js';
import { isFinishedChunk, type RunProgress, type RunState } from '../runner/run-state.js';
import { type RunResult, type RunStream, runPlan } from '../runner/run-tasks.js';
import type { KnownSurvey, TaskSource } from '../runner/sources.js';
import type { TaskAction } from '../tasks/actions.js';
import { batchLimits } from '../tasks/job-body.js';
import { ExitCode, InterruptedError, UsageError } from './errors.js';
import type { CommandContext, GlobalOptions } from './program.js';
import { createProgressReporter } from './progress.js';
import {
  FailedOutput,
  failedColumns,
  loadStateFile,
  lockStateFile,
  RECOVER_ADVICE,
  type StateFile,
  saveStateFile,
} from './run-files.js';
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

/** One action of a run: its tasks (read as often as the runner needs) and where its jobs start and end. */
export type StreamWork = {
  /** The CLI's name of the action (`put-tags`), in messages and the `action` column. */
  name: string;
  action: TaskAction;
  tasks: TaskSource;
  count: number;
  /** The stage the stream runs in (0 unless `--stage` orders the actions). */
  stage: number;
  /**
   * The runner's survey of `tasks`, when the CLI made it in its own check of the input: the runner then
   * reads the input only to send it (it still checks each chunk against this survey before sending).
   */
  known?: KnownSurvey;
  /** Per job: the first and last row and task, for the dry run. */
  chunks?: Array<{ from?: string; to?: string; first: unknown; last: unknown }>;
};

export type RunWork = {
  streams: StreamWork[];
  input?: InputSummary;
  /** The input as given, kept in the state file for people reading it. */
  inputLabel?: string;
  /** Shown by the dry run; a group named by ID is also checked against a saved state. */
  group: GroupChoice;
  /** Finds or creates the batch group; not called when resuming (the state file has it). */
  resolveGroup(client: BatchClient, signal: AbortSignal): Promise<string>;
  /** Tag names the failed tasks may carry: one failed-output column each. */
  tagNames?: Iterable<string>;
};

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

/** The SDK's plan of one stream, its problems named by the flags (`--job-name must be ...`). */
function planOf(settings: RunSettings, stream: StreamWork, chunkSize: number): RunPlan {
  try {
    return planRun(
      { taskCount: stream.count, chunkSize, jobName: jobNameOf(settings, stream), description: settings.description },
      { chunkSize: '--chunk-size', jobName: '--job-name', description: '--description' },
    );
  } catch (error) {
    if (isSoracomError(error, BatchValidationError)) throw new UsageError(error.message);
    throw error;
  }
}

/** The jobs' name: `--job-name` (with the action, when a run has several), else the command's. */
function jobNameOf(settings: RunSettings, stream: StreamWork): string {
  return settings.multi ? `${settings.jobName} ${stream.name}` : settings.jobName;
}

/** `--dry-run`: the jobs of the plan, with the first and last task of each, so the requests can be checked. */
function printDryRun(
  ctx: CommandContext,
  g: GlobalOptions,
  work: RunWork,
  settings: RunSettings,
  plans: readonly RunPlan[],
): void {
  const jobs = work.streams.flatMap((stream, k) => {
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
  const report = {
    dryRun: true,
    command: settings.command,
    ...(settings.multi ? { actions: work.streams.map((s) => s.name) } : { action: work.streams[0]?.action }),
    batchGroup: work.group,
    tasks: work.streams.reduce((n, s) => n + s.count, 0),
    jobs,
    ...(work.input ? { input: work.input } : {}),
  };
  ctx.print(g, report, { rows: jobs });
  ctx.info(g, `Dry run: ${jobs.length} job(s) would be created; nothing was sent.`);
}

/** Refuses a saved state that is not this run's, naming the flag, before anything is said or sent. */
function checkSavedState(saved: StateFile, work: RunWork, settings: RunSettings, label: string): void {
  const { state } = saved;
  const explicit = 'batchGroupId' in work.group ? work.group.batchGroupId : undefined;
  const refuse = (why: string) => new UsageError(`--state-file ${label} ${why}: use another --state-file`);
  const savedActions = (state.streams ?? []).map((s) => s.action);
  const actions = work.streams.map((s) => s.action);
  if (savedActions.join(',') !== actions.join(','))
    throw refuse(`belongs to a run of ${savedActions.join(', ') || 'nothing'}, not ${actions.join(', ')}`);
  if (explicit !== undefined && state.batchGroupId !== explicit)
    throw refuse(`belongs to batch group ${state.batchGroupId}, not ${explicit}`);
  state.streams.forEach((stream, k) => {
    if (settings.chunkSize !== undefined && stream.chunkSize !== settings.chunkSize) {
      throw new UsageError(
        `--state-file ${label} was started with --chunk-size ${stream.chunkSize}: leave --chunk-size out (the state's is used) or pass ${stream.chunkSize}; ` +
          'another size would move the markers of the jobs already made',
      );
    }
    const count = work.streams[k]?.count;
    if (stream.taskCount !== count)
      throw refuse(`was made for ${stream.taskCount} task(s) of ${stream.action}, and this input has ${count}`);
  });
}

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
  resumed: boolean;
  jobs: Array<{
    action?: string;
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
    ...(settings.multi
      ? {
          actions: result.streams.map((s, k) => ({
            action: work.streams[k]?.name ?? s.action,
            stage: s.stage + 1,
            total: s.total,
            succeeded: s.succeeded,
            failed: s.failed,
            notRun: s.notRun,
          })),
        }
      : { action: result.action }),
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
        ...(settings.multi ? { action: work.streams[job.stream]?.name ?? '' } : {}),
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
  for (const a of report.actions ?? []) {
    lines.push(`  ${a.action}: ${a.succeeded} succeeded, ${a.failed} failed, ${a.notRun} not run (of ${a.total}).`);
  }
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

/** The state could not be saved where it belongs: the run stops submitting. */
class StateNotSaved extends Error {
  constructor(
    override readonly cause: unknown,
    readonly savedTo: string | undefined,
  ) {
    super('the state could not be saved');
  }
}

/** What the first state of a resumed or recovered run says, before the run goes on. */
function describeStart(state: RunState): { finished: number; found: number; total: number; toRun: string[] } {
  const chunks = state.streams.flatMap((s, k) => s.chunks.map((c) => ({ c, k, n: s.chunks.length })));
  return {
    total: chunks.length,
    finished: chunks.filter(({ c }) => isFinishedChunk(c)).length,
    found: chunks.filter(({ c }) => c.jobId).length,
    toRun: chunks
      .filter(({ c }) => !c.jobId)
      .map(({ c, k, n }) => `${state.streams.length > 1 ? `${state.streams[k]?.action} ` : ''}${c.index + 1}/${n}`),
  };
}

export async function executeRun(
  ctx: CommandContext,
  g: GlobalOptions,
  work: RunWork,
  settings: RunSettings,
): Promise<number> {
  const stateFile = settings.stateFile;
  const release =
    stateFile && !settings.dryRun ? lockStateFile(stateFile.path, stateFile.label, settings.command) : undefined;
  try {
    return await lockedRun(ctx, g, work, settings, release !== undefined);
  } finally {
    release?.();
  }
}

async function lockedRun(
  ctx: CommandContext,
  g: GlobalOptions,
  work: RunWork,
  settings: RunSettings,
  locked: boolean,
): Promise<number> {
  const stateFile = locked ? settings.stateFile : undefined;
  let saved: StateFile | undefined;
  let recover = settings.recover;
  if (stateFile) {
    try {
      saved = await loadStateFile(stateFile.path, stateFile.label);
    } catch (error) {
      // A damaged state is rebuilt from the server with --recover; without it, the error says to.
      if (!(error instanceof UsageError && recover)) throw error;
      ctx.warn(`${error.message.split(':')[0]}: rebuilding it from the batch group's jobs (--recover).`);
    }
  }
  if (saved) {
    recover = false;
    checkSavedState(saved, work, settings, stateFile?.label ?? '');
  }
  const chunkSizes = work.streams.map(
    (_, k) => settings.chunkSize ?? saved?.state.streams[k]?.chunkSize ?? batchLimits.maxTasksPerJob,
  );
  const plans = work.streams.map((stream, k) => planOf(settings, stream, chunkSizes[k] as number));
  if (settings.dryRun) {
    printDryRun(ctx, g, work, settings, plans);
    return ExitCode.ok;
  }

  const client = ctx.client(g);
  // The first Ctrl-C stops gently (a job being submitted is still recorded); the second at once.
  const stop = new AbortController();
  const controller = new AbortController();
  const reporter = createProgressReporter(ctx.io.stderr, {
    quiet: g.quiet,
    ...(settings.progressIntervalMs !== undefined ? { intervalMs: settings.progressIntervalMs } : {}),
  });
  ctx.routeStderr((line) => reporter.log(line));
  let lastState: RunState | undefined = saved?.state;
  let lastProgress: RunProgress | undefined;
  let failedOutput: FailedOutput | undefined;
  const off = ctx.io.onInterrupt(() => {
    if (stop.signal.aborted) {
      controller.abort(new InterruptedError());
      return;
    }
    reporter.log(
      'Stopping: no further job is submitted; a job being submitted is still recorded (Ctrl-C again to quit at once). Jobs already submitted go on running on the server.',
    );
    stop.abort(new InterruptedError());
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
  /** Saves where the state belongs; when that fails, to a fallback file, and stops the run either way. */
  const save = async (state: RunState) => {
    if (!stateFile) return;
    try {
      await saveStateFile(stateFile.path, stateContent(state));
    } catch (error) {
      const name = `soracom-batch-${state.runId}.state.json`;
      for (const dir of [ctx.io.cwd, tmpdir()]) {
        const fallback = join(dir, name);
        try {
          await saveStateFile(fallback, stateContent(state));
          throw new StateNotSaved(error, fallback);
        } catch (next) {
          if (next instanceof StateNotSaved) throw next;
        }
      }
      throw new StateNotSaved(error, undefined);
    }
  };

  try {
    let groupId: string;
    if (saved) groupId = saved.state.batchGroupId;
    else {
      groupId = await work.resolveGroup(client, controller.signal);
      const total = work.streams.reduce((n, s) => n + s.count, 0);
      const jobs = plans.reduce((n, p) => n + p.chunks.length, 0);
      if (!recover) {
        ctx.info(
          g,
          work.streams.length > 1
            ? `Submitting ${total} task(s) of ${work.streams.length} actions as ${jobs} job(s) of at most ${chunkSizes[0]}.`
            : `Submitting ${total} task(s) as ${jobs} job(s) of at most ${chunkSizes[0]}, one after another.`,
        );
      }
    }
    if (settings.failedOutput) {
      const actions = work.streams.map((s) => s.action);
      const names = new Map(work.streams.map((s) => [s.action, s.name]));
      failedOutput = await FailedOutput.open(
        settings.failedOutput.path,
        failedColumns(actions, work.tagNames ?? [], settings.multi),
        settings.multi ? (action) => names.get(action) ?? action : undefined,
      );
    }

    const streams: RunStream[] = work.streams.map((stream) => ({
      tasks: stream.tasks,
      jobName: jobNameOf(settings, stream),
      ...(settings.description !== undefined ? { description: settings.description } : {}),
      ...(settings.chunkSize !== undefined ? { chunkSize: settings.chunkSize } : {}),
    }));
    // The surveys the input check made, by stream; the runner uses one only if made for its chunk size
    // (a resumed run without --chunk-size takes the state's, which the check did not know).
    const known = new Map<RunStream, KnownSurvey>();
    work.streams.forEach((stream, k) => {
      if (stream.known) known.set(streams[k] as RunStream, stream.known);
    });
    const stages: RunStream[][] = [];
    work.streams.forEach((stream, k) => {
      stages[stream.stage] ??= [];
      stages[stream.stage]?.push(streams[k] as RunStream);
    });
    let first = true;
    const result = await runPlan(
      client,
      {
        batch_group_id: groupId,
        stages: stages.filter(Boolean),
        ...(settings.abortOnFailure ? { abortOnFailure: true } : {}),
        ...(settings.wait ? { wait: settings.wait } : {}),
        ...(settings.submitDelay ? { submitDelay: settings.submitDelay } : {}),
        ...(settings.settleWindowMs !== undefined ? { settleWindowMs: settings.settleWindowMs } : {}),
        signal: controller.signal,
        stop: stop.signal,
        ...(saved ? { resume: saved.state } : {}),
        ...(recover ? { recover: true } : {}),
        collectFailedTasks: false,
        onFailedTask: async (task) => {
          await failedOutput?.write(task);
        },
        onState: async (state) => {
          lastState = state;
          if (first) {
            first = false;
            // Said only now: the SDK has checked the state (or rebuilt it) against this run's tasks.
            const start = describeStart(state);
            if (saved && stateFile)
              ctx.info(
                g,
                `Resuming from ${stateFile.label}: ${start.finished} of ${start.total} job(s) finished, batch group ${groupId}.`,
              );
            if (recover)
              ctx.info(
                g,
                `Recovered from the batch group's jobs: ${start.found} of ${start.total} job(s) found` +
                  (start.toRun.length > 0
                    ? `; submitting job(s) ${start.toRun.join(', ')}.`
                    : '; nothing to submit again.'),
              );
          }
          await save(state);
        },
        onProgress: (progress) => {
          lastProgress = progress;
          reporter.update(progress);
        },
      },
      known,
    );
    endDisplay();
    await failedOutput?.close();
    const report = buildRunReport(result, work, settings, saved !== undefined);
    const lines = summaryLines(report);
    ctx.print(g, report, { rows: report.jobs, footer: lines });
    // A table already ends with these lines on stdout (unless --quiet, which leaves them out).
    if (g.output !== 'table') for (const line of lines) ctx.info(g, line);
    return result.ok ? ExitCode.ok : ExitCode.failedTasks;
  } catch (caught) {
    endDisplay();
    await failedOutput?.close().catch(() => undefined);
    if (isSoracomError(caught, BatchValidationError) && caught.argument === 'runTasks.resume' && stateFile) {
      // The SDK's own check of the state against this run's tasks: nothing was sent or said about resuming.
      throw new UsageError(
        `--state-file ${stateFile.label} cannot resume this run: ${caught.message.replace(/^runTasks\.resume cannot be used: /, '')}: use another --state-file`,
      );
    }
    let error = caught;
    let kept = stateFile?.label;
    if (error instanceof StateNotSaved) {
      // Submitting stopped: nothing more is sent while the state cannot be kept.
      kept = error.savedTo;
      const why = String((error.cause as { code?: unknown }).code ?? error.cause);
      ctx.warn(
        `error: could not save --state-file ${stateFile?.label} (${why}): stopped submitting.` +
          (kept
            ? ` The state was saved to ${kept} instead.`
            : ` No state could be saved anywhere: ${RECOVER_ADVICE.replace(/^add /, 'run the same command with ')}.`),
      );
      error = undefined;
    } else if (!stateFile && lastState && submittedAny(lastState)) {
      // Without --state-file, a run that already submitted jobs still leaves a way to resume it.
      kept = `soracom-batch-${lastState.runId}.state.json`;
      try {
        await saveStateFile(resolve(ctx.io.cwd, kept), stateContent(lastState));
      } catch {
        kept = undefined;
      }
    }
    const resumeHint = kept
      ? ` Resume with the same command and --state-file ${kept}: nothing is submitted twice.`
      : '';
    if (stop.signal.aborted && error !== undefined) {
      const done = lastProgress
        ? `${lastProgress.done} of ${lastProgress.total} tasks done.`
        : 'Nothing was submitted.';
      ctx.warn(`Interrupted. ${done}${resumeHint}`);
      return ExitCode.interrupted;
    }
    if (resumeHint) ctx.warn(resumeHint.trim());
    if (error === undefined) return ExitCode.api;
    throw error;
  } finally {
    off();
  }
}
