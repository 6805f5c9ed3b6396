/** The emulator's control paths (`/_emulator/...`): the inventory for scripts, apart from the API and its log. */
import { afterEach, describe, expect, it } from 'vitest';
import { type BatchEmulator, startBatchEmulator } from '../../src/testing/index.js';

let emulator: BatchEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('GET /_emulator/sims', () => {
  it('lists the inventory as state.sims() gives it, as it changes, without credentials, outside the request log', async () => {
    emulator = await startBatchEmulator({ sims: 3 });
    const origin = emulator.baseUrl.replace(/\/v1$/, '');
    const first = await fetch(`${origin}/_emulator/sims`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await first.json()).toEqual(emulator.state.sims());
    emulator.state.addSims([{ simId: '8981100000000009999', imsi: '440100000009999', status: 'suspended' }]);
    const after = (await (await fetch(`${origin}/_emulator/sims`)).json()) as Array<{ simId: string; status: string }>;
    expect(after.at(-1)).toMatchObject({ simId: '8981100000000009999', status: 'suspended' });
    expect(emulator.state.requests()).toEqual([]);
  });

  it('answers 404 to another control path and 405 to another method; API paths are untouched', async () => {
    emulator = await startBatchEmulator();
    const origin = emulator.baseUrl.replace(/\/v1$/, '');
    const missing = await fetch(`${origin}/_emulator/jobs`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toContain('/_emulator/sims');
    const post = await fetch(`${origin}/_emulator/sims`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await fetch(`${emulator.baseUrl}/batch_groups`)).status).toBe(401);
  });
});
