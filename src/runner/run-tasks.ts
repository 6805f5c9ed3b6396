/**
 * `runTasks(batch, ...)` and `runPlan(batch, ...)`: apply actions to any number of targets, exactly once.
 *
 * A run is one or more streams, each the tasks of one action, grouped in stages. A stream is split
 * into jobs of at most 10,000 tasks (plan.ts) run one after another (the API runs one job per action
 * at a time); the streams of a stage run at the same time (different actions may), and every stream of
 * a stage finishes before the next stage starts. Tasks are read twice (sources.ts): checked before
 * anything is sent (unless the caller did, see `known`), then read, submitted and let go one chunk at a
 * time, the next chunk read while the current job runs, so memory does not grow with the number of
 * tasks. Each job is created exactly once (submit.ts), waited for (wait-for-job.ts) and
 * counted; progress is reported across all streams, the state after every change (run-state.ts), and
 * the result lists every job and, as each job ends, every failed task with its request and answer.
 */
import type { components } from '../../generated/batch.js';
import { CLIENT_SETTINGS, type ClientSettings } from '../client/options.js';
import { BatchValidationError } from '../errors/errors.js';
import type { JobsApi } from '../jobs/failed-tasks.js';
import { type BatchJob, checkDelayOption, type JobStatus, type WaitOptions, waitForJob } from '../jobs/wait-for-job.js';
import type { TaskAction } from '../tasks/actions.js';
import type { JobTasks, PlainTask, Task } from '../tasks/types.js';
import { followSignal } from '../transport/signals.js';
import type { CallOptions } from '../transport/transport.js';
import { chunkDescription, chunkJobName, jobMarker, parseMarker, planRun } from './plan.js';
import {
  type ChunkState,
  checkResumeState,
  computeProgress,
  initialStreamState,
  isFinishedChunk,
  newRunId,
  type RunProgress,
  type RunState,
  type StreamPlan,
  type StreamState,
} from './run-state.js';
import { fingerprintChunk, type KnownSurvey, readChunks, type Survey, survey, type TaskSource } from './sources.js';
import { submitChunk } from './submit.js';

type BatchTask = components['schemas']['BatchTaskResponse'];
type Summary = components['schemas']['BatchJobSummary'];

/** A task a run accepts: one built by `tasks.<action>(...)`, or a plain `{ request }` object. */
export type RunnableTask = Task | PlainTask;

/**
 * One stream of a run: the tasks of one action, and how its jobs are named and sized.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import type { RunStream } from 'soracom-batch/jobs';
 *
 * const tag: RunStream = { tasks: tasks.many('putSimTags', simIds, { fleet: 'north' }), jobName: 'Tag' };
 * ```
 * @category Jobs
 */
export type RunStream = {
  /**
   * Tasks of one action, any number: an array, an iterable or async iterable that can be read twice, or a
   * function returning a fresh one. Built tasks of two actions do not compile; plain `{ request }` objects
   * and untyped callers are checked before anything is sent.
   */
  tasks: TaskSource;
  /** Name of the jobs; with several jobs, ` (2/6)` is appended. */
  jobName?: string;
  /** Description of the jobs; the run appends a marker that identifies each job. */
  description?: string;
  /** Tasks per job, at most (and by default) 10,000. On resume, the state's is used. */
  chunkSize?: number;
};

/**
 * What every run takes, beside its tasks: the batch group, and how to pace, report, resume and recover it.
 *
 * @example
 * ```ts
 * import type { RunOptions } from 'soracom-batch/jobs';
 *
 * const options: RunOptions = { batch_group_id, abortOnFailure: true, settleWindowMs: 120_000 };
 * ```
 * @category Jobs
 */
export type RunOptions = {
  /** The batch group the jobs are created in. */
  batch_group_id: string;
  /** Passed to every job: stop at the first failed task; its stream submits no further job, and no later stage starts. */
  abortOnFailure?: boolean;
  /** Called with the progress across all jobs whenever it changes (never twice with the same figures). */
  onProgress?: (progress: RunProgress) => void;
  /** Called (and awaited) with the state after every change; persist it to resume after a crash. */
  onState?: (state: RunState) => void | Promise<void>;
  /** A state reported by an earlier, interrupted run of the same tasks: resume it (`undefined`: start afresh). */
  resume?: RunState | undefined;
  /**
   * With no `resume`: rebuild the state of an earlier run of the same tasks from the batch group's jobs
   * (their markers), for when its state was lost. Chunks whose job is found are adopted; the rest run.
   */
  recover?: boolean;
  /**
   * Stops the run at once: no further job is submitted, the current wait ends, and a createBatchJob in
   * flight is abandoned (its outcome is unknown until a resume looks for its job). Jobs already
   * created go on on the server. The run rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /**
   * Stops the run gently: no further job is submitted and the current wait ends, but a createBatchJob
   * already sent is awaited so that its job is recorded in the state (a resume then needs no search).
   * The run rejects with the signal's reason. The command line's first Ctrl-C; the second is `signal`.
   */
  stop?: AbortSignal;
  /** Polling of each job (see waitForJob); `maxWaitMs` applies per job. */
  wait?: Pick<WaitOptions, 'minDelayMs' | 'maxDelayMs' | 'maxWaitMs'>;
  /** How long to keep waiting for a chance to submit a job (429s, same-action job running). Default 1 hour. */
  maxSubmitWaitMs?: number;
  /** Backoff between refused submissions (defaults 2 s doubling to 60 s). */
  submitDelay?: {
    /** First wait after a refused submission, in ms (default 2 s). */
    minDelayMs?: number;
    /** Longest wait between two submissions, in ms (default 60 s). */
    maxDelayMs?: number;
  };
  /**
   * How long after a createBatchJob whose answer was lost its job may still appear, in ms: the run looks
   * for it that long before submitting the chunk again. Default: the client's `timeoutMs` plus 30 s.
   */
  settleWindowMs?: number;
  /** Keep every failed task in the result's `failedTasks` (default true; false keeps memory flat). */
  collectFailedTasks?: boolean;
  /** Called, and awaited, with each failed task as soon as its job has ended. */
  onFailedTask?: (task: FailedTask) => void | Promise<void>;
};

/**
 * What `runTasks` takes: the batch group, the tasks (of one action, any number), and how to name,
 * pace, report and resume the run.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunTasksParams, runTasks } from 'soracom-batch/jobs';
 *
 * const params: RunTasksParams = {
 *   batch_group_id,
 *   tasks: tasks.many('setSimGroup', simIds, groupId),
 *   jobName: 'Move to group',
 *   chunkSize: 5_000,
 *   wait: { maxDelayMs: 10_000 },
 *   signal: AbortSignal.timeout(3_600_000),
 * };
 * const result = await runTasks(batch, params);
 * ```
 * @category Jobs
 */
export type RunTasksParams = RunOptions & RunStream;

/**
 * What `batch.runPlan` takes: streams of several actions, in stages. The streams of a stage run at the
 * same time (the API runs one job per action at a time, so different actions can run together); every
 * stream of a stage finishes before the next stage starts.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunPlanParams, runPlan } from 'soracom-batch/jobs';
 *
 * const params: RunPlanParams = {
 *   batch_group_id,
 *   stages: [
 *     [{ tasks: tasks.many('setSimGroup', simIds, groupId) }, { tasks: tasks.many('putSimTags', simIds, { area: 'tokyo' }) }],
 *     [{ tasks: tasks.many('activateSim', simIds) }], // after both of the first stage
 *   ],
 * };
 * const result = await runPlan(batch, params);
 * ```
 * @category Jobs
 */
export type RunPlanParams = RunOptions & {
  /** The stages, in order, each a list of streams run at the same time. */
  stages: ReadonlyArray<ReadonlyArray<RunStream>>;
};

/**
 * A task that failed in a run, with the request it made and the answer it got.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type FailedTask, runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const notFound: FailedTask[] = result.failedTasks.filter((t) => t.response?.statusCode === 404);
 * ```
 * @category Jobs
 */
export type FailedTask = {
  /** The action the task called. */
  action: TaskAction;
  /** The job the task ran in. */
  jobId: string;
  /** The task's ID within its job. */
  taskId: BatchTask['taskId'];
  /** The request the task made (path, method, body). */
  request: BatchTask['request'];
  /** The answer the task got (status code, body). */
  response: BatchTask['response'];
};

/**
 * One job of a run, as the run ended it.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunJobResult, runTasks } from 'soracom-batch/jobs';
 *
 * const result = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * const failedJobs: RunJobResult[] = result.jobs.filter((job) => job.status !== 'completed');
 * ```
 * @category Jobs
 */
export type RunJobResult = {
  /** Index of the job's stream in the run, from 0 (always 0 for `runTasks`). */
  stream: number;
  /** Index of the job's chunk in its stream, from 0. */
  chunk: number;
  /** The job's ID. */
  jobId: string;
  /** The job's status when the run ended (`completed`, `failed` or `aborted`; `running` if the run stopped early). */
  status: JobStatus;
  /** Tasks in the job. */
  taskCount: number;
  /** The job's task counts when it ended. */
  summary: Summary | undefined;
};

/** Totals of a run or of one of its streams. */
type Totals = {
  /** Tasks in the run. */
  total: number;
  /** Tasks that succeeded. */
  succeeded: number;
  /** Tasks that failed. */
  failed: number;
  /** Tasks of aborted jobs that never ran, plus tasks of jobs never submitted because the run stopped early. */
  notRun: number;
  /** True when every task ran and succeeded. */
  ok: boolean;
};

/**
 * What `runTasks` resolves to: totals, every job, every failed task, and the final state.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { type RunResult, runTasks } from 'soracom-batch/jobs';
 *
 * const result: RunResult = await runTasks(batch, { batch_group_id, tasks: tasks.many('activateSim', simIds) });
 * console.log(`${result.succeeded}/${result.total} succeeded, ${result.failed} failed, ${result.notRun} not run`);
 * for (const task of result.failedTasks) console.log(task.request.path, task.response?.statusCode);
 * ```
 * @category Jobs
 */
export type RunResult = Totals & {
  /** The batch group the jobs were created in. */
  batchGroupId: string;
  /** The action every task called (the first stream's, for a plan). */
  action: TaskAction;
  /** Every job of the run, in order. */
  jobs: RunJobResult[];
  /** Every failed task (unless `collectFailedTasks` is false). */
  failedTasks: FailedTask[];
  /** Totals per stream, in the order the streams were given. */
  streams: Array<
    Totals & {
      /** The action of the stream's tasks. */
      action: TaskAction;
      /** Index of the stream's stage in the plan, from 0 (always 0 for `runTasks`). */
      stage: number;
    }
  >;
  /** The run's final state. */
  state: RunState;
};

const fail = (argument: string, rule: string, detail?: string): never => {
  throw new BatchValidationError(`runTasks.${argument}`, rule, detail);
};

/**
 * Checks every option of a run before anything is sent: a NaN delay would turn the submission backoff
 * into a busy loop against a "same action already running" 400, and a NaN wait limit would never end.
 */
function checkOptions(params: RunOptions): void {
  if (params === null || typeof params !== 'object') fail('params', 'must be an object');
  if (typeof params.batch_group_id !== 'string' || params.batch_group_id.trim() === '') {
    fail('batch_group_id', 'is required', ': a non-empty string');
  }
  for (const name of ['abortOnFailure', 'collectFailedTasks', 'recover'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'boolean') fail(name, 'must be a boolean');
  }
  for (const name of ['onProgress', 'onState', 'onFailedTask'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'function') fail(name, 'must be a function');
  }
  for (const name of ['signal', 'stop'] as const) {
    if (params[name] !== undefined && typeof params[name]?.addEventListener !== 'function')
      fail(name, 'must be an AbortSignal');
  }
  if (params.resume !== undefined && params.recover) {
    fail('recover', 'cannot be used with resume', ': a state to resume from needs no recovery');
  }
  const delays: Array<[string, unknown]> = [
    ['maxSubmitWaitMs', params.maxSubmitWaitMs],
    ['settleWindowMs', params.settleWindowMs],
    ['submitDelay.minDelayMs', params.submitDelay?.minDelayMs],
    ['submitDelay.maxDelayMs', params.submitDelay?.maxDelayMs],
    ['wait.minDelayMs', params.wait?.minDelayMs],
    ['wait.maxDelayMs', params.wait?.maxDelayMs],
    ['wait.maxWaitMs', params.wait?.maxWaitMs],
  ];
  for (const [name, value] of delays) checkDelayOption(`runTasks.${name}`, value, 0);
}

/** Counts a job's tasks by status, and hands each failed one on: for a job whose summary is missing or does not add up. */
async function countTasks(
  api: JobsApi,
  ref: { batch_group_id: string; job_id: string },
  options: CallOptions,
  onFailed: (task: BatchTask) => Promise<void>,
): Promise<Summary> {
  const summary = { pending: 0, success: 0, error: 0 };
  for await (const task of api.listTasksOfBatchJob(ref, options)) {
    if (task.status === 'success') summary.success++;
    else if (task.status === 'error') {
      summary.error++;
      await onFailed(task);
    } else summary.pending++;
  }
  return summary;
}

/** A summary that accounts for every task of the chunk. */
function summaryAddsUp(summary: Summary | undefined, taskCount: number): summary is Summary {
  return (
    summary !== undefined &&
    typeof summary.success === 'number' &&
    typeof summary.error === 'number' &&
    summary.success + summary.error + (summary.pending ?? 0) === taskCount
  );
}

type StreamInput = { plan: StreamPlan; given: Partial<StreamPlan>; source: TaskSource; survey: Survey };

/** The state of an earlier run rebuilt from the group's jobs: each chunk's job found by its marker. */
async function recoverState(
  api: JobsApi,
  groupId: string,
  streams: readonly StreamInput[],
  options: CallOptions,
): Promise<RunState> {
  const fresh = streams.map((s) => initialStreamState(s.plan, s.survey));
  const wanted = new Set<string>();
  const key = (stream: number, chunk: number, count: number, fingerprint: string) =>
    `${stream}/${chunk}/${count}/${fingerprint}`;
  fresh.forEach((stream, s) => {
    for (const c of stream.chunks) wanted.add(key(s, c.index, stream.chunks.length, c.fingerprint));
  });
  // Jobs by run, keyed by their place and tasks; the run with the most of our chunks is ours.
  const runs = new Map<string, { jobs: Map<string, BatchJob>; latest: number }>();
  for await (const job of api.listBatchJobs({ batch_group_id: groupId }, options)) {
    const m = parseMarker(job.description);
    if (!m) continue;
    const k = key(m.stream, m.chunk, m.chunkCount, m.fingerprint);
    if (!wanted.has(k)) continue;
    const run = runs.get(m.runId) ?? { jobs: new Map(), latest: 0 };
    run.jobs.set(k, job);
    run.latest = Math.max(run.latest, job.createdTime ?? 0);
    runs.set(m.runId, run);
  }
  const best = [...runs].sort((a, b) => b[1].jobs.size - a[1].jobs.size || b[1].latest - a[1].latest)[0];
  const state: RunState = { version: 2, runId: best?.[0] ?? newRunId(), batchGroupId: groupId, streams: fresh };
  fresh.forEach((stream, s) => {
    for (const chunk of stream.chunks) {
      const job = best?.[1].jobs.get(key(s, chunk.index, stream.chunks.length, chunk.fingerprint));
      if (!job?.jobId) continue;
      chunk.jobId = job.jobId;
      chunk.status = isFinishedChunk({ status: job.status as ChunkState['status'] })
        ? (job.status as ChunkState['status'])
        : 'running';
      if (job.summary) chunk.summary = job.summary;
    }
  });
  return state;
}

/**
 * A lost create may land up to the attempt's time limit after it was sent, plus a margin for the
 * server: the client's `timeoutMs` (60 s unless set), plus 30 s.
 */
export function defaultSettleWindowMs(api: JobsApi): number {
  const timeoutMs = (api as { [CLIENT_SETTINGS]?: ClientSettings })[CLIENT_SETTINGS]?.timeoutMs ?? 60_000;
  return (Number.isFinite(timeoutMs) ? timeoutMs : 60_000) + 30_000;
}

/**
 * `known`: surveys the caller made in its own pass over the tasks (the CLI's check of its input), by
 * stream; a stream with one made for its chunk size is not read before the run, the others are. Not
 * part of the public `runPlan` (runner/index.ts): a caller that has not read its tasks has none.
 */
export async function runPlan(
  api: JobsApi,
  params: RunPlanParams,
  known?: ReadonlyMap<RunStream, KnownSurvey>,
): Promise<RunResult> {
  checkOptions(params);
  if (!Array.isArray(params.stages) || params.stages.length === 0 || params.stages.some((s) => !Array.isArray(s))) {
    fail(
      'stages',
      'must be a non-empty array of arrays of streams',
      ' ({ tasks, jobName?, description?, chunkSize? })',
    );
  }
  const given = params.stages.flatMap((streams, stage) => streams.map((stream) => ({ stream, stage })));
  if (given.length === 0) fail('stages', 'must hold at least one stream');
  const groupId = params.batch_group_id;
  const inputs: StreamInput[] = [];
  for (const [k, { stream, stage }] of given.entries()) {
    const at = given.length > 1 ? `stages[${stage}] stream ${k + 1}` : 'tasks';
    if (stream === null || typeof stream !== 'object') fail(at, 'must be a { tasks, ... } object');
    const resumed = params.resume?.streams?.[k];
    // On resume the plan comes from the state; what the caller gives is only checked against it.
    const chunkSize = stream.chunkSize ?? resumed?.chunkSize;
    const checked = planRun({ taskCount: 1, chunkSize, jobName: stream.jobName, description: stream.description });
    const ready = known?.get(stream);
    const surveyed =
      ready !== undefined && ready.chunkSize === checked.chunkSize
        ? ready.survey
        : await survey(stream.tasks, checked.chunkSize, `runTasks.${at}`);
    const plan = planRun({
      taskCount: surveyed.taskCount,
      chunkSize: checked.chunkSize,
      jobName: stream.jobName ?? resumed?.jobName,
      description: stream.description ?? resumed?.description,
    });
    inputs.push({
      plan: { stage, chunkSize: plan.chunkSize, jobName: plan.jobName, description: plan.description },
      given: { stage, chunkSize: stream.chunkSize, jobName: stream.jobName, description: stream.description },
      source: stream.tasks,
      survey: surveyed,
    });
  }
  const outer = params.signal;
  const callOptions: CallOptions = outer ? { signal: outer } : {};
  const state: RunState = params.resume
    ? checkResumeState(params.resume, { batchGroupId: groupId, streams: inputs })
    : params.recover
      ? await recoverState(api, groupId, inputs, callOptions)
      : {
          version: 2,
          runId: newRunId(),
          batchGroupId: groupId,
          streams: inputs.map((s) => initialStreamState(s.plan, s.survey)),
        };
  const doneBefore = computeProgress(state, 0).done;
  // Jobs that had ended before this process took over (a resumed or recovered run): their failed tasks
  // are handed over at the end, as those of the jobs that end now are when they end.
  const endedBefore = state.streams.map((s) => s.chunks.filter((c) => c.jobId && isFinishedChunk(c)));
  const settleWindowMs = params.settleWindowMs ?? defaultSettleWindowMs(api);
  const failedTasks: FailedTask[] = [];

  // Saves are queued: streams of a stage change the state at the same time, and each save is awaited.
  let saving: Promise<void> = Promise.resolve();
  const saveState = (): Promise<void> => {
    const snapshot = structuredClone(state);
    saving = saving.then(() => params.onState?.(snapshot));
    return saving;
  };
  let lastProgress = '';
  const report = (current?: RunProgress['current']) => {
    if (!params.onProgress) return;
    const progress = computeProgress(state, doneBefore, current);
    const print = JSON.stringify(progress);
    if (print === lastProgress) return;
    lastProgress = print;
    params.onProgress(progress);
  };
  const handOver = async (action: TaskAction, jobId: string, task: BatchTask) => {
    const failed: FailedTask = { action, jobId, taskId: task.taskId, request: task.request, response: task.response };
    if (params.collectFailedTasks !== false) failedTasks.push(failed);
    await params.onFailedTask?.(failed);
  };
  /**
   * The failed tasks of a job that ended, counting its tasks instead when its summary is missing or does
   * not add up (a failed task is never dropped from the report). Resolves true when it recounted.
   */
  const settleFinishedJob = async (stream: StreamState, chunk: ChunkState, options: CallOptions) => {
    const ref = { batch_group_id: groupId, job_id: chunk.jobId as string };
    const onFailed = (task: BatchTask) => handOver(stream.action, ref.job_id, task);
    if (!summaryAddsUp(chunk.summary, chunk.end - chunk.start)) {
      chunk.summary = await countTasks(api, ref, options, onFailed);
      return true;
    }
    if ((chunk.summary.error ?? 0) > 0 && (params.collectFailedTasks !== false || params.onFailedTask)) {
      for await (const task of api.listTasksOfBatchJob({ ...ref, status: 'error' }, options)) await onFailed(task);
    }
    return false;
  };

  await saveState();
  report();
  let stoppedByFailure = false;

  /** `signal` ends everything; `gentle` (the caller's signal or the stop) spares a create in flight. */
  const runStream = async (k: number, signal: AbortSignal, gentle: AbortSignal): Promise<void> => {
    const stream = state.streams[k] as StreamState;
    const input = inputs[k] as StreamInput;
    const options: CallOptions = { signal: gentle };
    const at = `runTasks.${inputs.length > 1 ? `stream ${k + 1}` : 'tasks'}`;
    const chunks = readChunks(input.source, stream.chunkSize, at);
    // The next chunk, read while the current job runs (see below); its error, if any, is the run's
    // only once it is awaited.
    let ahead: ReturnType<typeof chunks.next> | undefined;
    try {
      for (const chunk of stream.chunks) {
        // Held only until its job is created, then let go (below): while a job runs, the stream holds
        // the next chunk (read ahead) and not this one as well.
        let tasks = (await (ahead ?? chunks.next())).value || undefined;
        ahead = undefined;
        if (tasks === undefined || fingerprintChunk(tasks) !== chunk.fingerprint) {
          throw new BatchValidationError(
            at,
            'must give the same tasks when read again',
            `: chunk ${chunk.index + 1} differs from what was checked before sending (a stream or a generator read twice?)`,
          );
        }
        if (isFinishedChunk(chunk)) continue;
        if (stoppedByFailure) break;
        gentle.throwIfAborted();
        const place = { stream: k, action: stream.action, chunk: chunk.index, chunkCount: stream.chunks.length };
        if (chunk.status === 'pending' || chunk.status === 'submitting') {
          const marker = jobMarker(
            {
              runId: state.runId,
              stream: k,
              chunk: chunk.index,
              chunkCount: stream.chunks.length,
              fingerprint: chunk.fingerprint,
            },
            state.streams.length,
          );
          const jobName = chunkJobName(stream.jobName, chunk.index, stream.chunks.length);
          const body = {
            // One action: checked when read (readChunks).
            tasks: tasks as JobTasks,
            description: chunkDescription(stream.description, marker),
            ...(jobName !== undefined ? { jobName } : {}),
            ...(params.abortOnFailure !== undefined ? { abortOnFailure: params.abortOnFailure } : {}),
          };
          report({ ...place, status: 'submitting' });
          let waits = 0;
          const { job } = await submitChunk({
            // Only `signal` aborts the create itself: after a gentle stop its answer is still recorded.
            createJob: () => api.createBatchJob({ batch_group_id: groupId, body }, { signal }),
            findJob: async () => {
              for await (const job of api.listBatchJobs({ batch_group_id: groupId }, options)) {
                if (job.description?.endsWith(marker)) return job;
              }
              return undefined;
            },
            sentAt: chunk.status === 'submitting' ? (chunk.sentAt ?? Date.now()) : undefined,
            recordSend: async (sentAt) => {
              chunk.status = 'submitting';
              chunk.sentAt = sentAt;
              await saveState();
            },
            recordNotCreated: async () => {
              chunk.status = 'pending';
              delete chunk.sentAt;
              await saveState();
            },
            settleWindowMs,
            signal: gentle,
            maxSubmitWaitMs: params.maxSubmitWaitMs ?? 3_600_000,
            minDelayMs: params.submitDelay?.minDelayMs,
            maxDelayMs: params.submitDelay?.maxDelayMs,
            onWait: (reason, delayMs) =>
              report({
                ...place,
                status: 'submitting',
                waiting: `${reason}; trying again in ${(delayMs / 1000).toFixed(1)} s (wait ${++waits})`,
              }),
          });
          if (!job.jobId) throw new TypeError('createBatchJob answered a job without jobId');
          chunk.jobId = job.jobId;
          chunk.status = 'running';
          delete chunk.sentAt;
          if (job.summary) chunk.summary = job.summary;
          await saveState();
        }

        tasks = undefined;
        // While the job runs on the server, read and build the next chunk: reading is work on this
        // thread that grows with the chunk, and done after the job it would hold up the next submission
        // (with several streams, each behind the others' reads, since their jobs end together). One
        // chunk ahead at most, so memory stays one chunk per stream more than without.
        if (chunk.index + 1 < stream.chunks.length) {
          ahead = chunks.next();
          ahead.catch(() => undefined);
        }
        const jobId = chunk.jobId as string;
        const finished = await waitForJob(
          api,
          { batch_group_id: groupId, job_id: jobId },
          {
            ...params.wait,
            signal: gentle,
            onProgress: (job) => {
              if (job.summary) chunk.summary = job.summary;
              report({ ...place, jobId, status: job.status ?? 'running' });
            },
          },
        );
        if (finished.summary) chunk.summary = finished.summary;
        await settleFinishedJob(stream, chunk, options);
        chunk.status = finished.status as ChunkState['status'];
        await saveState();
        report({ ...place, jobId, status: chunk.status });
        if (params.abortOnFailure && finished.status !== 'completed') stoppedByFailure = true;
      }
    } finally {
      await chunks.return(undefined);
    }
  };

  const stages = [...new Set(state.streams.map((s) => s.stage))].sort((a, b) => a - b);
  for (const stage of stages) {
    if (stoppedByFailure) break;
    // If one stream of the stage fails, the others stop too; the first error is the run's.
    const stageSignal = followSignal(outer);
    const gentle = followSignal(stageSignal.signal, params.stop);
    const running = state.streams.flatMap((s, k) =>
      s.stage === stage
        ? [
            runStream(k, stageSignal.signal, gentle.signal).catch((error: unknown) => {
              // A stream that ends because of the gentle stop leaves the others to end gently too.
              if (!params.stop?.aborted) stageSignal.end();
              throw error;
            }),
          ]
        : [],
    );
    const settled = await Promise.allSettled(running);
    gentle.end();
    stageSignal.end();
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await saving.catch(() => undefined);
      throw outer?.aborted ? outer.reason : params.stop?.aborted ? params.stop.reason : failure.reason;
    }
  }

  let recounted = false;
  for (const [k, chunks] of endedBefore.entries()) {
    for (const chunk of chunks) {
      if (await settleFinishedJob(state.streams[k] as StreamState, chunk, callOptions)) recounted = true;
    }
  }
  if (recounted) await saveState();
  await saving;
  return resultOf(state, failedTasks);
}

function totalsOf(streams: readonly StreamState[]): Totals {
  const progress = computeProgress({ version: 2, runId: '', batchGroupId: '', streams: [...streams] }, 0);
  return {
    total: progress.total,
    succeeded: progress.succeeded,
    failed: progress.failed,
    notRun: progress.total - progress.done,
    ok: progress.succeeded === progress.total,
  };
}

function resultOf(state: RunState, failedTasks: FailedTask[]): RunResult {
  const jobs: RunJobResult[] = state.streams.flatMap((stream, k) =>
    stream.chunks
      .filter((c) => c.jobId)
      .map((c) => ({
        stream: k,
        chunk: c.index,
        jobId: c.jobId as string,
        status: (c.status === 'submitting' ? 'running' : c.status) as JobStatus,
        taskCount: c.end - c.start,
        summary: c.summary,
      })),
  );
  return {
    batchGroupId: state.batchGroupId,
    action: (state.streams[0] as StreamState).action,
    ...totalsOf(state.streams),
    jobs,
    failedTasks,
    streams: state.streams.map((s) => ({ action: s.action, stage: s.stage, ...totalsOf([s]) })),
    state: structuredClone(state),
  };
}

/** `runTasks`: a plan of one stream. */
export function runTasks(api: JobsApi, params: RunTasksParams): Promise<RunResult> {
  if (params === null || typeof params !== 'object') fail('params', 'must be an object');
  const { tasks, jobName, description, chunkSize, ...options } = params;
  const stream: RunStream = { tasks };
  if (jobName !== undefined) stream.jobName = jobName;
  if (description !== undefined) stream.description = description;
  if (chunkSize !== undefined) stream.chunkSize = chunkSize;
  return runPlan(api, { ...options, stages: [[stream]] });
}
