/**
 * Identifiers the emulator hands out, and the deterministic SIM IDs / IMSIs tests seed it with.
 */
import { randomUUID } from 'node:crypto';

/**
 * UUID-like IDs (as Soracom's group and job IDs look) whose first 8 hex digits are a counter, so
 * that sorting IDs as strings sorts by creation. `last_evaluated_key` can then mean "the items after
 * this key", like DynamoDB's exclusive start key, which stays valid even when that item is deleted.
 */
export function orderedIdGenerator(): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `${counter.toString(16).padStart(8, '0')}${randomUUID().slice(8)}`;
  };
}

/** Random opaque secrets (API keys, tokens): never derived from anything a test could guess. */
export function secretId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/**
 * The i-th deterministic SIM ID: ICCID-like, 19 digits (`8981100000000000000` + i, for i ≥ 0).
 *
 * @example
 * ```ts
 * import { simIdAt } from 'soracom-batch/testing';
 *
 * simIdAt(0); // '8981100000000000000'
 * simIdAt(42); // '8981100000000000042'
 * ```
 * @category Emulator
 */
export function simIdAt(index: number): string {
  checkIndex(index);
  return `898110000${String(index).padStart(10, '0')}`;
}

/**
 * The i-th deterministic IMSI: 15 digits (`440100000000000` + i), paired with `simIdAt(i)`.
 *
 * @example
 * ```ts
 * import { DEFAULT_VPG_ID, imsiAt } from 'soracom-batch/testing';
 * import { tasks } from 'soracom-batch';
 *
 * const task = tasks.putVirtualPrivateGatewayIpAddressMapEntry(DEFAULT_VPG_ID, { key: imsiAt(7), ipAddress: '10.0.0.7' });
 * ```
 * @category Emulator
 */
export function imsiAt(index: number): string {
  checkIndex(index);
  return `44010${String(index).padStart(10, '0')}`;
}

/**
 * `count` deterministic SIM IDs starting at `simIdAt(offset)`: the IDs `sims: count` seeds.
 *
 * @example
 * ```ts
 * import { tasks } from 'soracom-batch';
 * import { simIds, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator({ sims: 500 });
 * const list = tasks.many('suspendSim', simIds(100, 400)); // the last 100 SIMs of the inventory
 * ```
 * @category Emulator
 */
export function simIds(count: number, offset = 0): string[] {
  checkIndex(offset);
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`simIds: count must be an integer ≥ 0 (got ${count})`);
  return Array.from({ length: count }, (_, i) => simIdAt(offset + i));
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= 1e10) {
    throw new RangeError(`SIM index must be an integer from 0 to 9999999999 (got ${index})`);
  }
}
