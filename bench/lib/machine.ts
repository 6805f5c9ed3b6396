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
