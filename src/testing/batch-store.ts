/**
 * Batch groups, jobs and tasks in memory, with the API's views of them. Groups and jobs are kept in
 * creation order, which is also the order of their IDs (orderedIdGenerator), which pagination relies on.
 */

import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/batch.js';
import { badRequest, codes, notFound } from './faults.js';
import type { TaskResponse } from './job-runner.js';
import type { ActionId } from './routes.js';

/** The API's timestamps are Unix seconds (`createdTime` and the like in openapi/batch.yaml: `format: int64`, e.g. 1704067200). */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * UUID-like IDs (as Soracom's group and job IDs look) whose first 8 hex digits are a counter, so
 * that sorting IDs as strings sorts by creation. `last_evaluated_key` can then mean "the items after
 * this key", like DynamoDB's exclusive start key, which stays valid even when that item is deleted.
 */
function orderedIdGenerator(): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `${counter.toString(16).padStart(8, '0')}${randomUUID().slice(8)}`;
  };
}

/**
 * A batch group as the emulator stores and answers it (the spec's `BatchGroupResponse`).
 *
 * @example
 * ```ts
 * import type { BatchGroup } from 'soracom-batch/testing';
 *
 * const groups: BatchGroup[] = emulator.state.groups();
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchGroup = components['schemas']['BatchGroupResponse'];
/**
 * A batch job as the emulator stores and answers it (the spec's `BatchJobResponse`).
 *
 * @example
 * ```ts
 * import type { BatchJob } from 'soracom-batch/testing';
 *
 * const jobs: BatchJob[] = emulator.state.jobs();
 * console.log(jobs.map((job) => job.status));
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchJob = components['schemas']['BatchJobResponse'];
/**
 * The task counts of a job (the spec's `BatchJobSummary`).
 *
 * @example
 * ```ts
 * import type { BatchJobSummary } from 'soracom-batch/testing';
 *
 * const summary: BatchJobSummary | undefined = emulator.state.job(job_id)?.summary;
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchJobSummary = components['schemas']['BatchJobSummary'];
/**
 * A task of a job as the emulator stores and answers it (the spec's `BatchTaskResponse`).
 *
 * @example
 * ```ts
 * import type { BatchTask } from 'soracom-batch/testing';
 *
 * const failed: BatchTask[] = emulator.state.tasks(job_id, 'error');
 * ```
 * @category API types
 * @useDeclaredType
 */
export type BatchTask = components['schemas']['BatchTaskResponse'];
export type JobStatus = NonNullable<BatchJob['status']>;
type TaskStatus = NonNullable<BatchTask['status']>;

type TaskRequest = components['schemas']['BatchTaskApiRequest'];

type GroupRecord = {
  batchGroupId: string;
  batchGroupName: string;
  description: string | undefined;
  createdTime: number;
  updatedTime: number;
};

type TaskRecord = {
  taskId: number;
  status: TaskStatus;
  request: TaskRequest;
  /** Path parameters of the recognised action (sim_id or vpg_id). */
  params: Record<string, string>;
  response?: TaskResponse;
  startedTime?: number;
  finishedTime?: number;
};

export type Summary = { pending: number; success: number; error: number };

export type JobRecord = {
  jobId: string;
  batchGroupId: string;
  jobName: string | undefined;
  description: string | undefined;
  abortOnFailure: boolean;
  status: JobStatus;
  createdTime: number;
  updatedTime: number;
  finishedTime?: number;
  errorMessage?: string;
  /** The one action every task of the job calls. */
  action: ActionId;
  tasks: TaskRecord[];
  /** True counts, updated on every task. */
  counts: Summary;
  /** What the API shows: refreshed every `summaryEveryTasks` tasks and when the job ends. */
  summary: Summary;
  /** Index of the next task to run. */
  next: number;
  /** When the job may leave `pending` (ms). */
  startAt: number;
  /** When the next task is due (ms), for `taskDurationMs`. */
  nextTaskAt: number;
};

const ACTIVE_STATUSES: readonly JobStatus[] = ['pending', 'running'];
export const isActive = (job: JobRecord): boolean => ACTIVE_STATUSES.includes(job.status);

export class BatchStore {
  readonly groups = new Map<string, GroupRecord>();
  private readonly jobsById = new Map<string, JobRecord>();
  private readonly jobsByGroup = new Map<string, JobRecord[]>();
  private readonly groupId = orderedIdGenerator();
  private readonly jobId = orderedIdGenerator();
  /**
   * Jobs the API answers without `summary`: every job while `all`, else those in `jobs`. The corrected spec
   * keeps `summary` optional (its counts are "periodically updated": a job not counted yet may have none;
   * see `alwaysReturned` in scripts/spec-fixes.ts), so clients must cope.
   */
  readonly hiddenSummaries = { all: false, jobs: new Set<string>() };

  constructor(hideJobSummary: boolean) {
    this.hiddenSummaries.all = hideJobSummary;
  }

  /** A job as the API answers it: `jobView`, without `summary` when that is hidden. */
  answerView(job: JobRecord): BatchJob {
    const view = jobView(job);
    if (this.hiddenSummaries.all || this.hiddenSummaries.jobs.has(job.jobId)) delete view.summary;
    return view;
  }

  createGroup(batchGroupName: string, description: string | undefined): GroupRecord {
    const now = nowSeconds();
    const group: GroupRecord = {
      batchGroupId: this.groupId(),
      batchGroupName,
      description,
      createdTime: now,
      updatedTime: now,
    };
    this.groups.set(group.batchGroupId, group);
    this.jobsByGroup.set(group.batchGroupId, []);
    return group;
  }

  requireGroup(batchGroupId: string): GroupRecord {
    const group = this.groups.get(batchGroupId);
    if (!group) throw notFound(codes.groupNotFound, `Batch group not found: ${batchGroupId}`);
    return group;
  }

  /** The API refuses to delete a group while one of its jobs runs (deleteBatchGroup: 400). */
  deleteGroup(batchGroupId: string): void {
    this.requireGroup(batchGroupId);
    const jobs = this.jobsByGroup.get(batchGroupId) ?? [];
    const active = jobs.find(isActive);
    if (active) {
      throw badRequest(
        codes.groupHasRunningJob,
        `Batch group ${batchGroupId} has a running batch job (${active.jobId}) and cannot be deleted`,
      );
    }
    for (const job of jobs) this.jobsById.delete(job.jobId);
    this.jobsByGroup.delete(batchGroupId);
    this.groups.delete(batchGroupId);
  }

  newJobId(): string {
    return this.jobId();
  }

  addJob(job: JobRecord): void {
    this.jobsById.set(job.jobId, job);
    this.jobsByGroup.get(job.batchGroupId)?.push(job);
  }

  jobsOf(batchGroupId: string): readonly JobRecord[] {
    return this.jobsByGroup.get(batchGroupId) ?? [];
  }

  allJobs(): JobRecord[] {
    return [...this.jobsById.values()];
  }

  job(jobId: string): JobRecord | undefined {
    return this.jobsById.get(jobId);
  }

  requireJob(batchGroupId: string, jobId: string): JobRecord {
    this.requireGroup(batchGroupId);
    const job = this.jobsById.get(jobId);
    if (!job || job.batchGroupId !== batchGroupId)
      throw notFound(codes.jobNotFound, `Batch job not found: ${jobId} in batch group ${batchGroupId}`);
    return job;
  }

  /** The pending or running job that calls `action`, if any (one per action per operator). */
  activeJobWithAction(action: ActionId): JobRecord | undefined {
    for (const job of this.jobsById.values()) if (job.action === action && isActive(job)) return job;
    return undefined;
  }
}

export function groupView(group: GroupRecord): BatchGroup {
  const view: BatchGroup = {
    batchGroupId: group.batchGroupId,
    batchGroupName: group.batchGroupName,
    createdTime: group.createdTime,
    updatedTime: group.updatedTime,
  };
  if (group.description !== undefined) view.description = group.description;
  return view;
}

export function jobView(job: JobRecord): BatchJob {
  const view: BatchJob = {
    jobId: job.jobId,
    batchGroupId: job.batchGroupId,
    status: job.status,
    abortOnFailure: job.abortOnFailure,
    summary: { ...job.summary },
    createdTime: job.createdTime,
    updatedTime: job.updatedTime,
  };
  if (job.jobName !== undefined) view.jobName = job.jobName;
  if (job.description !== undefined) view.description = job.description;
  if (job.finishedTime !== undefined) view.finishedTime = job.finishedTime;
  if (job.errorMessage !== undefined) view.errorMessage = job.errorMessage;
  return view;
}

export function taskView(task: TaskRecord): BatchTask {
  const request: TaskRequest = { path: task.request.path, method: task.request.method };
  if (task.request.body !== undefined) request.body = task.request.body;
  const view: BatchTask = { taskId: task.taskId, status: task.status, request };
  if (task.response) view.response = { statusCode: task.response.statusCode, body: task.response.body };
  if (task.startedTime !== undefined) view.startedTime = task.startedTime;
  if (task.finishedTime !== undefined) view.finishedTime = task.finishedTime;
  return view;
}
