/**
 * `runTasks(batch, ...)` and `runPlan(batch, ...)`: apply actions to any number of targets, exactly once.
 *
 * A run is one or more streams, each the tasks of one action, grouped in stages. Its life:
 * 1. check: every option, then every task (sources.ts: counted and fingerprinted, nothing kept), before
 *    anything is sent;
 * 2. reconcile (reconcile.ts): read the batch group's jobs, the ledger, and decide for each stream which
 *    generation this is and which chunks have jobs already; a finished run is refused (`AlreadyRunError`)
 *    unless `again`;
 * 3. run (stream.ts): the streams of a stage side by side, each moving its chunks one after another
 *    from planned to finished, every stream of a stage done before the next stage starts;
 * 4. report: the failed tasks of jobs that had ended before this run took over, and the result.
 * The state is a cache of the ledger, reported after every change (run-state.ts).
 */

import { AlreadyRunError, BatchValidationError } from '../errors/errors.js';
import type { BatchTask } from '../index.js';
import { checkDelayOption, type JobStatus } from '../jobs/wait-for-job.js';
import { followSignal } from '../transport/signals.js';
import type { RunnerClient } from './api.js';
import { chunkDone, statusOf, summaryAddsUp } from './chunk.js';
import type { ListingGap } from './job-tasks.js';
import { generationsOf, type LedgerJob, readLedger, ServerClock } from './ledger.js';
import { planRun } from './plan.js';
import { type Reconciled, reconcileStream, type StreamNames, type StreamRequest } from './reconcile.js';
import { checkResumeState, computeProgress, type RunProgress, type RunState, type StreamState } from './run-state.js';
import type {
  FailedTask,
  RunJobResult,
  RunOptions,
  RunPlanParams,
  RunResult,
  RunStream,
  RunTasksParams,
  RunTotals,
} from './run-types.js';
import { type KnownSurvey, type Survey, survey } from './sources.js';
import { type RunContext, StreamRun } from './stream.js';

/** The settle window unless set: the client's default attempt time limit (60 s) plus 30 s. */
export const DEFAULT_SETTLE_WINDOW_MS = 90_000;

/**
 * The public function the caller called. Errors name its arguments as the caller wrote them:
 * `runTasks.chunkSize`, `runPlan.stages[1][0].chunkSize`, `retryFailed.settleWindowMs`.
 */
export type RunEntry = 'runTasks' | 'runPlan' | 'retryFailed';

const invalid = (argument: string, rule: string, detail?: string): never => {
  throw new BatchValidationError(argument, rule, detail);
};

/**
 * Checks every option of a run before anything is sent: a NaN delay would turn the submission backoff
 * into a busy loop against a "same action already running" 400, and a NaN wait limit would never end.
 */
function checkOptions(params: RunOptions, entry: RunEntry): void {
  const fail = (name: string, rule: string, detail?: string) => invalid(`${entry}.${name}`, rule, detail);
  if (params === null || typeof params !== 'object') fail('params', 'must be an object');
  if (typeof params.batch_group_id !== 'string' || params.batch_group_id.trim() === '') {
    fail('batch_group_id', 'is required', ': a non-empty string');
  }
  for (const name of ['abortOnFailure', 'collectFailedTasks', 'recover', 'again'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'boolean') fail(name, 'must be a boolean');
  }
  for (const name of ['onProgress', 'onState', 'onFailedTask'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'function') fail(name, 'must be a function');
  }
  for (const name of ['signal', 'stop'] as const) {
    if (params[name] !== undefined && typeof params[name]?.addEventListener !== 'function')
      fail(name, 'must be an AbortSignal');
  }
  const delays: Array<[string, unknown]> = [
    ['maxSubmitWaitMs', params.maxSubmitWaitMs],
    ['settleWindowMs', params.settleWindowMs],
    ['submitDelay.minDelayMs', params.submitDelay?.minDelayMs],
    ['submitDelay.maxDelayMs', params.submitDelay?.maxDelayMs],
    ['wait.minDelayMs', params.wait?.minDelayMs],
    ['wait.maxDelayMs', params.wait?.maxDelayMs],
    ['wait.maxWaitMs', params.wait?.maxWaitMs],
    ['wait.maxPollFailureMs', params.wait?.maxPollFailureMs],
  ];
  for (const [name, value] of delays) checkDelayOption(`${entry}.${name}`, value, 0);
}

/** What the runner's internal callers (the CLI, `retryFailed`) know of a stream beyond its tasks. */
export type StreamExtras = {
  /** A survey the caller made in its own pass over the tasks (the CLI's check of its input). */
  known?: KnownSurvey;
  /** The stream's identity when it is not its tasks' (a retry is named by the job it retries). */
  identity?: string;
};

/** How the runner's internal callers call `runPlan`: as which entry, with what per stream. */
export type PlanCall = { entry?: RunEntry; extras?: ReadonlyMap<RunStream, StreamExtras> | undefined };

type Request = StreamRequest & { source: RunStream['tasks'] };

/** Surveys of one stream's tasks by chunk size, each made once (or taken from the caller's pass). */
function surveysOf(
  stream: RunStream,
  at: string,
  extra: StreamExtras | undefined,
): (chunkSize: number) => Promise<Survey> {
  const surveys = new Map<number, Promise<Survey>>();
  return (chunkSize) => {
    let made = surveys.get(chunkSize);
    if (!made) {
      const ready = extra?.known?.chunkSize === chunkSize ? extra.known.survey : undefined;
      made = (ready ? Promise.resolve(ready) : survey(stream.tasks, chunkSize, at)).then((s) =>
        extra?.identity === undefined ? s : { ...s, identity: extra.identity },
      );
      surveys.set(chunkSize, made);
    }
    return made;
  };
}

/** How errors name one stream: `runPlan.stages[1][0]` (its `.chunkSize`, `.tasks`), or the entry's own arguments. */
function streamNames(entry: RunEntry, stage: number, index: number): StreamNames {
  if (entry === 'runPlan') {
    const path = `runPlan.stages[${stage}][${index}]`;
    return { path, tasks: `${path}.tasks` };
  }
  // A retry's tasks are the failed tasks of the jobs it names.
  return { path: entry, tasks: entry === 'retryFailed' ? 'retryFailed.job_id' : 'runTasks.tasks' };
}

/** One stream as given, checked, with its survey. */
async function requestOf(
  stream: RunStream,
  stage: number,
  names: StreamNames,
  extra: StreamExtras | undefined,
): Promise<Request> {
  if (stream === null || typeof stream !== 'object') invalid(names.path, 'must be a { tasks, ... } object');
  const { chunkSize, jobName, description } = stream;
  const argumentNames = {
    chunkSize: `${names.path}.chunkSize`,
    jobName: `${names.path}.jobName`,
    description: `${names.path}.description`,
  };
  const plan = planRun({ taskCount: 1, chunkSize, jobName, description }, argumentNames);
  const surveyAt = surveysOf(stream, names.tasks, extra);
  const first = await surveyAt(plan.chunkSize);
  // Checked again with the real count: a job name may leave no room for " (i/n)".
  planRun({ taskCount: first.taskCount, chunkSize: plan.chunkSize, jobName, description }, argumentNames);
  const given = { stage, chunkSize: plan.chunkSize, chunkSizeGiven: chunkSize !== undefined, jobName, description };
  return { names, given, surveyAt, survey: first, source: stream.tasks };
}

/** The streams as given, checked, each with its survey (read now unless `extras` has one for its chunk size). */
async function requestsOf(params: RunPlanParams, call: PlanCall): Promise<Request[]> {
  const entry = call.entry ?? 'runPlan';
  if (!Array.isArray(params.stages) || params.stages.length === 0 || params.stages.some((s) => !Array.isArray(s))) {
    invalid(
      `${entry}.stages`,
      'must be a non-empty array of arrays of streams',
      ' ({ tasks, jobName?, description?, chunkSize? })',
    );
  }
  const given = params.stages.flatMap((streams, stage) => streams.map((stream, index) => ({ stream, stage, index })));
  if (given.length === 0) invalid(`${entry}.stages`, 'must hold at least one stream');
  const requests: Request[] = [];
  for (const { stream, stage, index } of given) {
    requests.push(await requestOf(stream, stage, streamNames(entry, stage, index), call.extras?.get(stream)));
  }
  const identities = new Set<string>();
  for (const r of requests) {
    if (identities.has(r.survey.identity))
      invalid(`${entry}.stages`, 'must not hold the same tasks twice', `: ${r.names.path} repeats another stream`);
    identities.add(r.survey.identity);
  }
  return requests;
}

/** Refuses a run whose every stream finished before (unless `again`), naming what ran. */
function refuseIfDone(groupId: string, reconciled: readonly Reconciled[], again: boolean): void {
  if (again || !reconciled.every((r) => r.finished)) return;
  const jobs = reconciled.flatMap((r) => r.finished?.jobs ?? []);
  const summaries = jobs.map((j) => j.job.summary);
  throw new AlreadyRunError({
    batchGroupId: groupId,
    action: [...new Set(reconciled.map((r) => r.state.action))].join(', '),
    generation: Math.max(...reconciled.map((r) => r.finished?.gen ?? 0)),
    jobIds: jobs.map((j) => j.job.jobId),
    startedTime: Math.min(...jobs.map((j) => j.job.createdTime)),
    finishedTime: Math.max(...jobs.map((j) => j.job.finishedTime ?? j.job.createdTime)),
    succeeded: summaries.reduce((n, s) => n + (s?.success ?? 0), 0),
    failed: summaries.reduce((n, s) => n + (s?.error ?? 0), 0),
    again: 'again: true',
  });
}

/**
 * Runs streams of several actions in stages (see the module comment). `call` is for the runner's
 * internal callers; the public `runPlan` (runner/index.ts) passes none.
 */
export async function runPlan(api: RunnerClient, params: RunPlanParams, call: PlanCall = {}): Promise<RunResult> {
  const entry = call.entry ?? 'runPlan';
  checkOptions(params, entry);
  const requests = await requestsOf(params, call);
  const groupId = params.batch_group_id;
  const outer = params.signal;
  const clock = new ServerClock();
  const settleWindowMs = params.settleWindowMs ?? DEFAULT_SETTLE_WINDOW_MS;
  const cache =
    params.resume === undefined
      ? undefined
      : checkResumeState(params.resume, { batchGroupId: groupId, streams: requests }, `${entry}.resume`);
  const ledger = await readLedger(api, groupId, clock, outer ? { signal: outer } : {});
  const reconciled: Reconciled[] = [];
  for (const [k, request] of requests.entries()) {
    const options = { again: params.again === true, againName: `${entry}.again`, settleWindowMs };
    reconciled.push(
      await reconcileStream(
        request,
        ledger,
        generationsOf(ledger, request.survey.identity),
        cache?.streams[k],
        options,
      ),
    );
  }
  refuseIfDone(groupId, reconciled, params.again === true);
  const state: RunState = { version: 3, batchGroupId: groupId, streams: reconciled.map((r) => r.state) };
  return new Run(api, params, state, clock, settleWindowMs).execute(
    reconciled.map((r, k) => ({
      quietUntil: r.quietUntil,
      source: requests[k]?.source,
      at: requests[k]?.names.tasks ?? '',
    })),
    ledger,
  );
}

/** One run, once reconciled: its state, its streams, and what it hands over. */
class Run {
  readonly #failedTasks: FailedTask[] = [];
  readonly #handed = new Map<string, Set<number>>();
  readonly #gaps: ListingGap[] = [];
  #saving: Promise<void> = Promise.resolve();
  #lastProgress = '';
  readonly #doneBefore: number;

  constructor(
    private readonly api: RunnerClient,
    private readonly params: RunOptions,
    private readonly state: RunState,
    private readonly clock: ServerClock,
    private readonly settleWindowMs: number,
  ) {
    this.#doneBefore = computeProgress(state, 0).done;
  }

  /** Saves are queued: streams of a stage change the state at the same time, and each save is awaited. */
  save = (): Promise<void> => {
    const snapshot = structuredClone(this.state);
    this.#saving = this.#saving.then(() => this.params.onState?.(snapshot));
    return this.#saving;
  };

  report = (current?: RunProgress['current']): void => {
    if (!this.params.onProgress) return;
    const progress = computeProgress(this.state, this.#doneBefore, current);
    const print = JSON.stringify(progress);
    if (print === this.#lastProgress) return;
    this.#lastProgress = print;
    this.params.onProgress(progress);
  };

  /** Each failed task once per job, whoever read it (a recount, a re-read listing). */
  handOverFailed = async (stream: StreamState, jobId: string, task: BatchTask): Promise<void> => {
    const seen = this.#handed.get(jobId) ?? new Set<number>();
    this.#handed.set(jobId, seen);
    if (seen.has(task.taskId)) return;
    seen.add(task.taskId);
    const failed: FailedTask = {
      action: stream.action,
      jobId,
      taskId: task.taskId,
      request: task.request,
      response: task.response,
    };
    if (this.params.collectFailedTasks !== false) this.#failedTasks.push(failed);
    await this.params.onFailedTask?.(failed);
  };

  async execute(
    streams: ReadonlyArray<{ quietUntil: number | undefined; source: RunStream['tasks'] | undefined; at: string }>,
    ledger: readonly LedgerJob[],
  ): Promise<RunResult> {
    const ctx: RunContext = {
      api: this.api,
      groupId: this.state.batchGroupId,
      clock: this.clock,
      params: this.params,
      settleWindowMs: this.settleWindowMs,
      save: this.save,
      report: this.report,
      handOverFailed: this.handOverFailed,
      gaps: this.#gaps,
      jobIds: new Set(ledger.map((entry) => entry.job.jobId)),
      stop: { byFailure: false },
    };
    const runs = this.state.streams.map((s, k) => {
      const given = streams[k] as (typeof streams)[number];
      return new StreamRun(ctx, k, s, given.source as RunStream['tasks'], given.at, given.quietUntil);
    });
    // Jobs that had ended before this run took over (every job but the last of a running chunk, which its
    // stream waits for): their failed tasks are handed over at the end, and unclear summaries counted.
    const endedBefore = runs.flatMap((run) =>
      run.state.chunks.flatMap((c) =>
        (statusOf(c) === 'running' ? c.jobs.slice(0, -1) : c.jobs).map((job) => ({ run, job })),
      ),
    );
    const unclear = endedBefore.some(({ job }) => !summaryAddsUp(job.summary, job.taskCount));
    await this.save();
    this.report();
    try {
      await this.#runStages(runs, ctx);
    } finally {
      await this.#saveQuiet();
    }
    const options = this.params.signal ? { signal: this.params.signal } : {};
    for (const { run, job } of endedBefore) await run.handFailuresOver(job, options);
    if (unclear) await this.save(); // with the counted summaries
    await this.#saving;
    return this.#result();
  }

  /**
   * When the run ends (done, stopped or failed) with no create in flight, the state says so as of now
   * (the server's clock): the next run that starts from it need not wait out the settle window after
   * the group's last activity, which this process has seen all of.
   */
  async #saveQuiet(): Promise<void> {
    const inFlight = this.state.streams.some((s) => s.chunks.some((c) => c.sending));
    if (inFlight) return;
    const now = this.clock.now();
    for (const stream of this.state.streams) stream.seenActivity = Math.max(stream.seenActivity ?? 0, now);
    await this.save().catch(() => undefined);
  }

  async #runStages(runs: readonly StreamRun[], ctx: RunContext): Promise<void> {
    const { signal: outer, stop } = this.params;
    const stages = [...new Set(runs.map((r) => r.state.stage))].sort((a, b) => a - b);
    for (const stage of stages) {
      if (ctx.stop.byFailure) break;
      // If one stream of the stage fails, the others stop too; the first error is the run's.
      const stageSignal = followSignal(outer);
      const gentle = followSignal(stageSignal.signal, stop);
      const signals = { signal: stageSignal.signal, gentle: gentle.signal };
      const running = runs
        .filter((r) => r.state.stage === stage)
        .map((r) =>
          r.run(signals).catch((error: unknown) => {
            // A stream that ends because of the gentle stop leaves the others to end gently too.
            if (!stop?.aborted) stageSignal.end();
            throw error;
          }),
        );
      const settled = await Promise.allSettled(running);
      gentle.end();
      stageSignal.end();
      const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) {
        await this.#saving.catch(() => undefined);
        throw outer?.aborted ? outer.reason : stop?.aborted ? stop.reason : failure.reason;
      }
    }
  }

  #result(): RunResult {
    const { state } = this;
    const jobs: RunJobResult[] = state.streams.flatMap((stream, k) =>
      stream.chunks.flatMap((c) =>
        c.jobs.map((job) => ({
          stream: k,
          chunk: c.index,
          jobId: job.jobId,
          status: job.status as JobStatus,
          taskCount: job.taskCount,
          summary: job.summary,
          ...(job.after !== undefined ? { after: job.after } : {}),
        })),
      ),
    );
    return {
      batchGroupId: state.batchGroupId,
      action: (state.streams[0] as StreamState).action,
      ...totalsOf(state.streams),
      jobs,
      failedTasks: this.#failedTasks,
      streams: state.streams.map((s) => ({
        action: s.action,
        stage: s.stage,
        generation: s.generation,
        ...totalsOf([s]),
      })),
      listingGaps: this.#gaps,
      state: structuredClone(state),
    };
  }
}

function totalsOf(streams: readonly StreamState[]): RunTotals {
  const progress = computeProgress({ version: 3, batchGroupId: '', streams: [...streams] }, 0);
  const handedOver = streams.reduce((n, s) => n + s.chunks.reduce((m, c) => m + chunkDone(c).handedOver, 0), 0);
  return {
    total: progress.total,
    succeeded: progress.succeeded,
    failed: progress.failed,
    notRun: progress.total - progress.done - handedOver,
    handedOver,
    ok: progress.succeeded === progress.total,
  };
}

/** `runTasks`: a plan of one stream. */
export function runTasks(api: RunnerClient, params: RunTasksParams, extras?: StreamExtras): Promise<RunResult> {
  if (params === null || typeof params !== 'object') invalid('runTasks.params', 'must be an object');
  const { tasks, jobName, description, chunkSize, ...options } = params;
  const stream: RunStream = { tasks };
  if (jobName !== undefined) stream.jobName = jobName;
  if (description !== undefined) stream.description = description;
  if (chunkSize !== undefined) stream.chunkSize = chunkSize;
  return runPlan(
    api,
    { ...options, stages: [[stream]] },
    { entry: 'runTasks', extras: extras ? new Map([[stream, extras]]) : undefined },
  );
}

export type { FailedTask, RunJobResult, RunOptions, RunPlanParams, RunResult, RunStream, RunTasksParams };
