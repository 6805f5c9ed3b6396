/** `emulator`: runs the local emulator in-process until Ctrl-C, and the CLI works against it. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './support/memory-io.js';

describe('emulator command', () => {
  it('prints where it listens (--json), serves the CLI, and stops on Ctrl-C with exit 0', async () => {
    const m = memoryIo();
    const running = runCli(['emulator', '--port', '0', '--sims', '3', '--json'], m.io);
    const deadline = Date.now() + 10_000;
    while (!m.stdout().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const info = JSON.parse(m.stdout().split('\n')[0] as string);
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);

    const client = memoryIo({
      env: {
        SORACOM_ENDPOINT: info.baseUrl,
        SORACOM_AUTH_KEY_ID: info.credentials.authKeyId,
        SORACOM_AUTH_KEY: info.credentials.authKey,
      },
    });
    expect(await runCli(['groups', 'create', '--batch-group-name', 'demo'], client.io)).toBe(0);

    expect(m.listeners()).toBe(1);
    m.interrupt();
    expect(await running).toBe(0);
    expect(m.stderr()).toContain('Emulator stopped.');
    const after = memoryIo({ env: client.io.env as Record<string, string> });
    expect(await runCli(['--max-retries', '0', 'groups', 'list'], after.io)).toBe(2);
  });

  it('a bad flag is a usage error', async () => {
    const m = memoryIo();
    expect(await runCli(['emulator', '--port', '99999'], m.io)).toBe(1);
    expect(m.stderr()).toMatch(/--port/);
  });
});
