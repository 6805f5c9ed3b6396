/**
 * The plan of a run: how a task list becomes jobs. One source for `runTasks`, its resumable state and
 * the CLI's `--dry-run`, so what a dry run shows is what a run does:
 * - chunks of at most `chunkSize` tasks, in order (default and most: 10,000, the createBatchJob limit
 *   in openapi/batch.yaml);
 * - each job's name: the run's `jobName`, with ` (i/n)` appended when the run has several jobs;
 * - each job's description: the caller's, then the run's marker (`jobMarker`), which finds a job whose
 *   createBatchJob answer was lost or whose state was lost (the Batch API has no idempotency key);
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

/** How errors name the plan's inputs: `runTasks.chunkSize` in the SDK, `--chunk-size` in the CLI. */
export type PlanArgumentNames = { chunkSize: string; jobName: string; description: string };

const RUN_TASKS_NAMES: PlanArgumentNames = {
  chunkSize: 'runTasks.chunkSize',
  jobName: 'runTasks.jobName',
  description: 'runTasks.description',
};

/** Length of a run id in a marker: 6 random bytes in hex. */
export const RUN_ID_LENGTH = 12;

/** Where a chunk sits in its run, as its job's marker records it. */
export type MarkerFields = {
  runId: string;
  /** Stream of the chunk, from 0; written only when the run has several streams. */
  stream: number;
  /** Chunk of the stream, from 0, and how many chunks the stream has. */
  chunk: number;
  chunkCount: number;
  /** The fingerprint of the chunk's tasks (`<count>:<hex>`). */
  fingerprint: string;
};

/**
 * The marker a chunk's job carries at the end of its description, e.g.
 * `[soracom-batch run=0a1b2c3d4e5f chunk=2/6 fp=10000:1f2e3d4c]` (` s=2` after the run id in a run of
 * several streams). The run id, the chunk's place and its tasks' fingerprint identify the job: a lost
 * answer is found again by the first three, a lost state rebuilt from all of them.
 */
export function jobMarker(m: MarkerFields, streamCount = 1): string {
  const stream = streamCount > 1 ? ` s=${m.stream + 1}` : '';
  return `[soracom-batch run=${m.runId}${stream} chunk=${m.chunk + 1}/${m.chunkCount} fp=${m.fingerprint}]`;
}

const MARKER = /\[soracom-batch run=([0-9a-f]+)(?: s=(\d+))? chunk=(\d+)\/(\d+) fp=(\d+:[0-9a-f]{8})\]$/;

/** The marker at the end of a job's description, if it has one. */
export function parseMarker(description: string | undefined): MarkerFields | undefined {
  const m = description === undefined ? null : MARKER.exec(description);
  if (!m) return undefined;
  return {
    runId: m[1] as string,
    stream: m[2] === undefined ? 0 : Number(m[2]) - 1,
    chunk: Number(m[3]) - 1,
    chunkCount: Number(m[4]),
    fingerprint: m[5] as string,
  };
}

/** The longest `jobName` a run of `chunkCount` jobs takes: the limit, less the ` (n/n)` suffix. */
export function maxRunJobNameLength(chunkCount: number): number {
  const suffix = chunkCount > 1 ? ` (${chunkCount}/${chunkCount})`.length : 0;
  return batchLimits.maxJobNameLength - suffix;
}

/** The longest `description` a run of `chunkCount` jobs takes: the limit, less a space and the longest marker. */
export function maxRunDescriptionLength(chunkCount: number): number {
  const longest = jobMarker(
    {
      runId: 'x'.repeat(RUN_ID_LENGTH),
      stream: 98,
      chunk: chunkCount - 1,
      chunkCount,
      fingerprint: `${10_000}:00000000`,
    },
    99,
  );
  return batchLimits.maxJobDescriptionLength - longest.length - 1;
}

function invalid(argument: string, rule: string, why: string): never {
  throw new BatchValidationError(argument, rule, `${why}`);
}

/** Slices `taskCount` tasks into chunks of at most `chunkSize`. */
export function planChunks(taskCount: number, chunkSize: number): ChunkRange[] {
  const chunks: ChunkRange[] = [];
  for (let start = 0, index = 0; start < taskCount; start += chunkSize, index++) {
    chunks.push({ index, start, end: Math.min(start + chunkSize, taskCount) });
  }
  return chunks;
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
  const max = batchLimits.maxTasksPerJob;
  const chunkSize = input.chunkSize ?? max;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > max) {
    invalid(names.chunkSize, `must be an integer from 1 to ${max}`, ` (tasks per job; got ${String(chunkSize)})`);
  }
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
