/**
 * The plan of a run: how a task list becomes jobs, and the marker each job carries. One source for
 * `runTasks`, the ledger (ledger.ts) and the CLI's `--dry-run`, so what a dry run shows is what a run
 * does:
 * - chunks of at most `chunkSize` tasks, in order (default and most: 10,000, the createBatchJob limit
 *   in openapi/batch.yaml);
 * - each job's name: the run's `jobName`, with ` (i/n)` appended when the run has several jobs;
 * - each job's description: the caller's, then the marker, which names the run by what it does (its
 *   identity: the action and a fingerprint of every task), its generation, the chunk's place, the
 *   plan's chunk size and the chunk's own fingerprint. The Batch API has no idempotency key: the
 *   markers are how any run, on any machine, finds the jobs an earlier run of the same tasks made;
 * - the lengths this leaves for the caller's `jobName` and `description` (the spec's `maxLength`).
 */
import { BatchValidationError } from '../errors/errors.js';
import { batchLimits } from '../tasks/job-body.js';

/** One chunk of a run: tasks [start, end) of the run's list go to one job. */
export type ChunkRange = { index: number; start: number; end: number };

export type RunPlan = {
  taskCount: number;
  chunkSize: number;
  chunks: ChunkRange[];
  jobName: string | undefined;
  description: string | undefined;
};

/** How errors name the plan's inputs: `runTasks.chunkSize`, `runPlan.stages[1][0].chunkSize`, `--chunk-size` in the CLI. */
export type PlanArgumentNames = { chunkSize: string; jobName: string; description: string };

const RUN_TASKS_NAMES: PlanArgumentNames = {
  chunkSize: 'runTasks.chunkSize',
  jobName: 'runTasks.jobName',
  description: 'runTasks.description',
};

/** What a job's marker says about it. */
export type Marker = {
  /** The identity of the stream the job belongs to: 16 hex digits (identity.ts). */
  id: string;
  /** The generation: 1 for the first run of these tasks in the group, one more for each run again. */
  gen: number;
  /** The chunk, from 0, and how many chunks the plan has. */
  chunk: number;
  chunkCount: number;
  /** The plan's chunk size: with the chunk's place, which tasks of the list the chunk holds. */
  size: number;
  /** The fingerprint of this job's tasks (`<count>:<hex>`). */
  fingerprint: string;
  /** For a job that runs the tasks an aborted job never ran: that job's ID. */
  after?: string | undefined;
};

/** The longest job ID a marker's `after=` holds (Soracom's are UUIDs, 36 characters). */
const MAX_JOB_ID_LENGTH = 64;

/**
 * The marker a job carries at the end of its description, e.g.
 * `[soracom-batch id=0a1b2c3d4e5f6789 gen=1 chunk=2/6 size=10000 fp=10000:1f2e3d4c]`, with
 * ` after=<job ID>` for a job that runs the tasks an aborted job of the same chunk never ran.
 */
export function formatMarker(m: Marker): string {
  const after = m.after === undefined ? '' : ` after=${m.after}`;
  return `[soracom-batch id=${m.id} gen=${m.gen} chunk=${m.chunk + 1}/${m.chunkCount} size=${m.size} fp=${m.fingerprint}${after}]`;
}

const MARKER =
  /\[soracom-batch id=([0-9a-f]{16}) gen=(\d{1,6}) chunk=(\d{1,7})\/(\d{1,7}) size=(\d{1,5}) fp=(\d{1,5}:[0-9a-f]{8})(?: after=([A-Za-z0-9._-]{1,64}))?\]$/;

/** The marker at the end of a job's description, if it has a well-formed one. */
export function parseMarker(description: string | undefined): Marker | undefined {
  const m = description === undefined ? null : MARKER.exec(description);
  if (!m) return undefined;
  const marker: Marker = {
    id: m[1] as string,
    gen: Number(m[2]),
    chunk: Number(m[3]) - 1,
    chunkCount: Number(m[4]),
    size: Number(m[5]),
    fingerprint: m[6] as string,
  };
  if (marker.gen < 1 || marker.chunk < 0 || marker.chunk >= marker.chunkCount || marker.size < 1) return undefined;
  if (m[7] !== undefined) marker.after = m[7];
  return marker;
}

/**
 * Whether a job's marker is the one `wanted` describes: every field, since a job of another generation, chunk,
 * plan (size, count) or set of tasks, or one that ran another job's leftovers (`after`), is not this chunk's job.
 */
export function sameMarker(found: Marker | undefined, wanted: Marker): boolean {
  return (
    found !== undefined &&
    found.id === wanted.id &&
    found.gen === wanted.gen &&
    found.chunk === wanted.chunk &&
    found.chunkCount === wanted.chunkCount &&
    found.size === wanted.size &&
    found.fingerprint === wanted.fingerprint &&
    found.after === wanted.after
  );
}

/** The longest `jobName` a run of `chunkCount` jobs takes: the limit, less the ` (n/n)` suffix. */
export function maxRunJobNameLength(chunkCount: number): number {
  const suffix = chunkCount > 1 ? ` (${chunkCount}/${chunkCount})`.length : 0;
  return batchLimits.maxJobNameLength - suffix;
}

/** The longest `description` a run of `chunkCount` jobs takes: the limit, less a space and the longest marker. */
export function maxRunDescriptionLength(chunkCount: number): number {
  const longest = formatMarker({
    id: '0'.repeat(16),
    gen: 999_999,
    chunk: chunkCount - 1,
    chunkCount,
    size: batchLimits.maxTasksPerJob,
    fingerprint: `${batchLimits.maxTasksPerJob}:00000000`,
    after: 'x'.repeat(MAX_JOB_ID_LENGTH),
  });
  return batchLimits.maxJobDescriptionLength - longest.length - 1;
}

function invalid(argument: string, rule: string, why: string): never {
  throw new BatchValidationError(argument, rule, why);
}

/** Slices `taskCount` tasks into chunks of at most `chunkSize`. */
export function planChunks(taskCount: number, chunkSize: number): ChunkRange[] {
  const chunks: ChunkRange[] = [];
  for (let start = 0, index = 0; start < taskCount; start += chunkSize, index++) {
    chunks.push({ index, start, end: Math.min(start + chunkSize, taskCount) });
  }
  return chunks;
}

/** Checks a chunk size: an integer from 1 to 10,000 (the createBatchJob limit). */
export function checkChunkSize(chunkSize: unknown, argument: string): number {
  const max = batchLimits.maxTasksPerJob;
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > max) {
    invalid(argument, `must be an integer from 1 to ${max}`, ` (tasks per job; got ${String(chunkSize)})`);
  }
  return chunkSize;
}

/**
 * Checks the run's settings and slices it into chunks. Every problem is a `BatchValidationError` naming
 * the input (as `names` spells it) and the limit, before anything is sent.
 */
export function planRun(
  input: {
    taskCount: number;
    chunkSize?: number | undefined;
    jobName?: string | undefined;
    description?: string | undefined;
  },
  names: PlanArgumentNames = RUN_TASKS_NAMES,
): RunPlan {
  const chunkSize = checkChunkSize(input.chunkSize ?? batchLimits.maxTasksPerJob, names.chunkSize);
  const chunks = planChunks(input.taskCount, chunkSize);
  const count = Math.max(1, chunks.length);
  const { jobName, description } = input;
  const nameRoom = maxRunJobNameLength(count);
  if (jobName !== undefined && (typeof jobName !== 'string' || [...jobName].length > nameRoom)) {
    invalid(
      names.jobName,
      `must be a string of at most ${nameRoom} characters`,
      ` (the job limit is ${batchLimits.maxJobNameLength}${count > 1 ? `, and " (i/${count})" is appended` : ''})`,
    );
  }
  const descriptionRoom = maxRunDescriptionLength(count);
  if (description !== undefined && (typeof description !== 'string' || [...description].length > descriptionRoom)) {
    invalid(
      names.description,
      `must be a string of at most ${descriptionRoom} characters`,
      ` (the job limit is ${batchLimits.maxJobDescriptionLength}, and the run appends a marker to find its jobs again)`,
    );
  }
  return { taskCount: input.taskCount, chunkSize, chunks, jobName, description };
}

/** The name of chunk `index`'s job: the run's name, with ` (i/n)` when the run has several jobs. */
export function chunkJobName(jobName: string | undefined, index: number, chunkCount: number): string | undefined {
  if (jobName === undefined) return undefined;
  return chunkCount > 1 ? `${jobName} (${index + 1}/${chunkCount})` : jobName;
}

/** The description sent with a chunk's job: the caller's description, then the marker. */
export function chunkDescription(description: string | undefined, marker: string): string {
  return description ? `${description} ${marker}` : marker;
}
