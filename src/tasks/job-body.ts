/**
 * The rules of a job body that the spec's types cannot express, checked before anything is sent:
 * - the createBatchJob description in openapi/batch.yaml: one API action per job, at most 10,000 tasks;
 * - `maxLength` of `CreateBatchJobRequest.jobName` / `.description` and of the batch group schemas.
 * Tasks are recognised by method and path (actions.ts), so hand-written and untyped task lists are
 * checked as well as built ones. `runTasks` applies the same one-action rule to its whole task list.
 */
import { BatchValidationError, describeValue } from '../errors/errors.js';
import { recognizeTaskAction, type TaskAction, taskActions } from './actions.js';
import { checkTextLength } from './rules.js';

/**
 * Limits of the Batch API that the SDK checks before sending. The lengths are the `maxLength` of the
 * spec's schemas (CreateBatchJobRequest, CreateBatchGroupRequest, UpdateBatchGroupRequest); the task
 * count is stated in the createBatchJob description ("a maximum of 10,000 tasks"). They are kept here
 * because the core reads no files at run time; test/tasks/job-limits.test.ts fails when the spec's
 * lengths say otherwise, and `npm run spec:update` reports a release that states another task count.
 *
 * @example
 * ```ts
 * import { batchLimits } from 'soracom-batch';
 *
 * const jobsNeeded = Math.ceil(simIds.length / batchLimits.maxTasksPerJob);
 * const jobName = 'A long job name '.repeat(10).slice(0, batchLimits.maxJobNameLength);
 * ```
 * @category Tasks
 */
export const batchLimits = Object.freeze({
  /** Tasks per job (createBatchJob description). */
  maxTasksPerJob: 10_000,
  /** `CreateBatchJobRequest.jobName.maxLength`. */
  maxJobNameLength: 100,
  /** `CreateBatchJobRequest.description.maxLength`. */
  maxJobDescriptionLength: 500,
  /** `CreateBatchGroupRequest` / `UpdateBatchGroupRequest` `batchGroupName.maxLength`. */
  maxGroupNameLength: 100,
  /** `CreateBatchGroupRequest` / `UpdateBatchGroupRequest` `description.maxLength`. */
  maxGroupDescriptionLength: 500,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks tasks one by one and returns each one's action, refusing a task that is not a `{ request }`
 * object, one that calls none of the supported actions, and the first one whose action differs from
 * the first task's (a job runs one action; the API answers 400 to a mixed job). `list` names the list
 * in messages (`createBatchJob.body.tasks`, `runTasks.tasks`); `fix` says what to do about a mix. The
 * first task's action is tried first on every later task, so a one-action list costs one match per task.
 */
export function oneActionChecker(list: string, fix: string): (task: unknown, index: number) => TaskAction {
  let first: TaskAction | undefined;
  return (task, index) => {
    if (!isObject(task) || !isObject(task.request)) {
      throw new BatchValidationError(
        `${list}[${index}]`,
        'must be a { request: { path, method, body } } object',
        ` (got ${describeValue(task)})`,
      );
    }
    const { path, method } = task.request;
    if (typeof path !== 'string' || typeof method !== 'string') {
      throw new BatchValidationError(`${list}[${index}].request`, 'must have a string path and method');
    }
    const action = recognizeTaskAction({ path, method }, first);
    if (action === undefined) {
      throw new BatchValidationError(
        `${list}[${index}]`,
        'must call one of the actions a Batch task supports',
        `: ${method} ${path} is none of them (${taskActions.join(', ')}); build tasks with tasks.<action>(...) to get the path and method right`,
      );
    }
    first ??= action;
    if (action !== first) {
      throw new BatchValidationError(
        list,
        'must all call the same action',
        `: tasks[0] calls ${first} but tasks[${index}] calls ${action}; ${fix}`,
      );
    }
    return action;
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const ARG = 'createBatchJob.body';

/** The job guard of createBatchJob: task count, one action, name and description lengths. */
export function checkCreateBatchJobBody(body: unknown): void {
  if (!isObject(body)) {
    throw new BatchValidationError(
      ARG,
      'must be a { tasks, jobName?, description?, abortOnFailure? } object',
      ` (got ${describeValue(body)})`,
    );
  }
  const { tasks } = body;
  if (!Array.isArray(tasks)) {
    throw new BatchValidationError(`${ARG}.tasks`, 'must be an array', ` of tasks (got ${describeValue(tasks)})`);
  }
  if (tasks.length === 0) {
    throw new BatchValidationError(`${ARG}.tasks`, 'must not be empty', ': pass at least one task');
  }
  const max = batchLimits.maxTasksPerJob;
  if (tasks.length > max) {
    throw new BatchValidationError(
      `${ARG}.tasks`,
      `must hold at most ${count(max)} tasks`,
      ` (got ${count(tasks.length)} tasks): split the list into several jobs and run them one after another ` +
        '(only one job per action runs at a time), or use runTasks',
    );
  }
  checkTextLength(`${ARG}.jobName`, body.jobName, batchLimits.maxJobNameLength);
  checkTextLength(`${ARG}.description`, body.description, batchLimits.maxJobDescriptionLength);
  const check = oneActionChecker(
    `${ARG}.tasks`,
    'a job runs one action (the API answers 400 otherwise): create one job per action',
  );
  for (let i = 0; i < tasks.length; i++) check(tasks[i], i);
}

/** The group guard: `batchGroupName` and `description` lengths of createBatchGroup and updateBatchGroup. */
export function checkBatchGroupBody(operationId: 'createBatchGroup' | 'updateBatchGroup', body: unknown): void {
  if (body === null || typeof body !== 'object') return; // Refused earlier by the parameter check.
  const { batchGroupName, description } = body as Record<string, unknown>;
  checkTextLength(`${operationId}.body.batchGroupName`, batchGroupName, batchLimits.maxGroupNameLength);
  checkTextLength(`${operationId}.body.description`, description, batchLimits.maxGroupDescriptionLength);
}
