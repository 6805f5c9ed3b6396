/** The bench's handle on an emulator child (emulator-main.ts): start it, ask it, stop it. */
import { BenchChild, type BenchMessage } from '../lib/child-process.js';
import { benchFile } from '../lib/paths.js';
import type { Audit } from './audit.js';
import type { FleetAction } from './fleet.js';

export type EmulatorStats = { rss: number; hwm: number; cpuMs: number };

type Ready = BenchMessage & {
  baseUrl: string;
  authKeyId: string;
  authKey: string;
  apiKey: string;
  token: string;
  seedMs: number;
};

export class EmulatorProcess {
  private constructor(
    private readonly child: BenchChild,
    readonly ready: Ready,
  ) {}

  static async start(sims: number, taskDurationMs: number): Promise<EmulatorProcess> {
    const child = BenchChild.start({
      file: benchFile('scale', 'emulator-main.ts'),
      args: [String(sims), String(taskDurationMs)],
      // A million SIMs plus a million stored tasks (each with its request and the SIM it answered) come to
      // about 1.3 GB of heap; the headroom keeps V8 from collecting in a loop near its default limit.
      nodeFlags: ['--max-old-space-size=8192'],
      // Seeding and auditing a million SIMs each take seconds; a silent minute still means hung.
      timeoutMs: 180_000,
    });
    try {
      return new EmulatorProcess(child, await child.next<Ready>('ready'));
    } catch (error) {
      await child.stop();
      throw error;
    }
  }

  /** The origin the CLI takes (`SORACOM_ENDPOINT` is an origin; the CLI appends `/v1`). */
  get origin(): string {
    return new URL(this.ready.baseUrl).origin;
  }

  async stats(): Promise<EmulatorStats> {
    this.child.send({ type: 'stats' });
    return this.child.next<BenchMessage & EmulatorStats>('stats');
  }

  async audit(batchGroupId: string, expected: readonly FleetAction[]): Promise<Audit> {
    this.child.send({ type: 'audit', batchGroupId, expected: [...expected] });
    return (await this.child.next<BenchMessage & { audit: Audit }>('audit')).audit;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
