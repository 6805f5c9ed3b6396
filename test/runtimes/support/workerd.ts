/**
 * Cloudflare's workerd running the bundled worker: no `nodejs_compat` flag, and its outbound network
 * (`globalOutbound`) limited to the loopback block, so the worker can reach the emulator and nothing
 * else. The config format is workerd's own (https://github.com/cloudflare/workerd, `workerd.capnp`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../support/free-port.js';
import { startServer, tail } from './processes.js';
import type { Outcome } from './scenario-check.js';

/** The newest date this workerd release knows: the behaviour a worker deployed today gets. */
export const COMPATIBILITY_DATE = '2026-11-17';

function config(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["127.0.0.0/8"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  globalOutbound = "loopback",
);
`;
}

export async function runInWorkerd(workerd: string, workerDir: string, baseUrl: string): Promise<Outcome> {
  const port = await freePort();
  writeFileSync(join(workerDir, 'config.capnp'), config(port));
  const server = startServer(workerd, ['serve', 'config.capnp'], { cwd: workerDir });
  const origin = `http://127.0.0.1:${port}`;
  try {
    // Up when it answers anything (the worker answers 400 without ?baseUrl).
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (server.child.exitCode !== null)
        return { log: `workerd exited (${server.child.exitCode}):\n${tail(server.output())}` };
      const up = await fetch(origin).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline)
        return { log: `workerd did not listen on ${origin} within 15 s:\n${tail(server.output())}` };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const response = await fetch(`${origin}/?baseUrl=${encodeURIComponent(baseUrl)}`);
    const text = await response.text();
    try {
      return { result: JSON.parse(text), log: tail(server.output()) };
    } catch {
      return { log: `the worker answered ${response.status}: ${text.slice(0, 2_000)}\n${tail(server.output())}` };
    }
  } finally {
    await server.stop();
  }
}
