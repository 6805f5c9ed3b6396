/**
 * The in-memory world tasks act on: SIMs (by ID and by IMSI) and the IP address maps of Virtual
 * Private Gateways. Snapshots handed to tests are copies, so a test cannot change state by accident.
 */
import type { components as ActionComponents } from '../../generated/actions.js';
import type { SimSeed, SimStatus } from './options.js';

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
  /** SIM ID → status code its tasks fail with (tests' `failingSims`). */
  readonly failing: Map<string, number>;

  constructor(sims: readonly Required<SimSeed>[], vpgIds: readonly string[], failing: Map<string, number>) {
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
}

export function toSim(record: SimRecord): Sim {
  const sim: Sim = { simId: record.simId, imsi: record.imsi, status: record.status, tags: { ...record.tags } };
  if (record.groupId !== undefined) sim.groupId = record.groupId;
  return sim;
}

export type { SimRecord };
