/**
 * Reads a createBatchJob body and enforces the limits of the createBatchJob description: at most
 * 10,000 tasks, one API action per job ("Mixing different APIs in the same job is not supported"),
 * and only the eight supported actions. Anything refused is a 400 with a message naming the task.
 */
import type { components } from '../../generated/batch.js';
import { type ActionId, recogniseAction, supportedActions } from './action-catalog.js';
import { badRequest, codes } from './error-codes.js';

type TaskMethod = components['schemas']['BatchTaskApiRequest']['method'];

export type ParsedTask = { request: components['schemas']['BatchTaskApiRequest']; params: Record<string, string> };
export type ParsedJobRequest = {
  jobName: string | undefined;
  description: string | undefined;
  abortOnFailure: boolean;
  action: ActionId;
  tasks: ParsedTask[];
};

const METHODS: readonly string[] = ['POST', 'GET', 'PUT', 'DELETE'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An optional string field no longer than `max` (the spec's maxLength). */
export function optionalText(body: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(codes.invalidRequest, `${field} must be a string`);
  if (value.length > max) throw badRequest(codes.invalidRequest, `${field} must be at most ${max} characters`);
  return value;
}

export function parseJobRequest(body: unknown, maxTasks: number): ParsedJobRequest {
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
