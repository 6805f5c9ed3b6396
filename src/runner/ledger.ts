/**
 * The ledger: the batch group's jobs, read through their markers (plan.ts). It is the source of truth
 * of every run; a state passed to resume is only a cache of it. Reading it tells, for one stream's
 * identity, each generation's plan (chunk size and count, from the markers themselves, so a changed
 * `chunkSize` or a lost flag cannot hide earlier jobs), which jobs each chunk has, and when the stream
 * last did something (the server's `createdTime` and `finishedTime`).
 *
 * It also keeps the server's clock (`ServerClock`): an outcome that is unknown is waited out by the
 * server's time (its `Date` header), never by a local clock that may have moved.
 */
import type { BatchJob } from '../jobs/wait-for-job.js';
import type { CallOptions } from '../transport/transport.js';
import type { RunnerClient } from './api.js';
import { type Marker, parseMarker } from './plan.js';

/**
 * The server's time, as its answers' `Date` headers tell it: the offset from the local clock, renewed
 * with every ledger read. Without a `Date` header (a browser hides it unless the server exposes it),
 * the local clock is used as it is.
 */
export class ServerClock {
  #offsetMs = 0;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** Takes the time from an answer's `Date` header, when it has one. */
  observe(response: Response): void {
    const date = Date.parse(response.headers.get('date') ?? '');
    // A `Date` header has whole seconds: the middle of its second is the best guess.
    if (Number.isFinite(date)) this.#offsetMs = date + 500 - this.localNow();
  }

  /** Now, on the server's clock (ms since the epoch). */
  now(): number {
    return this.localNow() + this.#offsetMs;
  }
}

/** One marked job of the group. */
export type LedgerJob = { job: BatchJob; marker: Marker };

/** Reads every job of the group that carries a marker (one walk of `listBatchJobs`). */
export async function readLedger(
  api: RunnerClient,
  groupId: string,
  clock: ServerClock,
  options: CallOptions,
): Promise<LedgerJob[]> {
  const marked: LedgerJob[] = [];
  for await (const page of api.listBatchJobs({ batch_group_id: groupId }, options).pages()) {
    clock.observe(page.response);
    for (const job of page.items) {
      const marker = parseMarker(job.description);
      if (marker) marked.push({ job, marker });
    }
  }
  return marked;
}

/** One generation of a stream, as its jobs' markers describe it. */
export type Generation = {
  gen: number;
  /** The plan's chunk size and chunk count (from the markers). */
  size: number;
  chunkCount: number;
  /** Each chunk's jobs, oldest first: the chunk's own job, then those that ran what an aborted one never ran. */
  chunks: Map<number, LedgerJob[]>;
};

/** The generations of the stream `identity`, oldest first. */
export function generationsOf(ledger: readonly LedgerJob[], identity: string): Generation[] {
  const byGen = new Map<number, Generation>();
  for (const entry of ledger) {
    const m = entry.marker;
    if (m.id !== identity) continue;
    let gen = byGen.get(m.gen);
    if (!gen) {
      gen = { gen: m.gen, size: m.size, chunkCount: m.chunkCount, chunks: new Map() };
      byGen.set(m.gen, gen);
    }
    // A marker of the same generation with another plan cannot come from this SDK: it is not ours to adopt.
    if (m.size !== gen.size || m.chunkCount !== gen.chunkCount) continue;
    const jobs = gen.chunks.get(m.chunk) ?? [];
    jobs.push(entry);
    gen.chunks.set(m.chunk, jobs);
  }
  for (const gen of byGen.values()) {
    for (const jobs of gen.chunks.values()) jobs.sort(byCreation);
  }
  return [...byGen.values()].sort((a, b) => a.gen - b.gen);
}

function byCreation(a: LedgerJob, b: LedgerJob): number {
  return a.job.createdTime - b.job.createdTime || (a.marker.after === undefined ? -1 : 1);
}

/** When a job last did something, on the server's clock (ms): it finished, or was created. */
export function activityOf(job: BatchJob): number {
  return (job.finishedTime ?? job.createdTime) * 1000;
}

/** The jobs of the ledger that take over what `jobId` never ran, or retry its failed tasks (`identity`). */
export function jobsAfter(ledger: readonly LedgerJob[], jobId: string): LedgerJob[] {
  return ledger.filter((entry) => entry.marker.after === jobId);
}
