/** The rules for the other arguments: IMSI, IPv4 address, tags, the VPG entry object. */
import { describe, expect, it } from 'vitest';
import { BatchValidationError, tasks } from '../../src/index.js';

const SIM = '8981100001234567890';
const VPG = 'vpg-1';
const ACTION = 'putVirtualPrivateGatewayIpAddressMapEntry';

function errorOf(call: () => unknown): BatchValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchValidationError);
    return error as BatchValidationError;
  }
  throw new Error('expected a BatchValidationError, but the call returned');
}

const vpgEntry = (entry: unknown) => () =>
  tasks.putVirtualPrivateGatewayIpAddressMapEntry(VPG, entry as { key: string; ipAddress: string });

describe('VPG entry: key (IMSI)', () => {
  it.each([
    ['14 digits', '44010123456789'],
    ['16 digits', '4401012345678901'],
    ['a letter', '44010123456789a'],
    ['spaces', '440 101234567890'],
    ['full-width digits', '４４０１０１２３４５６７８９０'],
    ['empty', ''],
  ])('refuses %s', (_, key) => {
    const error = errorOf(vpgEntry({ key, ipAddress: '10.0.0.1' }));
    expect(error.argument).toBe(`${ACTION}.entry.key`);
    expect(error.rule).toBe('must be an IMSI of 15 digits');
  });

  it('refuses a number, even of 15 digits (IMSIs are strings and may start with 0)', () => {
    const error = errorOf(vpgEntry({ key: 440101234567890, ipAddress: '10.0.0.1' }));
    expect(error.argument).toBe(`${ACTION}.entry.key`);
    expect(error.rule).toBe('must be a string');
  });

  it('accepts 15 digits, leading zero included', () => {
    expect(vpgEntry({ key: '001011234567890', ipAddress: '10.0.0.1' })).not.toThrow();
  });
});

describe('VPG entry: ipAddress (IPv4)', () => {
  it.each([
    ['an octet over 255', '10.0.0.256'],
    ['three octets', '10.0.0'],
    ['five octets', '10.0.0.1.2'],
    ['a leading zero (octal ambiguity)', '10.0.0.01'],
    ['a CIDR suffix', '10.0.0.1/32'],
    ['an IPv6 address', '::1'],
    ['a host name', 'gateway.local'],
    ['surrounding spaces', ' 10.0.0.1'],
    ['a sign', '+10.0.0.1'],
    ['empty', ''],
  ])('refuses %s', (_, ipAddress) => {
    const error = errorOf(vpgEntry({ key: '440101234567890', ipAddress }));
    expect(error.argument).toBe(`${ACTION}.entry.ipAddress`);
    expect(error.rule).toBe('must be an IPv4 address');
  });

  it('refuses a non-string', () => {
    expect(errorOf(vpgEntry({ key: '440101234567890', ipAddress: 167772161 })).rule).toBe('must be a string');
  });

  it.each(['0.0.0.0', '10.0.0.10', '192.168.255.255', '255.255.255.255', '100.64.0.1'])('accepts %s', (ipAddress) => {
    expect(vpgEntry({ key: '440101234567890', ipAddress })).not.toThrow();
  });
});

describe('VPG entry object', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', '440101234567890'],
    ['an array', ['440101234567890', '10.0.0.1']],
  ])('refuses %s', (_, entry) => {
    const error = errorOf(vpgEntry(entry));
    expect(error.argument).toBe(`${ACTION}.entry`);
    expect(error.rule).toBe('must be a { key, ipAddress } object');
  });

  it('checks the VPG ID before the entry', () => {
    expect(errorOf(() => tasks.putVirtualPrivateGatewayIpAddressMapEntry('', null as never)).argument).toBe(
      `${ACTION}.vpgId`,
    );
  });
});

describe('putSimTags: tags', () => {
  const tags = (value: unknown) => () => tasks.putSimTags(SIM, value as never);

  it.each([
    ['an empty list', []],
    ['an empty record', {}],
  ])('refuses %s', (_, value) => {
    const error = errorOf(tags(value));
    expect(error.argument).toBe('putSimTags.tags');
    expect(error.rule).toBe('must not be empty');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'area=tokyo'],
  ])('refuses %s', (_, value) => {
    const error = errorOf(tags(value));
    expect(error.argument).toBe('putSimTags.tags');
    expect(error.rule).toBe('must be a list of { tagName, tagValue } or a { name: value } record');
  });

  it.each([
    [
      'an empty tag name in a list',
      [
        { tagName: 'ok', tagValue: '1' },
        { tagName: '', tagValue: 'x' },
      ],
      'putSimTags.tags[1].tagName',
      'must not be empty',
    ],
    [
      'a blank tag name in a list',
      [{ tagName: '  ', tagValue: 'x' }],
      'putSimTags.tags[0].tagName',
      'must not be empty',
    ],
    ['an empty tag name in a record', { '': 'x' }, 'putSimTags.tags[""].tagName', 'must not be empty'],
    ['a missing tag name', [{ tagValue: 'x' }], 'putSimTags.tags[0].tagName', 'must be a string'],
    ['a missing tag value', [{ tagName: 'area' }], 'putSimTags.tags[0].tagValue', 'must be a string'],
    ['a number as value in a record', { floor: 3 }, 'putSimTags.tags["floor"].tagValue', 'must be a string'],
    ['a non-object entry', ['area=tokyo'], 'putSimTags.tags[0]', 'must be a { tagName, tagValue } object'],
    ['a null entry', [null], 'putSimTags.tags[0]', 'must be a { tagName, tagValue } object'],
  ])('refuses %s', (_, value, argument, rule) => {
    const error = errorOf(tags(value));
    expect(error.argument).toBe(argument);
    expect(error.rule).toBe(rule);
  });

  it('accepts an empty tag value (only names must be non-empty)', () => {
    expect(tasks.putSimTags(SIM, { area: '' }).request.body).toEqual([{ tagName: 'area', tagValue: '' }]);
  });

  it('ignores inherited keys of a record', () => {
    const record = Object.create({ inherited: 'no' }) as Record<string, string>;
    record.own = 'yes';
    expect(tasks.putSimTags(SIM, record).request.body).toEqual([{ tagName: 'own', tagValue: 'yes' }]);
  });

  it('checks the SIM ID before the tags', () => {
    expect(errorOf(() => tasks.putSimTags('', [])).argument).toBe('putSimTags.simId');
  });
});
