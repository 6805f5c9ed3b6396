/**
 * The in-memory world tasks act on: SIMs (by ID and by IMSI) and the IP address maps of Virtual
 * Private Gateways, and the deterministic SIM IDs and IMSIs tests seed it with. Snapshots handed to
 * tests are copies, so a test cannot change state by accident.
 */
import type { components as ActionComponents } from '../../generated/actions.js';
import type { FailingSimState } from './check-options.js';
import type { SimSeed, SimStatus } from './options.js';

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

/**
 * A SIM as the SIM actions answer it (`Sim` of the actions spec) plus its IMSI.
 *
 * @example
 * ```ts
 * import type { Sim } from 'soracom-batch/testing';
 *
 * const suspended: Sim[] = emulator.state.sims().filter((sim) => sim.status === 'suspended');
 * ```
 * @category Emulator
 */
export type Sim = ActionComponents['schemas']['Sim'] & {
  /** The SIM ID. */
  simId: string;
  /** The SIM's IMSI. */
  imsi: string;
  /** The SIM's status, as the state actions leave it. */
  status: SimStatus;
  /** The SIM's tags, name → value. */
  tags: Record<string, string>;
};
/**
 * One entry of a VPG's IP address map.
 *
 * @example
 * ```ts
 * import { DEFAULT_VPG_ID, type VpgEntry } from 'soracom-batch/testing';
 *
 * const entries: VpgEntry[] = emulator.state.vpgEntries(DEFAULT_VPG_ID) ?? [];
 * ```
 * @category Emulator
 */
export type VpgEntry = {
  /** The IMSI the entry maps. */
  key: string;
  /** The fixed IP address. */
  ipAddress: string;
  /** The kind of entry: `static` for one put by `putVirtualPrivateGatewayIpAddressMapEntry`. */
  type: string;
};

type SimRecord = {
  simId: string;
  imsi: string;
  status: SimStatus;
  groupId: string | undefined;
  tags: Record<string, string>;
  supportsStandby: boolean;
};

export class Inventory {
  private readonly sims = new Map<string, SimRecord>();
  private readonly byImsi = new Map<string, SimRecord>();
  private readonly vpgs = new Map<string, Map<string, VpgEntry>>();
  /** SIM ID → the status its tasks fail with and how many more fail (tests' `failingSims`). */
  readonly failing: Map<string, FailingSimState>;

  constructor(sims: readonly Required<SimSeed>[], vpgIds: readonly string[], failing: Map<string, FailingSimState>) {
    this.addSims(sims);
    for (const id of vpgIds) this.vpgs.set(id, new Map());
    this.failing = failing;
  }

  addSims(seeds: readonly Required<SimSeed>[]): void {
    for (const seed of seeds) {
      const record: SimRecord = { ...seed, groupId: seed.groupId || undefined, tags: { ...seed.tags } };
      this.sims.set(record.simId, record);
      this.byImsi.set(record.imsi, record);
    }
  }

  /** The live record, for the action executor only. */
  record(simId: string): SimRecord | undefined {
    return this.sims.get(simId);
  }

  recordByImsi(imsi: string): SimRecord | undefined {
    return this.byImsi.get(imsi);
  }

  vpgMap(vpgId: string): Map<string, VpgEntry> | undefined {
    return this.vpgs.get(vpgId);
  }

  /** A copy of one SIM as the API answers it. */
  sim(simId: string): Sim | undefined {
    const record = this.sims.get(simId);
    return record && toSim(record);
  }

  allSims(): Sim[] {
    return [...this.sims.values()].map(toSim);
  }

  get simCount(): number {
    return this.sims.size;
  }

  vpgEntries(vpgId: string): VpgEntry[] | undefined {
    const map = this.vpgs.get(vpgId);
    return map && [...map.values()].map((e) => ({ ...e }));
  }

  vpgIds(): string[] {
    return [...this.vpgs.keys()];
  }

  /** The status a task on this SIM fails with, if it is failing (counting the failure); undefined otherwise. */
  takeFailure(simId: string): number | undefined {
    const failing = this.failing.get(simId);
    if (failing === undefined) return undefined;
    failing.remaining -= 1;
    if (failing.remaining <= 0) this.failing.delete(simId);
    return failing.status;
  }
}

export function toSim(record: SimRecord): Sim {
  const sim: Sim = { simId: record.simId, imsi: record.imsi, status: record.status, tags: { ...record.tags } };
  if (record.groupId !== undefined) sim.groupId = record.groupId;
  return sim;
}

export type { SimRecord };
