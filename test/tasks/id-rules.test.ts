/** The ID rules, for every ID argument of every builder: each bad ID is a BatchValidationError naming argument and rule. */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, isSoracomError, tasks } from '../../src/index.js';

const SIM = '8981100001234567890';
const ENTRY = { key: '440101234567890', ipAddress: '10.0.0.10' };

/** Every ID argument of every builder, as `operationId.argument` → a call with the ID in that place. */
const idArguments: Record<string, (id: unknown) => unknown> = {
  'activateSim.simId': (id) => tasks.activateSim(id as string),
  'deactivateSim.simId': (id) => tasks.deactivateSim(id as string),
  'setSimToStandby.simId': (id) => tasks.setSimToStandby(id as string),
  'suspendSim.simId': (id) => tasks.suspendSim(id as string),
  'unsetSimGroup.simId': (id) => tasks.unsetSimGroup(id as string),
  'setSimGroup.simId': (id) => tasks.setSimGroup(id as string, 'group-1'),
  'setSimGroup.groupId': (id) => tasks.setSimGroup(SIM, id as string),
  'putSimTags.simId': (id) => tasks.putSimTags(id as string, { area: 'tokyo' }),
  'putVirtualPrivateGatewayIpAddressMapEntry.vpgId': (id) =>
    tasks.putVirtualPrivateGatewayIpAddressMapEntry(id as string, ENTRY),
};

const badIds: Array<[string, unknown, string]> = [
  ['an empty ID', '', 'must not be empty'],
  ['a blank ID', '   ', 'must not be empty'],
  ['a tab', '\t', 'must not be empty'],
  ['a space inside', '898110 0001', 'must not contain whitespace'],
  ['a padded CSV cell', ' 8981100001234567890', 'must not contain whitespace'],
  ['a trailing newline', '8981100001234567890\n', 'must not contain whitespace'],
  ['a no-break space', '8981\u00a01', 'must not contain whitespace'],
  ['a slash', '8981/1', 'must not contain "/"'],
  ['a pasted path', 'sims/8981100001234567890', 'must not contain "/"'],
  ['a question mark', '8981?x=1', 'must not contain "?"'],
  ['a hash', '8981#frag', 'must not contain "#"'],
  ['a percent (already encoded)', '8981%2F1', 'must not contain "%" (pass the ID unencoded; the builder encodes it)'],
  ['a dot-dot segment', '..', 'must not contain ".."'],
  ['dots inside', 'a..b', 'must not contain ".."'],
  ['a single dot', '.', 'must not be "."'],
  ['a control character', 'a\u0000b', 'must not contain control characters'],
  ['a lone surrogate', 'a\ud800b', 'must be well-formed Unicode'],
  ['a number (SIM IDs exceed Number precision)', Number(SIM), 'must be a string'],
  ['undefined', undefined, 'must be a string'],
  ['null', null, 'must be a string'],
];

function errorOf(call: () => unknown): BatchValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchValidationError);
    return error as BatchValidationError;
  }
  throw new Error('expected a BatchValidationError, but the call returned');
}

describe.each(Object.entries(idArguments))('%s', (argument, call) => {
  it.each(badIds)('refuses %s', (_, id, rule) => {
    const error = errorOf(() => call(id));
    expect(error.argument).toBe(argument);
    expect(error.rule).toBe(rule);
    expect(error.message).toContain(argument);
    expect(isSoracomError(error, BatchValidationError)).toBe(true);
  });

  it.each([
    ['an ICCID-like SIM ID', SIM],
    ['a UUID-like ID', '11111111-2222-3333-4444-555555555555'],
    ['a prefixed ID', 'vpg-00000001'],
    ['a single dot inside', 'a.b'],
    ['non-ASCII letters', 'グループ'],
    ['an astral character', 'g😀'],
  ])('accepts %s', (_, id) => {
    expect(() => call(id)).not.toThrow();
  });
});
