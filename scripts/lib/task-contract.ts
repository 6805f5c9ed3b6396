/**
 * The task contract of the Batch API: which Soracom APIs a task may call, and how many tasks a job may
 * hold. The spec states both only in prose, so the diff of two Batch specs sees them as documentation:
 * - the actions are the list in `CreateBatchJobRequest.tasks.description`, one item per API, each a
 *   link to its operation (`- [Sim:activateSim API](#/Sim/activateSim)`), alike in both editions;
 * - the limit is a sentence of the English edition's createBatchJob description ("Each batch job is
 *   limited to a maximum of 10,000 tasks."); the Japanese edition states none.
 * `spec:update` reads them from every release and compares them with what the SDK has: the operations
 * of openapi/actions.yaml, the task builders (`tasks` in src/tasks/builders.ts) and
 * `batchLimits.maxTasksPerJob` (src/tasks/job-body.ts). A list it cannot find fails the update.
 */
import type { Change } from './changes.js';
import type { OpenApiDoc } from './extract-tagged.js';
import { deref, isRecord, jsonSchemaOf, localRef, operationsById, requestBodyOf } from './openapi.js';

export type TaskContract = {
  /** Where the list was read, e.g. `CreateBatchJobRequest.tasks.description`. */
  listedIn: string;
  /** The APIs the list names, in its order. */
  actions: Array<{ tag: string; operationId: string }>;
  /** The stated maximum of tasks per job; undefined when the prose states none. */
  maxTasksPerJob: number | undefined;
};

/** The prose no longer has the shape spec:update reads: the message says where and what it looked for. */
export class TaskContractError extends Error {
  override name = 'TaskContractError';
}

const CREATE_JOB = 'createBatchJob';
/** An item of the list: `- [Sim:activateSim API](#/Sim/activateSim)`; the link target names the operation. */
const LIST_ITEM = /^\s*[-*]\s+\[[^\]]*\]\(#\/([A-Za-z][\w-]*)\/([A-Za-z]\w*)\)\s*$/;
/** The English edition's limit sentence. */
const LIMIT = /maximum of ([\d,]+) tasks/gi;
const LIST_SHAPE = '`- [Sim:activateSim API](#/Sim/activateSim)` items';

/** Reads the task contract from a Batch spec (or a whole description), or throws a TaskContractError. */
export function readTaskContract(doc: OpenApiDoc): TaskContract {
  const op = operationsById(doc).get(CREATE_JOB);
  if (!op) throw new TaskContractError(`no operation ${CREATE_JOB}: the list of task actions is in its request body`);
  const bodySchema = jsonSchemaOf(requestBodyOf(doc, op));
  const schemaName = isRecord(bodySchema) ? localRef(bodySchema.$ref)?.[1] : undefined;
  const listedIn = `${schemaName ?? `${CREATE_JOB} request body`}.tasks.description`;
  const body = deref(doc, bodySchema);
  const tasks = isRecord(body) && isRecord(body.properties) ? deref(doc, body.properties.tasks) : undefined;
  const prose = isRecord(tasks) && typeof tasks.description === 'string' ? tasks.description : undefined;
  if (prose === undefined) {
    throw new TaskContractError(`${listedIn} is gone: it held the list of the APIs a task may call (${LIST_SHAPE})`);
  }
  const actions = prose.split('\n').flatMap((line) => {
    const match = LIST_ITEM.exec(line);
    return match ? [{ tag: match[1] as string, operationId: match[2] as string }] : [];
  });
  if (actions.length === 0) {
    throw new TaskContractError(
      `${listedIn} no longer lists the APIs a task may call as ${LIST_SHAPE}: read it, and teach ` +
        'scripts/lib/task-contract.ts its new shape',
    );
  }
  const stated = [`${op.operation.description ?? ''}`, prose].flatMap((text) =>
    [...text.matchAll(LIMIT)].map((m) => Number((m[1] as string).replaceAll(',', ''))),
  );
  if (new Set(stated).size > 1) {
    throw new TaskContractError(`${CREATE_JOB} states more than one task limit (${stated.join(', ')})`);
  }
  return { listedIn, actions, maxTasksPerJob: stated[0] };
}

/** What the SDK has for tasks: the operations of openapi/actions.yaml, the builders, the hand-kept limit. */
export type SdkTaskSupport = {
  actionsYaml: readonly string[];
  hasBuilder: (operationId: string) => boolean;
  maxTasksPerJob: number;
};

const n = (value: number) => value.toLocaleString('en-US');

/**
 * The differences between a release's task contract and the SDK, as changes of the report: an API the
 * list adds is to act on (review), one it drops breaks the jobs the SDK builds for it, a lower limit
 * breaks the jobs the SDK splits at the old one.
 */
export function taskContractChanges(contract: TaskContract, sdk: SdkTaskSupport): Change[] {
  const listed = contract.actions.map((a) => a.operationId);
  const subject = contract.listedIn.replace(/\.description$/, '');
  const change = (c: Omit<Change, 'subject' | 'operations'>): Change => ({ subject, operations: [CREATE_JOB], ...c });
  const changes: Change[] = [];
  for (const { tag, operationId: id } of contract.actions) {
    const missing = [
      ...(sdk.actionsYaml.includes(id) ? [] : ['not in openapi/actions.yaml']),
      ...(sdk.hasBuilder(id) ? [] : [`no builder \`tasks.${id}\``]),
    ];
    if (missing.length === 0) continue;
    changes.push(
      change({
        severity: 'review',
        kind: 'task-action-added',
        message: `a task may now call \`${tag}:${id}\` (${missing.join(', ')})`,
        action:
          `to support it, add \`${id}\` to openapi/actions.yaml (from Soracom's description), a builder and its ` +
          `input rules in src/tasks, then \`npm run generate\`; until then the SDK refuses \`${id}\` tasks.`,
      }),
    );
  }
  for (const id of sdk.actionsYaml.filter((a) => !listed.includes(a))) {
    changes.push(
      change({
        severity: 'breaking',
        kind: 'task-action-removed',
        message: `a task may no longer call \`${id}\` (openapi/actions.yaml and \`tasks.${id}\` still have it)`,
        action:
          `jobs of \`tasks.${id}(...)\` tasks will be refused: remove \`${id}\` from openapi/actions.yaml and its ` +
          'builder from src/tasks, run `npm run generate`, and tell users (a major version).',
      }),
    );
  }
  const stated = contract.maxTasksPerJob;
  if (stated !== undefined && stated !== sdk.maxTasksPerJob) {
    const lower = stated < sdk.maxTasksPerJob;
    changes.push(
      change({
        severity: lower ? 'breaking' : 'review',
        kind: 'task-limit-changed',
        message: `a job may now hold at most ${n(stated)} tasks (\`batchLimits.maxTasksPerJob\` is ${n(sdk.maxTasksPerJob)})`,
        action: lower
          ? `set \`maxTasksPerJob\` in src/tasks/job-body.ts to ${n(stated)}: until then the SDK sends jobs the API refuses, and runTasks splits task lists into jobs that are too large.`
          : `raise \`maxTasksPerJob\` in src/tasks/job-body.ts to ${n(stated)} for fewer, larger jobs (nothing breaks meanwhile).`,
      }),
    );
  }
  return changes;
}
