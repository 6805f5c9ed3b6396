/**
 * Child process: the Batch emulator with 100,000 SIMs and instant tasks, in its own process so its
 * work (parsing 10,000-task bodies, running tasks, answering polls) is not counted as the SDK's.
 * Reports `{ type: 'ready', baseUrl, apiKey, token }`; answers `{ type: 'stats' }` with its CPU time
 * and memory.
 */
import { startBatchEmulator } from '../../src/testing/index.js';
import { fromParent, toParent } from '../lib/parent-channel.js';

const sims = Number(process.argv[2] ?? '100000');
const emulator = await startBatchEmulator({ sims, taskDurationMs: 0, requestLogLimit: 100 });
const { apiKey, token } = emulator.credentials;
await toParent({ type: 'ready', baseUrl: emulator.baseUrl, apiKey: apiKey ?? '', token: token ?? '' });

async function answerStats(): Promise<void> {
  for (;;) {
    await fromParent('stats');
    await toParent({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
  }
}
void answerStats();

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
