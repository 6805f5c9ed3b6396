/**
 * The fleet the scale benchmarks change: SIM i is `simIdAt(i)` of the emulator's deterministic
 * inventory, and what each action sets on it is a function of i. The input files (written by the
 * bench), the SDK child's tasks and the emulator's audit all derive from these functions, so the audit
 * can check every SIM's final state, not only that some task touched it.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { simIdAt } from '../../src/testing/inventory.js';

/** The three SIM actions the benchmarks use, by operationId (the emulator's name for them). */
export type FleetAction = 'setSimGroup' | 'putSimTags' | 'activateSim';

export const FLEET_ACTIONS: readonly FleetAction[] = ['setSimGroup', 'putSimTags', 'activateSim'];

/** The SIM group of SIM i: a few groups, so rows differ but the values repeat as in a real fleet. */
export const groupOf = (i: number): string => `group-${i % 7}`;

/** The `area` tag of SIM i. */
export const areaOf = (i: number): string => `area-${i % 50}`;

/** The status every SIM is brought to; the emulator seeds SIMs as `ready`, so activation is visible. */
export const TARGET_STATUS = 'active';

/** The input column that asks for each action in `run apply`, and its cell for SIM i. */
const COLUMNS: Record<FleetAction, { header: string; cell: (i: number) => string }> = {
  setSimGroup: { header: 'group_id', cell: groupOf },
  putSimTags: { header: 'tag:area', cell: areaOf },
  activateSim: { header: 'status', cell: () => TARGET_STATUS },
};

/**
 * Writes a CSV of `rows` SIMs with a `sim_id` column and one column per action, streamed in blocks so
 * that a million rows never sit in this process's memory at once. Returns the file's size in bytes.
 */
export async function writeFleetCsv(path: string, rows: number, actions: readonly FleetAction[]): Promise<number> {
  const out = createWriteStream(path);
  const columns = actions.map((a) => COLUMNS[a]);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${['sim_id', ...columns.map((c) => c.header)].join(',')}\n`);
  const BLOCK = 10_000;
  for (let start = 0; start < rows; start += BLOCK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + BLOCK); i++)
      lines.push([simIdAt(i), ...columns.map((c) => c.cell(i))].join(','));
    await write(`${lines.join('\n')}\n`);
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** The index i of `simIdAt(i)`, or -1 for an ID outside the deterministic inventory. */
export function simIndexOf(simId: string): number {
  const prefix = simIdAt(0).slice(0, 9);
  if (simId.length !== 19 || !simId.startsWith(prefix)) return -1;
  const index = Number(simId.slice(prefix.length));
  return Number.isInteger(index) ? index : -1;
}
