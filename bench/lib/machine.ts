/** What the numbers were measured on: a ratio is portable, an absolute time is not without this. */
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export type MachineInfo = {
  node: string;
  v8: string;
  os: string;
  cpuModel: string;
  cpuCount: number;
  memory: string;
  date: string;
  /** 1-minute load average: above zero, other work shared the CPUs while the bench ran. */
  loadAverage: string;
};

export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
    date: new Date().toISOString(),
    loadAverage: loadAverage(),
  };
}

/**
 * The rows of a results file's machine table (RESULTS.md, SCALE.md): the machine, the load at the start
 * and end of the run, and `extra` rows the file adds (the command, the run's length).
 */
export function machineRows(
  machine: MachineInfo,
  loadAtEnd: string,
  extra: ReadonlyArray<[string, string]>,
): string[][] {
  return [
    ['Date', machine.date],
    ['Node', `${machine.node} (V8 ${machine.v8})`],
    ['OS', machine.os],
    ['CPU', `${machine.cpuModel} × ${machine.cpuCount}`],
    ['Memory', machine.memory],
    ['Load average (1 / 5 / 15 min) at start → end', `${machine.loadAverage} → ${loadAtEnd}`],
    ...extra.map((row) => [...row]),
  ];
}
