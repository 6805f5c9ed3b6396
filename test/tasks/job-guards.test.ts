/**
 * The job and group guards. Refusals go through the client: every broken rule is a
 * BatchValidationError naming the argument and the rule, and nothing is sent (the injected fetch is
 * never called). Acceptances call the guard the client runs (tasks/job-body.ts) directly; sending
 * accepted jobs is covered by actions.contract.test.ts against the Prism mock.
 */
import { describe, expect, it, vi } from 'vitest';
import { BatchValidationError, createBatchClient, tasks } from '../../src/index.js';
import { checkBatchGroupBody, checkCreateBatchJobBody } from '../../src/tasks/job-body.js';

const SIM = '8981100001234567890';
const sims = (n: number) => Array.from({ length: n }, (_, i) => String(8981100000000000000n + BigInt(i)));

function clientWithSpy() {
  const fetch = vi.fn(async () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } }));
  const batch = createBatchClient({
    baseUrl: 'http://127.0.0.1:9/v1',
    auth: { apiKey: 'k-0001', token: 't-0001' },
    fetch,
  });
  return { batch, fetch };
}

/** Runs the guard the client runs before sending `operationId`; throws what the client would throw. */
function guard(operationId: 'createBatchJob' | 'createBatchGroup' | 'updateBatchGroup', body: unknown): void {
  if (operationId === 'createBatchJob') checkCreateBatchJobBody(body);
  else checkBatchGroupBody(operationId, body);
}

/** Untyped callers: the job guard is what stands between them and a 400. */
async function refusal(call: (batch: ReturnType<typeof clientWithSpy>['batch']) => Promise<unknown>) {
  const { batch, fetch } = clientWithSpy();
  const error = await call(batch).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BatchValidationError);
  expect(fetch).not.toHaveBeenCalled();
  return error as BatchValidationError;
}

const createJob = (body: unknown) => (batch: ReturnType<typeof clientWithSpy>['batch']) =>
  batch.createBatchJob({ batch_group_id: 'g-1', body: body as never });

describe('createBatchJob guard: task count', () => {
  it('refuses a job without tasks', async () => {
    const error = await refusal(createJob({ tasks: [] }));
    expect(error.argument).toBe('createBatchJob.body.tasks');
    expect(error.rule).toBe('must not be empty');
  });

  it('refuses 10,001 tasks, saying how to split', async () => {
    const error = await refusal(createJob({ tasks: tasks.many('activateSim', sims(10_001)) }));
    expect(error.argument).toBe('createBatchJob.body.tasks');
    expect(error.rule).toBe('must hold at most 10,000 tasks');
    expect(error.message).toContain('10,001 tasks');
    expect(error.message).toContain('split');
  });

  it('accepts 10,000 tasks', () => {
    expect(() => guard('createBatchJob', { tasks: tasks.many('activateSim', sims(10_000)) })).not.toThrow();
  });

  it('refuses tasks that are not an array, and a body that is not an object', async () => {
    expect((await refusal(createJob({ tasks: { 0: tasks.activateSim(SIM) } }))).rule).toBe('must be an array');
    expect((await refusal(createJob({}))).argument).toBe('createBatchJob.body.tasks');
    expect((await refusal(createJob([tasks.activateSim(SIM)]))).argument).toBe('createBatchJob.body');
  });
});

describe('createBatchJob guard: one action per job', () => {
  it('refuses built tasks of two actions, naming both', async () => {
    const mixed = [tasks.activateSim(SIM), tasks.activateSim('2'), tasks.setSimGroup('3', 'g')];
    const error = await refusal(createJob({ tasks: mixed }));
    expect(error.argument).toBe('createBatchJob.body.tasks');
    expect(error.rule).toBe('must all call the same action');
    expect(error.message).toContain('tasks[0] calls activateSim but tasks[2] calls setSimGroup');
  });

  it('refuses hand-written tasks of two actions, recognised from path and method', async () => {
    const error = await refusal(
      createJob({
        tasks: [
          { request: { path: '/v1/sims/1/tags', method: 'PUT', body: [{ tagName: 'a', tagValue: 'b' }] } },
          { request: { path: '/v1/sims/2/set_group', method: 'POST', body: { groupId: 'g' } } },
        ],
      }),
    );
    expect(error.rule).toBe('must all call the same action');
    expect(error.message).toContain('putSimTags');
    expect(error.message).toContain('setSimGroup');
  });

  it('accepts hand-written tasks of one action, and built tasks mixed with hand-written ones of the same action', () => {
    const handWritten = { request: { path: '/v1/sims/2/set_group', method: 'POST', body: { groupId: 'g' } } };
    expect(() => guard('createBatchJob', { tasks: [handWritten, handWritten] })).not.toThrow();
    expect(() => guard('createBatchJob', { tasks: [tasks.setSimGroup(SIM, 'g'), handWritten] })).not.toThrow();
  });

  it.each([
    ['putSimTags', () => tasks.many('putSimTags', ['1', '2'], { a: 'b' })],
    [
      'putVirtualPrivateGatewayIpAddressMapEntry',
      () =>
        ['10.0.0.1', '10.0.0.2'].map((ipAddress) =>
          tasks.putVirtualPrivateGatewayIpAddressMapEntry('vpg-1', { key: '440101234567890', ipAddress }),
        ),
    ],
  ])('accepts a job of %s tasks', (_, build) => {
    expect(() => guard('createBatchJob', { tasks: build() })).not.toThrow();
  });

  it('refuses a task that calls none of the eight actions', async () => {
    const error = await refusal(
      createJob({ tasks: [tasks.activateSim(SIM), { request: { path: '/v1/sims/2', method: 'DELETE' } }] }),
    );
    expect(error.argument).toBe('createBatchJob.body.tasks[1]');
    expect(error.rule).toBe('must call one of the actions a Batch task supports');
    expect(error.message).toContain('DELETE /v1/sims/2');
  });

  it.each([
    ['null', null, 'createBatchJob.body.tasks[0]'],
    ['a string', '/v1/sims/1/activate', 'createBatchJob.body.tasks[0]'],
    ['a bare request', { path: '/v1/sims/1/activate', method: 'POST' }, 'createBatchJob.body.tasks[0]'],
    [
      'a request without a method',
      { request: { path: '/v1/sims/1/activate' } },
      'createBatchJob.body.tasks[0].request',
    ],
    ['a numeric path', { request: { path: 1, method: 'POST' } }, 'createBatchJob.body.tasks[0].request'],
  ])('refuses a malformed task: %s', async (_, task, argument) => {
    expect((await refusal(createJob({ tasks: [task] }))).argument).toBe(argument);
  });
});

describe('createBatchJob guard: jobName and description', () => {
  const one = [tasks.activateSim(SIM)];

  it('refuses a jobName of 101 characters and a description of 501', async () => {
    const name = await refusal(createJob({ tasks: one, jobName: 'n'.repeat(101) }));
    expect(name.argument).toBe('createBatchJob.body.jobName');
    expect(name.rule).toBe('must be at most 100 characters');
    const description = await refusal(createJob({ tasks: one, description: 'd'.repeat(501) }));
    expect(description.argument).toBe('createBatchJob.body.description');
    expect(description.rule).toBe('must be at most 500 characters');
  });

  it('counts characters as the API does (code points): 100 emoji fit, 101 do not', async () => {
    expect(() => guard('createBatchJob', { tasks: one, jobName: '😀'.repeat(100) })).not.toThrow();
    expect((await refusal(createJob({ tasks: one, jobName: '😀'.repeat(101) }))).rule).toBe(
      'must be at most 100 characters',
    );
  });

  it('accepts a jobName of exactly 100 and a description of exactly 500 characters', () => {
    expect(() =>
      guard('createBatchJob', {
        tasks: one,
        jobName: 'n'.repeat(100),
        description: 'd'.repeat(500),
        abortOnFailure: true,
      }),
    ).not.toThrow();
  });

  it('refuses a non-string jobName', async () => {
    const error = await refusal(createJob({ tasks: one, jobName: 42 }));
    expect(error.argument).toBe('createBatchJob.body.jobName');
    expect(error.rule).toBe('must be a string');
  });
});

describe('batch group guards', () => {
  it.each(['createBatchGroup', 'updateBatchGroup'] as const)(
    '%s refuses a batchGroupName of 101 and a description of 501 characters',
    async (op) => {
      const call = (body: Record<string, unknown>) => (batch: ReturnType<typeof clientWithSpy>['batch']) =>
        op === 'createBatchGroup'
          ? batch.createBatchGroup({ body: body as never })
          : batch.updateBatchGroup({ batch_group_id: 'g-1', body: body as never });
      const name = await refusal(call({ batchGroupName: 'x'.repeat(101) }));
      expect(name.argument).toBe(`${op}.body.batchGroupName`);
      expect(name.rule).toBe('must be at most 100 characters');
      const description = await refusal(call({ batchGroupName: 'ok', description: 'x'.repeat(501) }));
      expect(description.argument).toBe(`${op}.body.description`);
      expect(description.rule).toBe('must be at most 500 characters');
    },
  );

  it('accepts a group name of exactly 100 and a description of exactly 500 characters, each optional on update', () => {
    expect(() =>
      guard('createBatchGroup', { batchGroupName: 'x'.repeat(100), description: 'y'.repeat(500) }),
    ).not.toThrow();
    expect(() => guard('updateBatchGroup', { batchGroupName: 'x'.repeat(100) })).not.toThrow();
    expect(() => guard('updateBatchGroup', { description: 'only the description' })).not.toThrow();
  });
});
