/**
 * Starts Prism (`prism mock`, or `prism proxy --errors`) on a free loopback port and waits until it
 * says it is listening. Used by the vitest global setup, the demo and the mock script.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.js';

export type PrismServer = { url: string; port: number; process: ChildProcess; stop(): Promise<void> };

const require = createRequire(import.meta.url);

function prismEntry(): string {
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  return join(dirname(pkg), 'dist', 'index.js');
}

export type PrismOptions = {
  /** The spec to serve (a corrected spec from generated/openapi/). */
  spec: string;
  /** `mock` (default) or `proxy` to an upstream, validating its answers (`--errors`). */
  mode?: 'mock' | 'proxy';
  upstream?: string;
  port?: number;
  /** How long to wait for "Prism is listening". */
  startTimeoutMs?: number;
};

export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  const port = options.port ?? (await freePort());
  const args =
    options.mode === 'proxy' ? ['proxy', options.spec, options.upstream ?? '', '--errors'] : ['mock', options.spec];
  const child = spawn(process.execPath, [prismEntry(), ...args, '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Prism did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
