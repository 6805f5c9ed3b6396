/**
 * One table per action: the actions a task may call are the operations of openapi/actions.yaml (the
 * generated `actionsOperations`). Everything else about an action follows that table or fails here,
 * naming what a new action still lacks: its builder (`tasks.<action>`, whose path and method must be the
 * table's), `tasks.many` (for every action whose only path parameter is the SIM ID), the CLI's action
 * command, the emulator's executor, and the README's action table. `EXAMPLES` is typed by the table, so
 * a new action without an example (or without a builder) also fails `npm run typecheck`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsOperations } from '../../generated/actions-operations.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { CLI_ACTIONS } from '../../src/cli/actions.js';
import { createBatchClient, type TaskAction, tasks, waitForJob } from '../../src/index.js';
import { taskActions } from '../../src/tasks/actions.js';
import { type BatchEmulator, DEFAULT_VPG_ID, imsiAt, simIdAt, startBatchEmulator } from '../../src/testing/index.js';

const SIM = simIdAt(0);

/** One valid call of each builder, against the emulator's seeded SIMs and VPG. */
const EXAMPLES: { [A in TaskAction]: Parameters<(typeof tasks)[A]> } = {
  activateSim: [SIM],
  deactivateSim: [SIM],
  setSimToStandby: [SIM],
  suspendSim: [SIM],
  setSimGroup: [SIM, '11111111-0000-4000-8000-000000000001'],
  unsetSimGroup: [SIM],
  putSimTags: [SIM, { area: 'tokyo' }],
  putVirtualPrivateGatewayIpAddressMapEntry: [DEFAULT_VPG_ID, { key: imsiAt(0), ipAddress: '10.0.0.10' }],
};

const build = (action: TaskAction) =>
  (tasks[action] as (...args: unknown[]) => { request: { path: string; method: string; body?: unknown } })(
    ...(EXAMPLES[action] as unknown[]),
  );
const isSimAction = (action: TaskAction) => {
  const params: readonly string[] = actionsOperations[action].pathParams;
  return params.length === 1 && params[0] === 'sim_id';
};

describe('every action of openapi/actions.yaml', () => {
  it('has an example here and a builder whose request is the table’s method and path', () => {
    const gaps: string[] = [];
    for (const action of taskActions) {
      if (!Object.hasOwn(EXAMPLES, action)) gaps.push(`${action}: no example in EXAMPLES`);
      else if (typeof tasks[action] !== 'function') gaps.push(`${action}: no builder tasks.${action}`);
      else {
        const { method, path } = actionsOperations[action];
        const { request } = build(action);
        const pattern = new RegExp(`^/v1${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        if (request.method !== method || !pattern.test(request.path)) {
          gaps.push(`${action}: the builder sends ${request.method} ${request.path}, the table says ${method} ${path}`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('is built by tasks.many exactly when its only path parameter is the SIM ID, as its builder builds it', () => {
    for (const action of taskActions) {
      const [simId, ...shared] = EXAMPLES[action] as unknown[];
      const many = tasks.many as (a: string, ids: readonly unknown[], ...rest: unknown[]) => unknown[];
      if (isSimAction(action)) {
        expect(many(action, [simId], ...shared), `tasks.many('${action}')`).toEqual([build(action)]);
      } else {
        expect(() => many(action, [simId], ...shared), `tasks.many('${action}')`).toThrow(/many\.action/);
      }
    }
  });

  it('has one CLI action command, and the CLI has none other', () => {
    const cli = CLI_ACTIONS.map((a) => a.operationId);
    expect(taskActions.filter((action) => !cli.includes(action)).map((a) => `${a}: no CLI action`)).toEqual([]);
    expect(cli.filter((id) => !taskActions.includes(id))).toEqual([]);
    expect(new Set(cli).size).toBe(cli.length);
  });

  it('has one row in the README action table, with its request, tasks.many and command', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => /^\| `tasks\.\w+\(/.test(line));
    const gaps: string[] = [];
    for (const action of taskActions) {
      const { method, path } = actionsOperations[action];
      const command = CLI_ACTIONS.find((a) => a.operationId === action)?.name;
      const row = rows.find((line) => line.startsWith(`| \`tasks.${action}(`));
      const expected = [`\`${method} /v1${path}\``, isSimAction(action) ? '| yes |' : '| no ', `\`run ${command}\``];
      if (!row) gaps.push(`${action}: no README row`);
      else for (const part of expected) if (!row.includes(part)) gaps.push(`${action}: README row lacks ${part}`);
    }
    expect(gaps).toEqual([]);
    expect(rows).toHaveLength(taskActions.length);
  });
});

describe('the emulator executes every action', () => {
  let emulator: BatchEmulator;
  beforeAll(async () => {
    emulator = await startBatchEmulator({ sims: 1 }); // seeded SIMs support standby
  });
  afterAll(() => emulator.close());

  it('a job of each action ends with its task succeeded', async () => {
    const batch = createBatchClient(emulator.clientOptions);
    const { batchGroupId } = await batch.createBatchGroup({ body: { batchGroupName: 'every action' } });
    const outcomes: Record<string, string> = {};
    for (const action of taskActions) {
      const job = await batch.createBatchJob({
        batch_group_id: batchGroupId,
        body: { tasks: [build(action)] as never },
      });
      const ref = { batch_group_id: batchGroupId, job_id: job.jobId };
      await waitForJob(batch, ref, { minDelayMs: 5, maxDelayMs: 20 });
      const [task] = await batch.listTasksOfBatchJob(ref);
      outcomes[action] = task?.status === 'success' ? 'success' : JSON.stringify(task?.response?.body);
    }
    expect(outcomes).toEqual(Object.fromEntries(taskActions.map((action) => [action, 'success'])));
  });
});
