/**
 * The nine Batch operations, over the store and the job runner. Status codes follow the spec: 200
 * with the resource, 204 on delete, 404 for an unknown group or job, 400 for what the API refuses
 * (createBatchJob's limits, deleting a group with a running job).
 */
import type { BatchOperationId } from '../../generated/batch-operations.js';
import { type BatchStore, groupView, type JobRecord, jobView, taskView } from './batch-store.js';
import { nowSeconds } from './clock.js';
import { badRequest, codes } from './error-codes.js';
import type { Handler } from './handler-types.js';
import { optionalText, parseJobRequest } from './job-request.js';
import type { JobRunner } from './job-runner.js';
import { type PageLimits, parseLimit, startAfterKey, startAfterTaskId, takePage } from './pagination.js';

export type BatchHandlerDeps = {
  store: BatchStore;
  runner: JobRunner;
  limits: PageLimits & { maxTasksPerJob: number };
};

const TASK_STATUSES = ['pending', 'success', 'error'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw badRequest(codes.invalidRequest, 'The request body must be a JSON object');
  return body;
}

export function createBatchHandlers({ store, runner, limits }: BatchHandlerDeps): Record<BatchOperationId, Handler> {
  return {
    listBatchGroups: ({ query }) => {
      const groups = [...store.groups.values()];
      const start = startAfterKey(groups, query.get('last_evaluated_key'), (g) => g.batchGroupId);
      const page = takePage(groups, start, parseLimit(query, limits), (g) => g.batchGroupId);
      return { status: 200, body: page.items.map(groupView), headers: page.headers };
    },

    createBatchGroup: ({ body }) => {
      const request = objectBody(body);
      const name = optionalText(request, 'batchGroupName', 100);
      if (name === undefined || name === '') throw badRequest(codes.invalidRequest, 'batchGroupName is required');
      const group = store.createGroup(name, optionalText(request, 'description', 500));
      return { status: 200, body: groupView(group) };
    },

    getBatchGroup: ({ params }) => ({
      status: 200,
      body: groupView(store.requireGroup(params.batch_group_id as string)),
    }),

    updateBatchGroup: ({ params, body }) => {
      const group = store.requireGroup(params.batch_group_id as string);
      const request = objectBody(body);
      const name = optionalText(request, 'batchGroupName', 100);
      const description = optionalText(request, 'description', 500);
      if (name === '') throw badRequest(codes.invalidRequest, 'batchGroupName must not be empty');
      if (name !== undefined) group.batchGroupName = name;
      if (description !== undefined) group.description = description;
      group.updatedTime = nowSeconds();
      return { status: 200, body: groupView(group) };
    },

    deleteBatchGroup: ({ params }) => {
      store.deleteGroup(params.batch_group_id as string);
      return { status: 204 };
    },

    listBatchJobs: ({ params, query }) => {
      store.requireGroup(params.batch_group_id as string);
      const jobs = store.jobsOf(params.batch_group_id as string);
      const start = startAfterKey(jobs, query.get('last_evaluated_key'), (j) => j.jobId);
      const page = takePage(jobs, start, parseLimit(query, limits), (j) => j.jobId);
      return { status: 200, body: page.items.map(jobView), headers: page.headers };
    },

    createBatchJob: ({ params, body }) => {
      const group = store.requireGroup(params.batch_group_id as string);
      const request = parseJobRequest(body, limits.maxTasksPerJob);
      // "Only one batch job per API action can be created and processed at a time" (createBatchJob).
      const running = store.activeJobWithAction(request.action);
      if (running) {
        throw badRequest(
          codes.sameActionRunning,
          `Already running a batch job with the same API for this operator (${request.action}: job ${running.jobId})`,
        );
      }
      const now = nowSeconds();
      const job: JobRecord = {
        jobId: store.newJobId(),
        batchGroupId: group.batchGroupId,
        jobName: request.jobName,
        description: request.description,
        abortOnFailure: request.abortOnFailure,
        status: 'pending',
        createdTime: now,
        updatedTime: now,
        action: request.action,
        tasks: request.tasks.map((t, i) => ({
          taskId: i + 1,
          status: 'pending',
          request: t.request,
          params: t.params,
        })),
        counts: { pending: request.tasks.length, success: 0, error: 0 },
        summary: { pending: request.tasks.length, success: 0, error: 0 },
        next: 0,
        startAt: 0,
        nextTaskAt: 0,
      };
      store.addJob(job);
      runner.start(job);
      return { status: 200, body: jobView(job) };
    },

    getBatchJob: ({ params }) => ({
      status: 200,
      body: jobView(store.requireJob(params.batch_group_id as string, params.job_id as string)),
    }),

    listTasksOfBatchJob: ({ params, query }) => {
      const job = store.requireJob(params.batch_group_id as string, params.job_id as string);
      const status = query.get('status');
      if (status !== null && !TASK_STATUSES.includes(status)) {
        throw badRequest(codes.invalidRequest, `status must be one of ${TASK_STATUSES.join(', ')}`);
      }
      const start = startAfterTaskId(query.get('last_evaluated_key'));
      const page = takePage(
        job.tasks,
        start,
        parseLimit(query, limits),
        (t) => String(t.taskId),
        status === null ? undefined : (t) => t.status === status,
      );
      return { status: 200, body: page.items.map(taskView), headers: page.headers };
    },
  };
}
