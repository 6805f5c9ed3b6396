/**
 * Child process: the loopback API server (loopback-api.ts) on 127.0.0.1, in its own process so that
 * producing the answers uses the other CPU and never counts as the client's time or memory. Reports
 * `{ type: 'ready', baseUrl }`; answers `{ type: 'stats' }` with its CPU time; ends with the bench.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromParent, toParent } from '../lib/parent-channel.js';
import { createBenchHandler } from './loopback-api.js';

const server = createServer(createBenchHandler());
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  void toParent({ type: 'ready', baseUrl: `http://127.0.0.1:${port}/v1` });
});

async function answerStats(): Promise<void> {
  for (;;) {
    await fromParent('stats');
    await toParent({ type: 'stats', cpu: process.cpuUsage() });
  }
}
void answerStats();

// The IPC channel closes when the bench ends (or dies): nothing to keep serving then.
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
});
process.on('SIGTERM', () => process.exit(0));
