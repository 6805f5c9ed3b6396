/**
 * A chunk's life, as named moves. A chunk is a slice of a stream's tasks that goes to one job:
 *
 *   planned ──send──▶ sending ──created──▶ running ──ended──▶ finished
 *                        │  ▲                 │
 *                 notCreated│ (unknown:       └──ended, aborted with tasks never run──▶ interrupted
 *                        ▼  │  looked up)                                                  │
 *                     planned                           send (the tasks never run) ◀───────┘
 *
 * `adopt` sets a chunk's jobs from the batch group's (the ledger), from any of these. Each move takes
 * the chunk and what the server said, changes the chunk, and returns its new status, which is always
 * derived from its jobs (`statusOf`): a status stored apart could disagree with them.
 *
 * Finished means every task of the chunk ran: a job the server calls completed or failed while its
 * summary still counts pending tasks is not finished, and an aborted job's never-run tasks are work
 * still to do (a job of their own, or a retry of that job: `handOver`).
 */
import type { BatchJob, BatchJobSummary as Summary } from '../index.js';
import { isTerminalJobStatus, type JobStatus } from '../jobs/wait-for-job.js';

/**
 * Where a chunk stands: `planned` (no job, nothing in flight), `sending` (a createBatchJob was sent and
 * its outcome is not known yet), `running` (its job has not finished all its tasks), `interrupted` (its
 * job was aborted before running some tasks: they are still to run), `finished` (every task ran).
 *
 * @example
 * ```ts
 * import type { ChunkStatus, RunState } from 'soracom-batch/jobs';
 *
 * const statuses = (state: RunState): ChunkStatus[] => state.streams.flatMap((s) => s.chunks.map((c) => c.status));
 * ```
 * @category Jobs
 */
export type ChunkStatus = 'planned' | 'sending' | 'running' | 'interrupted' | 'finished';

/**
 * One job of a chunk.
 *
 * @example
 * ```ts
 * import type { ChunkJob, RunState } from 'soracom-batch/jobs';
 *
 * const jobsOf = (state: RunState): ChunkJob[] => state.streams.flatMap((s) => s.chunks.flatMap((c) => c.jobs));
 * ```
 * @category Jobs
 */
export type ChunkJob = {
  /** The job's ID. */
  jobId: string;
  /** Its status, as last seen. */
  status: JobStatus;
  /** Tasks in the job: the chunk's, or the tasks the job it follows never ran. */
  taskCount: number;
  /** Its task counts, as last seen (or counted from its tasks). */
  summary?: Summary;
  /** The aborted job whose never-run tasks this job runs. */
  after?: string;
  /** When it was created (Unix seconds, the server's clock). */
  createdTime?: number;
  /** When it finished (Unix seconds, the server's clock). */
  finishedTime?: number;
};

/**
 * One chunk of a stream: a slice of its tasks that goes to one job, and how far it got.
 *
 * @example
 * ```ts
 * import type { ChunkState, RunState } from 'soracom-batch/jobs';
 *
 * const unfinished = (state: RunState): ChunkState[] =>
 *   state.streams.flatMap((s) => s.chunks.filter((c) => c.status !== 'finished'));
 * ```
 * @category Jobs
 */
export type ChunkState = {
  /** Position of the chunk in its stream, from 0. */
  index: number;
  /** Tasks [start, end) of the stream. */
  start: number;
  /** End (exclusive) of the chunk's tasks in the stream. */
  end: number;
  /** Fingerprint of the chunk's tasks, also in its job's marker. */
  fingerprint: string;
  /** Where the chunk stands (derived from `jobs` and `sending`). */
  status: ChunkStatus;
  /** The chunk's jobs: its own, then any that ran what an aborted one never ran. */
  jobs: ChunkJob[];
  /** A createBatchJob sent whose outcome is not known. */
  sending?: {
    /** When it was sent (the server's clock, ms since the epoch). */
    sentAt: number;
    /** For the tasks this aborted job never ran (absent: for the chunk's own job). */
    after?: string;
  };
  /** The retry job that took over the tasks the chunk's last job never ran. */
  handedTo?: string;
};

/** Tasks of a job that ran, by outcome. */
function ran(job: ChunkJob): { succeeded: number; failed: number } {
  return { succeeded: job.summary?.success ?? 0, failed: job.summary?.error ?? 0 };
}

/** A job's summary accounts for every one of its tasks. */
export function summaryAddsUp(summary: Summary | undefined, taskCount: number): summary is Summary {
  return (
    summary !== undefined &&
    typeof summary.success === 'number' &&
    typeof summary.error === 'number' &&
    summary.success + summary.error + (summary.pending ?? 0) === taskCount
  );
}

/** Tasks the chunk's last job left pending although it ended: work still to do. */
export function neverRun(chunk: ChunkState): number {
  const last = chunk.jobs.at(-1);
  if (last?.status !== 'aborted' || !summaryAddsUp(last.summary, last.taskCount)) return 0;
  return last.summary.pending ?? 0;
}

/** The chunk's status, from its jobs: see the picture above. */
export function statusOf(chunk: ChunkState): ChunkStatus {
  if (chunk.sending) return 'sending';
  const last = chunk.jobs.at(-1);
  if (!last) return 'planned';
  if (!isTerminalJobStatus(last.status) || !summaryAddsUp(last.summary, last.taskCount)) return 'running';
  if ((last.summary.pending ?? 0) === 0) return 'finished';
  if (last.status !== 'aborted') return 'running'; // ended, says the server, with tasks still pending
  return chunk.handedTo ? 'finished' : 'interrupted';
}

export function isChunkFinished(chunk: ChunkState): boolean {
  return statusOf(chunk) === 'finished';
}

/** Tasks of the chunk that ran, across its jobs, and those a retry took over. */
export function chunkDone(chunk: ChunkState): { succeeded: number; failed: number; handedOver: number } {
  let succeeded = 0;
  let failed = 0;
  for (const job of chunk.jobs) {
    const r = ran(job);
    succeeded += r.succeeded;
    failed += r.failed;
  }
  const last = chunk.jobs.at(-1);
  const handedOver = chunk.handedTo && last ? (last.summary?.pending ?? 0) : 0;
  return { succeeded, failed, handedOver };
}

function settle(chunk: ChunkState): ChunkStatus {
  chunk.status = statusOf(chunk);
  return chunk.status;
}

function jobOf(job: BatchJob, taskCount: number, after: string | undefined): ChunkJob {
  return {
    jobId: job.jobId,
    status: job.status,
    taskCount,
    ...(job.summary ? { summary: job.summary } : {}),
    ...(after !== undefined ? { after } : {}),
    createdTime: job.createdTime,
    ...(job.finishedTime !== undefined ? { finishedTime: job.finishedTime } : {}),
  };
}

/** A createBatchJob is about to be sent, at `sentAt` (the server's clock, ms); `after`: for an aborted job's rest. */
export function send(chunk: ChunkState, sentAt: number, after?: string): ChunkStatus {
  chunk.sending = after === undefined ? { sentAt } : { sentAt, after };
  return settle(chunk);
}

/** The create was refused: no job was made. */
export function notCreated(chunk: ChunkState): ChunkStatus {
  delete chunk.sending;
  return settle(chunk);
}

/** The create made `job` (or the lookup found the job a lost answer had made), of `taskCount` tasks. */
export function created(chunk: ChunkState, job: BatchJob, taskCount: number, after?: string): ChunkStatus {
  delete chunk.sending;
  chunk.jobs.push(jobOf(job, taskCount, after));
  return settle(chunk);
}

/** A poll of the chunk's last job answered `job`. */
export function polled(chunk: ChunkState, job: BatchJob): ChunkStatus {
  const last = chunk.jobs.at(-1);
  if (!last || last.jobId !== job.jobId)
    throw new Error(`job ${job.jobId} is not the last job of chunk ${chunk.index}`);
  last.status = job.status;
  if (job.summary) last.summary = job.summary;
  if (job.finishedTime !== undefined) last.finishedTime = job.finishedTime;
  return settle(chunk);
}

/** The last job's tasks were counted from its task list (its summary was missing or did not add up). */
export function counted(chunk: ChunkState, summary: Summary): ChunkStatus {
  const last = chunk.jobs.at(-1);
  if (last) last.summary = summary;
  return settle(chunk);
}

/** A retry of the last job (`retryJobId`) took over the tasks it never ran. */
export function handOver(chunk: ChunkState, retryJobId: string): ChunkStatus {
  chunk.handedTo = retryJobId;
  return settle(chunk);
}

/**
 * The batch group's jobs of this chunk (oldest first), each with its task count: they replace what the
 * chunk knew (a summary the chunk has seen is kept when the ledger's job has none). A create in flight
 * is settled by them when they hold its job.
 */
export function adopt(
  chunk: ChunkState,
  jobs: ReadonlyArray<{ job: BatchJob; taskCount: number; after?: string | undefined }>,
): ChunkStatus {
  const known = new Map(chunk.jobs.map((j) => [j.jobId, j]));
  chunk.jobs = jobs.map(({ job, taskCount, after }) => {
    const adopted = jobOf(job, taskCount, after);
    const seen = known.get(job.jobId)?.summary;
    if (!adopted.summary && seen) adopted.summary = seen;
    return adopted;
  });
  const sending = chunk.sending;
  if (sending && chunk.jobs.some((j) => j.after === sending.after)) delete chunk.sending;
  return settle(chunk);
}
