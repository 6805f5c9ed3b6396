/**
 * The nine Batch operations, over the store and the job runner. Status codes follow the spec: 200
 * with the resource, 204 on delete, 404 for an unknown group or job, 400 for what the API refuses.
 *
 * createBatchJob enforces the limits of its description in openapi/batch.yaml: at most 10,000 tasks,
 * one API action per job ("Mixing different APIs in the same job is not supported"), only the eight
 * supported actions, and one job per action at a time. Anything refused is a 400 naming the task.
 *
 * The three list operations page with `limit` + `last_evaluated_key`, as they declare it
 * (`x-soracom-cli-pagination`: request param `last_evaluated_key`, response header
 * `x-soracom-next-key`). The key is the last item returned; the next page starts after it. The
 * header is sent only when more items follow, so clients stop when it is absent.
 */

import type { components } from '../../generated/batch.js';
import type { BatchOperationId } from '../../generated/batch-operations.js';
import { type BatchStore, groupView, type JobRecord, nowSeconds, taskView } from './batch-store.js';
import { isRecord } from './checks.js';
import { badRequest, codes } from './faults.js';
import type { Handler } from './http-server.js';
import type { JobRunner } from './job-runner.js';
import { type ActionId, recogniseAction, supportedActions } from './routes.js';

type BatchHandlerDeps = {
  store: BatchStore;
  runner: JobRunner;
  limits: PageLimits & { maxTasksPerJob: number };
};

const TASK_STATUSES = ['pending', 'success', 'error'];

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
      return { status: 200, body: page.items.map((job) => store.answerView(job)), headers: page.headers };
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
      return { status: 200, body: store.answerView(job) };
    },

    getBatchJob: ({ params }) => ({
      status: 200,
      body: store.answerView(store.requireJob(params.batch_group_id as string, params.job_id as string)),
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

// createBatchJob's request.

type TaskMethod = components['schemas']['BatchTaskApiRequest']['method'];

type ParsedTask = { request: components['schemas']['BatchTaskApiRequest']; params: Record<string, string> };
type ParsedJobRequest = {
  jobName: string | undefined;
  description: string | undefined;
  abortOnFailure: boolean;
  action: ActionId;
  tasks: ParsedTask[];
};

const METHODS: readonly string[] = ['POST', 'GET', 'PUT', 'DELETE'];

/** An optional string field no longer than `max` (the spec's maxLength). */
function optionalText(body: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(codes.invalidRequest, `${field} must be a string`);
  if (value.length > max) throw badRequest(codes.invalidRequest, `${field} must be at most ${max} characters`);
  return value;
}

function parseJobRequest(body: unknown, maxTasks: number): ParsedJobRequest {
  if (!isRecord(body)) throw badRequest(codes.invalidRequest, 'The request body must be a JSON object with "tasks"');
  const jobName = optionalText(body, 'jobName', 100);
  const description = optionalText(body, 'description', 500);
  if (body.abortOnFailure !== undefined && typeof body.abortOnFailure !== 'boolean') {
    throw badRequest(codes.invalidRequest, 'abortOnFailure must be a boolean');
  }
  const { tasks } = body;
  if (!Array.isArray(tasks)) throw badRequest(codes.invalidRequest, 'tasks must be an array');
  if (tasks.length === 0) throw badRequest(codes.invalidRequest, 'tasks must not be empty');
  if (tasks.length > maxTasks) {
    throw badRequest(codes.tooManyTasks, `A batch job can have at most ${maxTasks} tasks (got ${tasks.length})`);
  }

  let action: ActionId | undefined;
  const parsed = tasks.map((task: unknown, i): ParsedTask => {
    const request = isRecord(task) ? task.request : undefined;
    if (!isRecord(request) || typeof request.path !== 'string' || typeof request.method !== 'string') {
      throw badRequest(codes.invalidRequest, `tasks[${i}].request must be an object with "path" and "method"`);
    }
    if (!METHODS.includes(request.method)) {
      throw badRequest(codes.invalidRequest, `tasks[${i}].request.method must be one of ${METHODS.join(', ')}`);
    }
    const recognised = recogniseAction(request.method, request.path);
    if (!recognised) {
      throw badRequest(
        codes.unsupportedAction,
        `tasks[${i}] calls ${request.method} ${request.path}, which batch jobs do not support; supported: ${supportedActions.join(', ')}`,
      );
    }
    if (action !== undefined && recognised.action !== action) {
      throw badRequest(
        codes.mixedActions,
        `Mixing different APIs in a single batch job is not supported: tasks[0] calls ${action}, tasks[${i}] calls ${recognised.action}`,
      );
    }
    action = recognised.action;
    const copy: ParsedTask['request'] = { path: request.path, method: request.method as TaskMethod };
    if (request.body !== undefined) copy.body = request.body as ParsedTask['request']['body'];
    return { request: copy, params: recognised.params };
  });

  return {
    jobName,
    description,
    abortOnFailure: body.abortOnFailure === true,
    action: action as ActionId,
    tasks: parsed,
  };
}

// Pagination.

const NEXT_KEY_HEADER = 'x-soracom-next-key';

type PageLimits = { defaultPageLimit: number; maxPageLimit: number };
export type Page<T> = { items: T[]; headers: Record<string, string> };

/** `limit`: a positive integer; larger than the maximum is served as the maximum (the spec allows fewer). */
function parseLimit(query: URLSearchParams, limits: PageLimits): number {
  const raw = query.get('limit');
  if (raw === null) return limits.defaultPageLimit;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(limit) || limit < 1) {
    throw badRequest(codes.invalidPagination, `limit must be a positive integer (got ${JSON.stringify(raw)})`);
  }
  return Math.min(limit, limits.maxPageLimit);
}

/**
 * One page of `items` (sorted by key), starting at `start`, keeping the items `accept` lets through.
 * `keyOf` gives the `x-soracom-next-key` of the last item when more accepted items follow.
 */
function takePage<T>(
  items: readonly T[],
  start: number,
  limit: number,
  keyOf: (item: T) => string,
  accept: (item: T) => boolean = () => true,
): Page<T> {
  const page: T[] = [];
  let i = start;
  for (; i < items.length && page.length < limit; i++) {
    const item = items[i] as T;
    if (accept(item)) page.push(item);
  }
  let more = false;
  for (; i < items.length; i++) {
    if (accept(items[i] as T)) {
      more = true;
      break;
    }
  }
  const last = page[page.length - 1];
  return { items: page, headers: more && last !== undefined ? { [NEXT_KEY_HEADER]: keyOf(last) } : {} };
}

/** Index of the first item whose key sorts after `key` (string keys in ascending order). */
function startAfterKey<T>(items: readonly T[], key: string | null, keyOf: (item: T) => string): number {
  if (key === null || key === '') return 0;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(items[mid] as T) <= key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Task keys are task IDs (1, 2, ...): the page starts after that task. */
function startAfterTaskId(key: string | null): number {
  if (key === null || key === '') return 0;
  if (!/^\d+$/.test(key))
    throw badRequest(
      codes.invalidPagination,
      `last_evaluated_key ${JSON.stringify(key)} is not a key this list returned`,
    );
  return Number(key);
}
