/**
 * The User-Agent names the SDK, and the runtime, OS and architecture where the runtime tells them, read from
 * its globals (no Node built-in); nothing else, and nothing that could break the header.
 */
import { describe, expect, it } from 'vitest';
import { runtimeDescription, userAgent } from '../../src/client/user-agent.js';
import { createBatchClient, SDK_VERSION } from '../../src/index.js';

describe('User-Agent', () => {
  it('on Node: soracom-batch/<version> (Node.js <version>; <platform>; <arch>), then the caller userAgent', async () => {
    let sent: string | null = null;
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      auth: { apiKey: 'key-1', token: 'tok-1' },
      userAgent: 'my-app/1.2',
      fetch: async (input, init) => {
        sent = new Request(input, init).headers.get('user-agent');
        return Response.json({ batchGroupId: 'g', batchGroupName: 'n', createdTime: 1, updatedTime: 1 });
      },
    });
    await batch.getBatchGroup({ batch_group_id: 'g' });
    expect(sent).toBe(
      `soracom-batch/${SDK_VERSION} (Node.js ${process.versions.node}; ${process.platform}; ${process.arch}) my-app/1.2`,
    );
  });

  it('names Deno and Bun by their own globals, before the process they also define', () => {
    const nodeCompat = { versions: { node: '22.0.0' }, platform: 'linux', arch: 'x64' };
    expect(
      runtimeDescription({
        Deno: { version: { deno: '2.9.6' }, build: { os: 'linux', arch: 'x86_64' } },
        process: nodeCompat,
      }),
    ).toBe('Deno 2.9.6; linux; x86_64');
    expect(runtimeDescription({ process: { ...nodeCompat, versions: { node: '22.0.0', bun: '1.4.4' } } })).toBe(
      'Bun 1.4.4; linux; x64',
    );
  });

  it("a worker: its navigator's user agent; nothing known: the SDK alone", () => {
    expect(userAgent(undefined, { navigator: { userAgent: 'Cloudflare-Workers' } })).toBe(
      `soracom-batch/${SDK_VERSION} (Cloudflare-Workers)`,
    );
    expect(userAgent(undefined, {})).toBe(`soracom-batch/${SDK_VERSION}`);
  });

  it('in a page, none: browsers set the header themselves', () => {
    expect(userAgent('my-app/1.2', { document: {}, navigator: { userAgent: 'Mozilla/5.0' } })).toBeUndefined();
  });

  it('takes only printable parts of what the globals say, and a guarded global tells nothing', () => {
    const odd = { versions: { node: '20.1.0\r\nX-Injected: yes' }, platform: 'linux (custom)', arch: 'x64;arm' };
    expect(runtimeDescription({ process: odd })).toBe('Node.js 20.1.0X-Injected yes; linux custom; x64arm');
    const guarded = {
      get process(): never {
        throw new Error('PermissionDenied: requires env access');
      },
    };
    expect(runtimeDescription(guarded)).toBeUndefined();
  });
});
