/**
 * The job guard: rules of createBatchJob that the spec's types cannot express, checked before the
 * request is sent (spec, createBatchJob description: one API action per job, at most 10,000 tasks;
 * CreateBatchJobRequest: jobName and description lengths). Tasks are recognised by method and path,
 * so hand-written and untyped task lists are checked as well as built ones.
 */
import { BatchValidationError } from '../errors/validation-error.js';
import { checkTextLength } from './check-text-length.js';
import { describeValue } from './describe-value.js';
import { batchLimits } from './job-limits.js';
import { recognizeTaskAction } from './recognize-action.js';
import { type TaskAction, taskActions } from './task-action.js';

const ARG = 'createBatchJob.body';
const count = (n: number) => n.toLocaleString('en-US');

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The action of task `i`, after checking its shape. */
function actionOfTask(task: unknown, i: number, hint: TaskAction | undefined): TaskAction {
  const at = `${ARG}.tasks[${i}]`;
  if (!isObject(task) || !isObject(task.request)) {
    throw new BatchValidationError(
      at,
      'must be a { request: { path, method, body } } object',
      `${at} must be a { request: { path, method, body } } object (got ${describeValue(task)})`,
    );
  }
  const { path, method } = task.request;
  if (typeof path !== 'string' || typeof method !== 'string') {
    throw new BatchValidationError(
      `${at}.request`,
      'must have a string path and method',
      `${at}.request must have a string path and method`,
    );
  }
  const action = recognizeTaskAction({ path, method }, hint);
  if (action === undefined) {
    throw new BatchValidationError(
      at,
      'must call one of the actions a Batch task supports',
      `${at} calls ${method} ${path}, which is none of the actions a Batch task supports (${taskActions.join(', ')}); ` +
        'build tasks with tasks.<action>(...) to get the path and method right',
    );
  }
  return action;
}

export function checkCreateBatchJobBody(body: unknown): void {
  if (!isObject(body)) {
    throw new BatchValidationError(
      ARG,
      'must be a { tasks, jobName?, description?, abortOnFailure? } object',
      `${ARG} must be a { tasks, ... } object (got ${describeValue(body)})`,
    );
  }
  const { tasks } = body;
  if (!Array.isArray(tasks)) {
    throw new BatchValidationError(
      `${ARG}.tasks`,
      'must be an array',
      `${ARG}.tasks must be an array of tasks (got ${describeValue(tasks)})`,
    );
  }
  if (tasks.length === 0) {
    throw new BatchValidationError(`${ARG}.tasks`, 'must not be empty', `${ARG}.tasks must hold at least one task`);
  }
  const max = batchLimits.maxTasksPerJob;
  if (tasks.length > max) {
    throw new BatchValidationError(
      `${ARG}.tasks`,
      `must hold at most ${count(max)} tasks`,
      `${ARG}.tasks holds ${count(tasks.length)} tasks; a job holds at most ${count(max)}: split the list into several ` +
        'jobs and run them one after another (only one job per action runs at a time)',
    );
  }
  checkTextLength(`${ARG}.jobName`, body.jobName, batchLimits.maxJobNameLength);
  checkTextLength(`${ARG}.description`, body.description, batchLimits.maxJobDescriptionLength);

  const first = actionOfTask(tasks[0], 0, undefined);
  for (let i = 1; i < tasks.length; i++) {
    const action = actionOfTask(tasks[i], i, first);
    if (action !== first) {
      throw new BatchValidationError(
        `${ARG}.tasks`,
        'must all call the same action',
        `${ARG}.tasks mixes actions: tasks[0] calls ${first} but tasks[${i}] calls ${action}; a job runs one action ` +
          '(the API answers 400 otherwise): create one job per action',
      );
    }
  }
}
