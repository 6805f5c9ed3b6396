/**
 * Property-based tests: whatever the input, a builder either returns a task whose path is its
 * operation's template filled with the input (decoding the segment gives the input back, and URL
 * parsing leaves the path as it is) or throws BatchValidationError; never anything else. And the
 * job guard accepts every one-action list and refuses every mixed one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionsOperations } from '../../generated/actions-operations.js';
import { BatchValidationError, type Task, type TaskAction, tasks } from '../../src/index.js';
import { recognizeTaskAction } from '../../src/tasks/actions.js';
import { checkCreateBatchJobBody } from '../../src/tasks/job-body.js';

const RUNS = { numRuns: 400 };
const SIM = '8981100001234567890';
const ENTRY = { key: '440101234567890', ipAddress: '10.0.0.10' };

/** Pieces that break the rules or need encoding, mixed with ordinary characters. */
const tricky = fc.constantFrom(
  '/',
  '?',
  '#',
  '%',
  '%2F',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '.',
  '..',
  '\u0000',
  '\u007f',
  '\ud800',
  '\udfff',
  'é',
  '😀',
  '+',
  '&',
  '=',
  ':',
  '@',
  'a',
  'Z',
  '1',
  '-',
  '_',
  '~',
);
const trickyId = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 8 })
  .map((parts) => parts.join(''));
const anyId: fc.Arbitrary<unknown> = fc.oneof(trickyId, fc.string({ unit: 'binary' }), fc.string(), fc.anything());
/** IDs that follow every rule: they must always give a task. */
const validId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}$/).filter((id) => !id.includes('..'));

/** Checks `task` against the operation table independently of the implementation's routes. */
function expectTaskFor(action: TaskAction, task: Task, id: string): void {
  const { method, path: template } = actionsOperations[action];
  const [before, after] = `/v1${template}`.split(/\{[^}]+\}/) as [string, string];
  const { path } = task.request;
  expect(task.request.method).toBe(method);
  expect(path.startsWith(before) && path.endsWith(after)).toBe(true);
  const segment = path.slice(before.length, path.length - after.length);
  expect(segment).not.toMatch(/[/?#\s]/);
  expect(decodeURIComponent(segment)).toBe(id);
  expect(new URL(path, 'https://api.soracom.io').pathname).toBe(path);
  expect(recognizeTaskAction(task.request)).toBe(action);
  expect(Object.keys(task)).toEqual(['request']);
}

/** Runs `build`; a BatchValidationError is an accepted outcome, any other throw fails the property. */
function outcome<T>(build: () => T): T | BatchValidationError {
  try {
    return build();
  } catch (error) {
    if (error instanceof BatchValidationError) return error;
    throw error;
  }
}

const idArguments: Array<[string, TaskAction, (id: unknown) => Task]> = [
  ['activateSim(simId)', 'activateSim', (id) => tasks.activateSim(id as string)],
  ['deactivateSim(simId)', 'deactivateSim', (id) => tasks.deactivateSim(id as string)],
  ['setSimToStandby(simId)', 'setSimToStandby', (id) => tasks.setSimToStandby(id as string)],
  ['suspendSim(simId)', 'suspendSim', (id) => tasks.suspendSim(id as string)],
  ['unsetSimGroup(simId)', 'unsetSimGroup', (id) => tasks.unsetSimGroup(id as string)],
  ['setSimGroup(simId, groupId)', 'setSimGroup', (id) => tasks.setSimGroup(id as string, 'group-1')],
  ['putSimTags(simId, tags)', 'putSimTags', (id) => tasks.putSimTags(id as string, { area: 'tokyo' })],
  [
    'putVirtualPrivateGatewayIpAddressMapEntry(vpgId, entry)',
    'putVirtualPrivateGatewayIpAddressMapEntry',
    (id) => tasks.putVirtualPrivateGatewayIpAddressMapEntry(id as string, ENTRY),
  ],
];

describe.each(idArguments)('%s', (_, action, build) => {
  it('gives a task on its template with the ID as the segment, or a BatchValidationError', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const result = outcome(() => build(id));
        if (result instanceof BatchValidationError) {
          expect(result.argument).toMatch(/\.(simId|vpgId)$/);
          return;
        }
        expect(typeof id).toBe('string');
        expectTaskFor(action, result, id as string);
      }),
      RUNS,
    );
  });

  it('always gives a task for an ID that follows the rules', () => {
    fc.assert(
      fc.property(validId, (id) => expectTaskFor(action, build(id), id)),
      RUNS,
    );
  });
});

describe('other arguments', () => {
  it('setSimGroup(simId, groupId): any group ID gives a task whose body holds it unchanged, or a BatchValidationError', () => {
    fc.assert(
      fc.property(anyId, (groupId) => {
        const result = outcome(() => tasks.setSimGroup(SIM, groupId as string));
        if (result instanceof BatchValidationError) return;
        expectTaskFor('setSimGroup', result, SIM);
        expect(result.request.body).toEqual({ groupId });
      }),
      RUNS,
    );
  });

  it('putSimTags(simId, tags): any tags give a non-empty list of string pairs with non-empty names, or a BatchValidationError', () => {
    const tagName = fc.oneof(fc.string(), fc.constantFrom('', ' ', 'area'));
    const tagsInput = fc.oneof(
      fc.dictionary(tagName, fc.oneof(fc.string(), fc.anything())),
      fc.array(
        fc.oneof(
          fc.record({ tagName, tagValue: fc.string() }),
          fc.record({ tagName: fc.anything(), tagValue: fc.anything() }),
          fc.anything(),
        ),
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(tagsInput, (tags) => {
        const result = outcome(() => tasks.putSimTags(SIM, tags as never));
        if (result instanceof BatchValidationError) return;
        expectTaskFor('putSimTags', result, SIM);
        const body = result.request.body;
        expect(body.length).toBeGreaterThan(0);
        for (const tag of body) {
          expect(Object.keys(tag)).toEqual(['tagName', 'tagValue']);
          expect(typeof tag.tagName === 'string' && tag.tagName.trim() !== '').toBe(true);
          expect(typeof tag.tagValue).toBe('string');
        }
      }),
      RUNS,
    );
  });

  it('putVirtualPrivateGatewayIpAddressMapEntry: any entry gives a 15-digit key and a dotted-quad address, or a BatchValidationError', () => {
    const imsi = fc.stringMatching(/^[0-9]{15}$/);
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    const entry = fc.oneof(
      fc.record({
        key: fc.oneof(imsi, fc.string(), fc.anything()),
        ipAddress: fc.oneof(ipv4, fc.string(), fc.anything()),
      }),
      fc.anything(),
    );
    fc.assert(
      fc.property(entry, (value) => {
        const result = outcome(() => tasks.putVirtualPrivateGatewayIpAddressMapEntry('vpg-1', value as never));
        if (result instanceof BatchValidationError) return;
        const body = result.request.body;
        expect(body.key).toMatch(/^[0-9]{15}$/);
        expect(
          body.ipAddress
            .split('.')
            .map(Number)
            .every((o) => Number.isInteger(o) && o >= 0 && o <= 255),
        ).toBe(true);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(imsi, ipv4, (key, ipAddress) => {
        expect(tasks.putVirtualPrivateGatewayIpAddressMapEntry('vpg-1', { key, ipAddress }).request.body).toEqual({
          key,
          ipAddress,
        });
      }),
      RUNS,
    );
  });
});

describe('job guard', () => {
  const checkJob = (body: unknown) => checkCreateBatchJobBody(body);
  const builderOf: Record<TaskAction, (id: string) => Task> = Object.fromEntries(
    idArguments.map(([, action, build]) => [action, build]),
  ) as never;
  const action = fc.constantFrom(...(Object.keys(actionsOperations) as TaskAction[]));
  const ids = fc.array(validId, { minLength: 1, maxLength: 30 });

  it('accepts any non-empty one-action list of built tasks', () => {
    fc.assert(
      fc.property(action, ids, (a, list) => void checkJob({ tasks: list.map(builderOf[a]) })),
      RUNS,
    );
  });

  it('refuses any list where two actions meet, wherever they meet', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(action, { minLength: 2, maxLength: 2 }),
        ids,
        ids,
        fc.nat(),
        (pair, left, right, at) => {
          const [a, b] = pair as [TaskAction, TaskAction];
          const list = left.map(builderOf[a]);
          list.splice(at % (list.length + 1), 0, ...right.map(builderOf[b]));
          const result = outcome(() => checkJob({ tasks: list }));
          expect(result).toBeInstanceOf(BatchValidationError);
          expect((result as BatchValidationError).rule).toBe('must all call the same action');
        },
      ),
      RUNS,
    );
  });

  it('tasks.many gives the same tasks as mapping the single builder', () => {
    const simAction = fc.constantFrom(
      'activateSim',
      'deactivateSim',
      'setSimToStandby',
      'suspendSim',
      'unsetSimGroup' as const,
    );
    fc.assert(
      fc.property(simAction, ids, (a, list) => {
        expect(tasks.many(a, list)).toEqual(list.map((id) => tasks[a](id)));
      }),
      RUNS,
    );
  });
});
