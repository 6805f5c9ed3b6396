/**
 * Child process: the Batch emulator for the scale benchmarks (argv: SIM count, task duration in ms,
 * fractions allowed). In its own process so that its memory (a million SIMs and every task of every
 * job) and its CPU are never counted as the client's. It answers over IPC:
 * - `ready`: its base URL, an AuthKey (the CLI logs in as users do) and a ready-made API token (the SDK
 *   child skips the login), and how long seeding the SIMs took;
 * - `stats`: its own memory and CPU time;
 * - `audit { batchGroupId, expected }`: the audit of one batch group (audit.ts).
 */
import { readFileSync } from 'node:fs';
import { startBatchEmulator } from '../../src/testing/index.js';
import type { BenchMessage } from '../lib/child-process.js';
import { toParent } from '../lib/parent-channel.js';
import { auditGroup } from './audit.js';
import type { FleetAction } from './fleet.js';

const sims = Number(process.argv[2]);
const taskDurationMs = Number(process.argv[3] ?? '0');
if (!Number.isInteger(sims) || sims <= 0 || !(taskDurationMs >= 0))
  throw new Error('usage: emulator-main <sims> [taskDurationMs]');

const seedStart = performance.now();
const emulator = await startBatchEmulator({
  sims,
  taskDurationMs,
  // Every request of a run is kept (a million-row run makes a few thousand): the audit reads their times.
  requestLogLimit: 1_000_000,
});
const seedMs = performance.now() - seedStart;

/** The kernel's figures for this process: resident now and its high-water mark, in bytes. */
function procStatus(): { rss: number; hwm: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

process.on('message', (raw: unknown) => {
  const message = raw as BenchMessage;
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    void toParent({ type: 'stats', ...procStatus(), cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (message.type === 'audit') {
    const audit = auditGroup(
      emulator.state,
      String(message.batchGroupId),
      sims,
      message.expected as readonly FleetAction[],
    );
    void toParent({ type: 'audit', audit });
  }
});

const { authKeyId, authKey, apiKey, token } = emulator.credentials;
await toParent({ type: 'ready', baseUrl: emulator.baseUrl, authKeyId, authKey, apiKey, token, seedMs });

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
