/**
 * The part of `run` and `retry-failed` that talks to the API: choose the batch group (or take it
 * from the state file), run the tasks through the SDK's `runTasks` with progress, the state saved
 * after every change and Ctrl-C wired to its abort signal, then write the failed tasks and print the
 * report. Exit code: 0 all succeeded, 3 some failed or did not run, 130 interrupted.
 */
import { resolve } from 'node:path';
import { BatchValidationError, isSoracomError } from '../../errors/errors.js';
import { planRun } from '../../jobs/plan.js';
import { isFinishedChunk, type RunProgress, type RunState } from '../../jobs/run-state.js';
import type { RunnableTask, RunTasksParams } from '../../jobs/run-tasks.js';
import type { TaskAction } from '../../tasks/actions.js';
import type { JobTasks } from '../../tasks/types.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import type { CliClient } from '../create-client.js';
import { ExitCode } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { RUN_JOB_COLUMNS } from '../output/columns.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { writeFileAtomic } from './atomic-write.js';
import { failedTasksCsv } from './failed-output.js';
import { buildRunReport, type InputSummary, summaryLines } from './run-report.js';
import { loadStateFile, saveStateFile } from './state-file.js';

export type FileOption = { path: string; label: string };

export type RunSettings = {
  /** `run put-tags`, `retry-failed`: in the report and the state file. */
  command: string;
  jobName: string;
  description?: string;
  abortOnFailure: boolean;
  chunkSize: number;
  stateFile?: FileOption;
  failedOutput?: FileOption;
  wait: RunTasksParams['wait'];
  submitDelay: RunTasksParams['submitDelay'];
  progressIntervalMs?: number;
};

export type RunWork = {
  action: TaskAction;
  tasks: readonly RunnableTask[];
  input?: InputSummary;
  inputLabel?: string;
  /** The group named by ID on the command line, if any: a state file of another group is refused. */
  explicitGroupId?: string;
  /** Finds or creates the batch group; not called when resuming (the state file has it). */
  resolveGroup(client: CliClient, signal: AbortSignal): Promise<string>;
};

/**
 * Job name and description must leave room for the suffix and marker the SDK adds: the SDK's own plan
 * (jobs/plan.ts) checks them, naming the flags, before any request.
 */
export function checkJobText(
  settings: Pick<RunSettings, 'jobName' | 'description' | 'chunkSize'>,
  taskCount: number,
): void {
  try {
    planRun(
      { taskCount, chunkSize: settings.chunkSize, jobName: settings.jobName, description: settings.description },
      { chunkSize: '--chunk-size', jobName: '--job-name', description: '--description' },
    );
  } catch (error) {
    if (isSoracomError(error, BatchValidationError)) throw new UsageError(error.message);
    throw error;
  }
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
  checkJobText(settings, work.tasks.length);
  const stateFile = settings.stateFile;
  const saved = stateFile ? await loadStateFile(stateFile.path, stateFile.label) : undefined;
  if (saved && stateFile) {
    const savedAction = saved.state.streams?.[0]?.action;
    if (savedAction !== work.action) {
      throw new UsageError(
        `--state-file ${stateFile.label} belongs to a run of ${savedAction}, not ${work.action}: use another --state-file`,
      );
    }
    if (work.explicitGroupId !== undefined && saved.state.batchGroupId !== work.explicitGroupId) {
      throw new UsageError(
        `--state-file ${stateFile.label} belongs to batch group ${saved.state.batchGroupId}, not ${work.explicitGroupId}: use another --state-file`,
      );
    }
  }
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
    }
    const chunks = Math.ceil(work.tasks.length / settings.chunkSize);
    if (!saved)
      ctx.info(
        g,
        `Submitting ${work.tasks.length} task(s) as ${chunks} job(s) of at most ${settings.chunkSize}, one after another.`,
      );

    const result = await client.jobs.runTasks({
      batch_group_id: groupId,
      // One action: the input was built for `work.action` alone.
      tasks: work.tasks as JobTasks,
      jobName: settings.jobName,
      ...(settings.description !== undefined ? { description: settings.description } : {}),
      ...(settings.abortOnFailure ? { abortOnFailure: true } : {}),
      chunkSize: settings.chunkSize,
      ...(settings.wait ? { wait: settings.wait } : {}),
      ...(settings.submitDelay ? { submitDelay: settings.submitDelay } : {}),
      signal: controller.signal,
      ...(saved ? { resume: saved.state } : {}),
      onState: async (state) => {
        lastState = state;
        if (stateFile)
          await saveStateFile(stateFile.path, {
            command: settings.command,
            ...(work.inputLabel ? { input: work.inputLabel } : {}),
            state,
          });
      },
      onProgress: (progress) => {
        lastProgress = progress;
        reporter.update(progress);
      },
    });
    endDisplay();

    if (settings.failedOutput)
      await writeFileAtomic(settings.failedOutput.path, failedTasksCsv(result.failedTasks, work.action));
    const report = buildRunReport(result, {
      command: settings.command,
      resumed: saved !== undefined,
      ...(work.input ? { input: work.input } : {}),
      ...(stateFile ? { stateFile: stateFile.label } : {}),
      ...(settings.failedOutput ? { failedOutput: settings.failedOutput.label } : {}),
    });
    const lines = summaryLines(report);
    ctx.print(g, report, { rows: report.jobs, columns: RUN_JOB_COLUMNS, footer: lines });
    // A table already ends with these lines on stdout.
    if (g.output !== 'table') for (const line of lines) ctx.info(g, line);
    return result.ok ? ExitCode.ok : ExitCode.failedTasks;
  } catch (error) {
    endDisplay();
    const interrupted = controller.signal.aborted;
    // Without --state-file, a run that already submitted jobs still leaves a way to resume it.
    let kept = stateFile?.label;
    if (!stateFile && lastState && submittedAny(lastState)) {
      kept = `soracom-batch-${lastState.runId}.state.json`;
      await saveStateFile(resolve(ctx.io.cwd, kept), {
        command: settings.command,
        ...(work.inputLabel ? { input: work.inputLabel } : {}),
        state: lastState,
      });
    }
    const resumeHint = kept
      ? ` Resume with the same command and --state-file ${kept}: nothing is submitted twice.`
      : '';
    if (interrupted) {
      const done = lastProgress
        ? `${lastProgress.done} of ${lastProgress.total} tasks done.`
        : 'Nothing was submitted.';
      ctx.warn(`Interrupted. ${done}${resumeHint}`);
      return ExitCode.interrupted;
    }
    if (isSoracomError(error, BatchValidationError) && error.argument === 'runTasks.resume' && stateFile) {
      throw new UsageError(
        `--state-file ${stateFile.label} cannot resume this run: ${error.message.replace(/^runTasks\.resume cannot be used: /, '')}. Use another --state-file, or delete it to start over`,
      );
    }
    if (resumeHint) ctx.warn(resumeHint.trim());
    throw error;
  } finally {
    off();
  }
}
