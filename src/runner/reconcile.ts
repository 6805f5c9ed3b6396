/**
 * Reconciling a stream with the batch group before anything is sent: which generation this run is,
 * with which plan, and which of its chunks have jobs already. The ledger (the group's jobs, ledger.ts)
 * decides; a state passed to resume is a cache that may add what only its process knew (a create in
 * flight, a summary counted from the task list) but never hides a job the group has.
 *
 * - No job of these tasks in the group: generation 1, with the caller's plan.
 * - The latest generation is unfinished: it is resumed, with the plan its markers give (a different
 *   `chunkSize` given explicitly is refused, naming the one to pass).
 * - The latest generation finished: refused (`AlreadyRunError`) unless `again`, which starts the next
 *   generation with the caller's plan.
 * - A run resumed right after the group's last activity for it may have a create in flight from the
 *   process that stopped: `quietUntil` says until when it is looked for before anything is submitted.
 */
import { BatchValidationError } from '../errors/errors.js';
import { adopt, handOver, isChunkFinished, statusOf, summaryAddsUp } from './chunk.js';
import { retryIdentity } from './identity.js';
import type { Generation, LedgerJob } from './ledger.js';
import { initialStreamState, type StreamPlan, type StreamState } from './run-state.js';
import type { Survey } from './sources.js';

/** How errors name a stream's settings (`<path>.chunkSize`) and its tasks. */
export type StreamNames = { path: string; tasks: string };

/** What the caller gave for one stream, and what reconciling needs to read its tasks again. */
export type StreamRequest = {
  /** How errors name the stream (`runPlan.stages[1][0]`, its `.chunkSize`) and its tasks (`runTasks.tasks`). */
  names: StreamNames;
  /** The stage and the settings the caller gave (`chunkSize` undefined: not given). */
  given: StreamPlan & { chunkSizeGiven: boolean };
  /** The survey of the tasks for a chunk size (read again when the plan's differs from the first). */
  surveyAt(chunkSize: number): Promise<Survey>;
  /** The survey made for `given.chunkSize`. */
  survey: Survey;
};

export type Reconciled = {
  state: StreamState;
  survey: Survey;
  /** A generation that finished before (refused unless `again`). */
  finished?: { gen: number; jobs: LedgerJob[] };
  /** Until when (the server's clock, ms) a create of the run that stopped may land; undefined: none can. */
  quietUntil?: number | undefined;
};

function taskCountOf(entry: LedgerJob): number {
  return Number(entry.marker.fingerprint.split(':')[0]);
}

/** The jobs of a generation, as chunk states on the survey made for its plan. */
function stateOfGeneration(gen: Generation, survey: Survey, plan: StreamPlan, request: StreamRequest): StreamState {
  const state = initialStreamState({ ...plan, chunkSize: gen.size }, survey, gen.gen);
  if (state.chunks.length !== gen.chunkCount) {
    throw new BatchValidationError(
      request.names.tasks,
      'must be the tasks of the run whose jobs the batch group holds',
      `: its generation ${gen.gen} has ${gen.chunkCount} chunk(s) of ${gen.size}, these tasks make ${state.chunks.length}`,
    );
  }
  for (const chunk of state.chunks) {
    const jobs = gen.chunks.get(chunk.index) ?? [];
    const own = jobs.find((j) => j.marker.after === undefined);
    if (own && own.marker.fingerprint !== chunk.fingerprint) {
      throw new BatchValidationError(
        request.names.tasks,
        'must be the tasks of the run whose jobs the batch group holds',
        `: job ${own.job.jobId} (generation ${gen.gen}, chunk ${chunk.index + 1}) holds other tasks than this chunk ` +
          '(for a retry: other --skip-status-code values than the unfinished retry was started with?)',
      );
    }
    adopt(
      chunk,
      jobs.map((j) => ({ job: j.job, taskCount: taskCountOf(j), after: j.marker.after })),
    );
  }
  return state;
}

/** Chunks whose last job was aborted and retried by `retryFailed`: the retry took over what it never ran. */
export function markHandedOver(state: StreamState, ledger: readonly LedgerJob[]): void {
  for (const chunk of state.chunks) {
    const last = chunk.jobs.at(-1);
    if (statusOf(chunk) !== 'interrupted' || !last) continue;
    const retry = retryIdentity(last.jobId);
    const taker = ledger.find((entry) => entry.marker.id === retry);
    if (taker) handOver(chunk, taker.job.jobId);
  }
}

/** What the cache knew that the ledger cannot: a create in flight, summaries it counted. */
function mergeCache(state: StreamState, cache: StreamState | undefined): void {
  if (!cache || cache.generation !== state.generation || cache.chunkSize !== state.chunkSize) return;
  for (const chunk of state.chunks) {
    const cached = cache.chunks[chunk.index];
    if (!cached || cached.fingerprint !== chunk.fingerprint) continue;
    for (const job of chunk.jobs) {
      const seen = cached.jobs.find((c) => c.jobId === job.jobId)?.summary;
      if (!summaryAddsUp(job.summary, job.taskCount) && summaryAddsUp(seen, job.taskCount)) job.summary = seen;
    }
    // A create in flight the ledger does not show yet: only the process that sent it knew.
    const sending = cached.sending;
    if (sending && !chunk.jobs.some((j) => j.after === sending.after)) chunk.sending = { ...sending };
    chunk.status = statusOf(chunk);
  }
}

/**
 * Until when a create the stopped run may have sent could still land: after the group's last activity
 * for the stream (its last job's creation or end), unless the cache saw that activity and knows nothing
 * was sent after it.
 */
function quietUntilOf(state: StreamState, settleWindowMs: number, cache: StreamState | undefined): number | undefined {
  const next = state.chunks.find((c) => !isChunkFinished(c));
  if (!next || next.status === 'running' || next.status === 'sending') return undefined;
  const before = next.status === 'interrupted' ? next : state.chunks[next.index - 1];
  const last = before?.jobs.at(-1);
  if (!last || last.createdTime === undefined) return undefined;
  const activity = (last.finishedTime ?? last.createdTime) * 1000;
  const cacheSawIt =
    cache?.generation === state.generation &&
    cache.seenActivity !== undefined &&
    cache.seenActivity >= activity &&
    !cache.chunks[next.index]?.sending;
  return cacheSawIt ? undefined : activity + settleWindowMs;
}

/** Reconciles one stream with the ledger (see the module comment). */
export async function reconcileStream(
  request: StreamRequest,
  ledger: readonly LedgerJob[],
  generations: readonly Generation[],
  cache: StreamState | undefined,
  options: { again: boolean; againName: string; settleWindowMs: number },
): Promise<Reconciled> {
  const latest = generations.at(-1);
  const plan = request.given;
  // The cache may know a generation the group has no job of yet: its first create was in flight.
  if (cache && cache.generation > (latest?.gen ?? 0)) {
    const survey = await request.surveyAt(cache.chunkSize);
    const state = initialStreamState({ ...plan, chunkSize: cache.chunkSize }, survey, cache.generation);
    mergeCache(state, cache);
    return { state, survey };
  }
  if (!latest) return { state: initialStreamState(plan, request.survey, 1), survey: request.survey };
  const survey = await request.surveyAt(latest.size);
  const state = stateOfGeneration(latest, survey, plan, request);
  markHandedOver(state, ledger);
  const finished = state.chunks.every(isChunkFinished);
  if (finished && options.again) {
    return {
      state: initialStreamState(plan, request.survey, latest.gen + 1),
      survey: request.survey,
      finished: { gen: latest.gen, jobs: [...latest.chunks.values()].flat() },
    };
  }
  if (finished) return { state, survey, finished: { gen: latest.gen, jobs: [...latest.chunks.values()].flat() } };
  if (options.again) {
    throw new BatchValidationError(
      options.againName,
      'cannot start these tasks again',
      `: their run in this batch group (generation ${latest.gen}) has not finished; run without again to finish it`,
    );
  }
  if (plan.chunkSizeGiven && plan.chunkSize !== latest.size) {
    throw new BatchValidationError(
      `${request.names.path}.chunkSize`,
      `must be ${latest.size}, or left out`,
      `: the unfinished run of these tasks in this batch group (generation ${latest.gen}) has chunks of ${latest.size}; another size would not find its jobs`,
    );
  }
  mergeCache(state, cache);
  const activities = state.chunks.flatMap((c) => c.jobs.map((j) => (j.finishedTime ?? j.createdTime ?? 0) * 1000));
  state.seenActivity = Math.max(state.seenActivity ?? 0, ...activities);
  return { state, survey, quietUntil: quietUntilOf(state, options.settleWindowMs, cache) };
}
