/**
 * The run stage of `run <action>`, `run apply` and `retry-failed`, once the tasks are known and checked:
 * check the files (the failed output is neither the input nor the state), print the plan (`--dry-run`,
 * nothing sent), or run it through the SDK's runner: lock the run on this machine, load the state cache,
 * find the batch group, run with progress (Ctrl-C wired to the runner's two signals), write the failed
 * tasks as each job ends, and report. The batch group's jobs are the record of what was done
 * (runner/ledger.ts): a lost or damaged state file costs a search, never a task run twice.
 *
 * Exit code: 0 all succeeded, 3 some failed or did not run, 4 already run (nothing sent), 130 interrupted.
 */
import { statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchClient } from '../client/client.js';
import { AlreadyRunError, BatchValidationError, isSoracomError } from '../errors/errors.js';
import { hash64Hex } from '../runner/identity.js';
import { planRun, type RunPlan } from '../runner/plan.js';
import type { RunProgress, RunState } from '../runner/run-state.js';
import { runPlan, type StreamExtras } from '../runner/run-tasks.js';
import type { RunResult, RunStream } from '../runner/run-types.js';
import type { KnownSurvey, TaskSource } from '../runner/sources.js';
import type { GroupChoice } from './batch-group.js';
import { ExitCode, InterruptedError, UsageError } from './errors.js';
import { FailedOutput, failedColumns } from './failed-output.js';
import { ensurePrivateDir, realFilePath, takeLock } from './locks.js';
import type { CommandContext, GlobalOptions } from './program.js';
import { createProgressReporter, type ProgressReporter } from './progress.js';
import type { RunSettings } from './run-options.js';
import {
  buildRunReport,
  dryRunReport,
  type InputSummary,
  jobNameOf,
  type ReportStream,
  startLine,
  summaryLines,
} from './run-report.js';
import { cacheDir, loadStateFile, type StateFile, saveStateFile } from './state-file.js';

/** One action of a run: its tasks (read as often as the runner needs), and how reports name it. */
export type StreamWork = ReportStream & {
  tasks: TaskSource;
  /** The check pass's survey of the tasks: the runner then reads the input only to send it. */
  known?: KnownSurvey;
  /** The stream's identity when it is not its tasks' (a retry: the job it retries). */
  identity?: string;
};

export type RunWork = {
  streams: StreamWork[];
  input?: InputSummary;
  /** The input as given, kept in the state file for people reading it. */
  inputLabel?: string;
  /** The input file's path, when it is a file: the failed output must not overwrite it. */
  inputPath?: string;
  group: GroupChoice;
  /** Finds or creates the batch group. */
  resolveGroup(client: BatchClient, signal: AbortSignal): Promise<string>;
  /** Tag names the failed tasks may carry: one failed-output column each. */
  tagNames?: Iterable<string>;
};

const RERUN = 'run the same command again (the batch group’s jobs say what was done; nothing is submitted twice)';

/** The flag behind an argument the SDK names in an error: `runPlan.stages[0][1].chunkSize` is `--chunk-size`. */
function flagFor(argument: string): string | undefined {
  if (/^runPlan\.stages\[\d+\]\[\d+\]\.chunkSize$/.test(argument)) return '--chunk-size';
  return argument === 'runPlan.again' ? '--again' : undefined;
}

/** The same file, whatever the path: the real path, or the same inode (a hard link). */
function sameFile(a: string, b: string): boolean {
  if (realFilePath(a) === realFilePath(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Refuses a failed output that would overwrite the input or the state, before anything is sent. */
function checkFiles(work: RunWork, settings: RunSettings): void {
  const out = settings.failedOutput;
  if (!out) return;
  const clash = (path: string | undefined, what: string) => {
    if (path !== undefined && sameFile(out.path, path))
      throw new UsageError(`--failed-output ${out.label} is ${what}: name another file for the failed tasks`);
  };
  clash(work.inputPath, 'the --input file');
  clash(settings.stateFile?.path, 'the --state-file');
}

function plansOf(work: RunWork, settings: RunSettings): RunPlan[] {
  return work.streams.map((stream) => {
    try {
      return planRun(
        {
          taskCount: stream.count,
          chunkSize: settings.chunkSize,
          jobName: jobNameOf(settings, stream),
          description: settings.description,
        },
        { chunkSize: '--chunk-size', jobName: '--job-name', description: '--description' },
      );
    } catch (error) {
      if (isSoracomError(error, BatchValidationError)) throw new UsageError(error.message);
      throw error;
    }
  });
}

/** What the run is, for its lock and its cache file: the group chosen and every stream's identity. */
function runKey(work: RunWork): string {
  const identities = work.streams.map((s) => s.identity ?? s.known?.survey.identity ?? `${s.action}:${s.count}`);
  return hash64Hex(JSON.stringify({ group: work.group, identities }));
}

/**
 * Where the run's state is kept, and the locks the run holds. The cache folder always holds one copy:
 * this machine's own, which users do not copy or restore, so it alone tells a later run here that no
 * create was left in flight. `--state-file` holds another, where the user wants it.
 */
type Place = { cachePath: string; file?: { path: string; label: string }; release: () => void };

function lockRun(ctx: CommandContext, work: RunWork, settings: RunSettings): Place {
  const key = runKey(work);
  const dir = cacheDir(ctx.io);
  ensurePrivateDir(join(dir, 'locks'));
  ensurePrivateDir(join(dir, 'runs'));
  const releaseRun = takeLock(
    join(dir, 'locks', `run-${key}.lock`),
    'this run (the same tasks in the same batch group)',
    settings.command,
  );
  const cachePath = join(dir, 'runs', `run-${key}.json`);
  if (!settings.stateFile) return { cachePath, release: releaseRun };
  try {
    const path = realFilePath(settings.stateFile.path);
    const releaseFile = takeLock(`${path}.lock`, `--state-file ${settings.stateFile.label}`, settings.command);
    const release = () => {
      releaseFile();
      releaseRun();
    };
    return { cachePath, file: { path, label: settings.stateFile.label }, release };
  } catch (error) {
    releaseRun();
    throw error;
  }
}

/** Refuses a `--state-file` of another run (other actions or tasks) before it is overwritten. */
function checkStateBelongs(saved: StateFile, work: RunWork, label: string): void {
  const refuse = (why: string) =>
    new UsageError(`--state-file ${label} cannot be used for this run: ${why}: use another --state-file`);
  const streams = saved.state.streams ?? [];
  if (streams.length !== work.streams.length)
    throw refuse(`it has ${streams.length} stream(s), this run ${work.streams.length}`);
  work.streams.forEach((stream, k) => {
    const kept = streams[k];
    const identity = stream.identity ?? stream.known?.survey.identity;
    if (kept?.action !== stream.action) throw refuse(`it ran ${kept?.action}, not ${stream.action}`);
    if (identity !== undefined && kept.identity !== identity)
      throw refuse('the task list differs from the one the state was made for (pass the same tasks in the same order)');
  });
}

export async function executeRun(
  ctx: CommandContext,
  g: GlobalOptions,
  work: RunWork,
  settings: RunSettings,
): Promise<number> {
  checkFiles(work, settings);
  const plans = plansOf(work, settings);
  if (settings.dryRun) {
    const report = dryRunReport(work.streams, plans, settings, work.group, work.input);
    ctx.print(g, report, { rows: report.jobs });
    ctx.info(g, `Dry run: ${report.jobs.length} job(s) would be created; nothing was sent.`);
    return ExitCode.ok;
  }
  const place = lockRun(ctx, work, settings);
  try {
    return await new CliRun(ctx, g, work, settings, place).execute();
  } finally {
    place.release();
  }
}

/** One run of the command line: its display, its state cache, its failed output, and its stop signals. */
class CliRun {
  // The first Ctrl-C stops gently (a job being submitted is still recorded); the second at once.
  readonly #stop = new AbortController();
  readonly #abort = new AbortController();
  readonly #reporter: ProgressReporter;
  #lastProgress: RunProgress | undefined;
  #failedOutput: FailedOutput | undefined;
  #saveWarned = false;
  #started = false;
  /** Whether the batch group held jobs of these tasks when the run started. */
  #resumed = false;
  readonly #plan: { stages: RunStream[][]; extras: Map<RunStream, StreamExtras> };

  constructor(
    private readonly ctx: CommandContext,
    private readonly g: GlobalOptions,
    private readonly work: RunWork,
    private readonly settings: RunSettings,
    private readonly place: Place,
  ) {
    this.#reporter = createProgressReporter(ctx.io.stderr, {
      quiet: g.quiet,
      ...(settings.progressIntervalMs !== undefined ? { intervalMs: settings.progressIntervalMs } : {}),
    });
    this.#plan = this.#stages();
  }

  async execute(): Promise<number> {
    const { ctx } = this;
    const damaged = (why: string) =>
      ctx.warn(`warning: ${why}; going on from the batch group's jobs, which say what was done.`);
    const own = await loadStateFile(this.place.cachePath, "this machine's cache of the run", damaged);
    const file = this.place.file;
    const given = file ? await loadStateFile(file.path, file.label, damaged) : undefined;
    if (given && file) checkStateBelongs(given, this.work, file.label);
    ctx.routeStderr((line) => this.#reporter.log(line));
    const off = ctx.io.onInterrupt(() => this.#interrupt());
    try {
      const client = ctx.client(this.g);
      const groupId = await this.work.resolveGroup(client, this.#abort.signal);
      if (given && file && given.state.batchGroupId !== groupId) {
        throw new UsageError(
          `--state-file ${file.label} belongs to batch group ${given.state.batchGroupId}, not ${groupId}: use another --state-file`,
        );
      }
      // This machine's copy first: a --state-file may be an older copy, restored.
      const cache = [own, given].find((saved) => saved?.state.batchGroupId === groupId)?.state;
      this.#openFailedOutput();
      const result = await runPlan(client, this.#params(groupId, cache), { extras: this.#plan.extras });
      return this.#finish(result);
    } catch (error) {
      return this.#failed(error);
    } finally {
      this.#endDisplay();
      this.#failedOutput?.close();
      off();
    }
  }

  #interrupt(): void {
    if (this.#stop.signal.aborted) {
      this.#abort.abort(new InterruptedError());
      return;
    }
    this.#reporter.log(
      'Stopping: no further job is submitted; a job being submitted is still recorded (Ctrl-C again to quit at once). Jobs already submitted go on running on the server.',
    );
    this.#stop.abort(new InterruptedError());
  }

  #endDisplay(): void {
    this.#reporter.stop();
    this.ctx.routeStderr(undefined);
  }

  #openFailedOutput(): void {
    const { settings, work } = this;
    if (!settings.failedOutput) return;
    const actions = work.streams.map((s) => s.action);
    const names = new Map(work.streams.map((s) => [s.action, s.name]));
    this.#failedOutput = FailedOutput.open(
      settings.failedOutput.path,
      settings.failedOutput.label,
      failedColumns(actions, work.tagNames ?? [], settings.multi),
      this.ctx.redaction.redact,
      settings.multi ? (action) => names.get(action) ?? action : undefined,
    );
  }

  /** The streams in their stages, each with what the check pass knew of it. */
  #stages(): { stages: RunStream[][]; extras: Map<RunStream, StreamExtras> } {
    const { settings } = this;
    const stages: RunStream[][] = [];
    const extras = new Map<RunStream, StreamExtras>();
    for (const stream of this.work.streams) {
      const run: RunStream = {
        tasks: stream.tasks,
        jobName: jobNameOf(settings, stream),
        description: settings.description,
        chunkSize: settings.chunkSize,
      };
      extras.set(run, {
        ...(stream.known ? { known: stream.known } : {}),
        ...(stream.identity ? { identity: stream.identity } : {}),
      });
      stages[stream.stage] = [...(stages[stream.stage] ?? []), run];
    }
    return { stages: stages.filter(Boolean), extras };
  }

  #params(groupId: string, cache: RunState | undefined) {
    const { settings } = this;
    return {
      batch_group_id: groupId,
      stages: this.#plan.stages,
      abortOnFailure: settings.abortOnFailure,
      again: settings.again,
      wait: settings.wait,
      submitDelay: settings.submitDelay,
      settleWindowMs: settings.settleWindowMs,
      signal: this.#abort.signal,
      stop: this.#stop.signal,
      resume: cache,
      collectFailedTasks: false,
      onFailedTask: (task: Parameters<FailedOutput['write']>[0]) => this.#failedOutput?.write(task),
      onState: (state: RunState) => this.#onState(groupId, state),
      onProgress: (progress: RunProgress) => {
        this.#lastProgress = progress;
        this.#reporter.update(progress);
      },
    };
  }

  async #onState(groupId: string, state: RunState): Promise<void> {
    if (!this.#started) {
      this.#started = true;
      this.#resumed = state.streams.some((s) => s.chunks.some((c) => c.jobs.length > 0 || c.sending));
      // Said only now: the SDK has read the batch group's jobs and checked them against these tasks.
      this.ctx.info(
        this.g,
        startLine(
          state,
          groupId,
          this.work.streams.map((s) => s.name),
        ),
      );
    }
    await this.#save(state);
  }

  /** Saves the cache; a failure is told once and the run goes on (the batch group's jobs are the record). */
  async #save(state: RunState): Promise<void> {
    const content: Omit<StateFile, 'kind' | 'version' | 'savedAt'> = {
      command: this.settings.command,
      ...(this.work.inputLabel ? { input: this.work.inputLabel } : {}),
      state,
    };
    const targets = [
      { path: this.place.cachePath, label: "this machine's cache of the run" },
      ...(this.place.file ? [{ path: this.place.file.path, label: `--state-file ${this.place.file.label}` }] : []),
    ];
    for (const { path, label } of targets) {
      try {
        await saveStateFile(path, content, this.ctx.redaction.redact);
      } catch (error) {
        if (this.#saveWarned) continue;
        this.#saveWarned = true;
        const why = String((error as { code?: unknown }).code ?? error);
        this.ctx.warn(
          `warning: could not save ${label} (${why}); going on: the batch group's jobs are the record of the run.`,
        );
      }
    }
  }

  #finish(result: RunResult): number {
    const { ctx, g, settings, work } = this;
    this.#endDisplay();
    const report = buildRunReport(result, work.streams, settings, {
      input: work.input,
      stateFile: settings.stateFile?.label,
      resumed: this.#resumed,
    });
    const lines = summaryLines(report, RERUN);
    ctx.print(g, report, { rows: report.jobs, footer: lines });
    // A table already ends with these lines on stdout (unless --quiet, which leaves them out).
    if (g.output !== 'table') for (const line of lines) ctx.info(g, line);
    if (result.notRun === 0) {
      try {
        unlinkSync(this.place.cachePath);
      } catch {
        // A cache: nothing to clean up.
      }
    }
    return report.ok ? ExitCode.ok : ExitCode.failedTasks;
  }

  #failed(error: unknown): number {
    const { ctx } = this;
    this.#endDisplay();
    if (isSoracomError(error, AlreadyRunError)) {
      ctx.warn(`error: ${error.message.replace('pass again: true', 'add --again')}`);
      return ExitCode.alreadyRun;
    }
    if (isSoracomError(error, BatchValidationError) && error.argument === 'runPlan.resume' && this.settings.stateFile) {
      // The SDK's check of the state against this run's tasks: nothing was sent.
      throw new UsageError(
        `--state-file ${this.settings.stateFile.label} cannot be used for this run: ${error.message.replace(/^runPlan\.resume cannot be used: /, '')}: use another --state-file`,
      );
    }
    const flag = isSoracomError(error, BatchValidationError) ? flagFor(error.argument) : undefined;
    if (flag) {
      const { argument, message } = error as BatchValidationError;
      throw new UsageError(
        `${flag}${message.slice(argument.length)}`.replace(/run without again/, 'run without --again'),
      );
    }
    if (this.#stop.signal.aborted) {
      const p = this.#lastProgress;
      ctx.warn(
        `Interrupted. ${p ? `${p.done} of ${p.total} tasks done.` : 'Nothing was submitted.'} To go on, ${RERUN}.`,
      );
      return ExitCode.interrupted;
    }
    if (this.#started) ctx.warn(`To go on once the cause is fixed, ${RERUN}.`);
    throw error;
  }
}
