/**
 * Behind a proxy: HTTP_PROXY / HTTPS_PROXY / NO_PROXY (and their lower-case spellings) route the CLI's
 * requests through a real proxy on 127.0.0.1 (support/connect-proxy.ts), with the emulator behind it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/free-port.js';
import { useCliWorld } from './support/cli-world.js';
import { type ConnectProxy, startConnectProxy } from './support/connect-proxy.js';

const world = useCliWorld();
const proxies: ConnectProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(options?: Parameters<typeof startConnectProxy>[0]): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  proxies.push(started);
  return started;
}

const list = ['groups', 'list', '--max-retries', '0'];

describe('HTTP_PROXY, HTTPS_PROXY and NO_PROXY', () => {
  it('HTTP_PROXY carries every request of a command through the proxy (a CONNECT tunnel to the API)', async () => {
    const w = await world();
    const p = await proxy();
    await w.group('seen through the proxy');
    const result = await w.cli(list, { env: { HTTP_PROXY: p.url } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0].batchGroupName).toBe('seen through the proxy');
    expect(p.tunnels.map((t) => t.target)).toEqual([`127.0.0.1:${w.emulator.port}`]);
  });

  it('reads the lower-case spellings, which win over the upper-case ones (curl, undici)', async () => {
    const w = await world();
    const p = await proxy();
    const dead = `http://127.0.0.1:${await freePort()}`;
    expect((await w.cli(list, { env: { http_proxy: p.url } })).code).toBe(0);
    expect(p.tunnels).toHaveLength(1);
    expect((await w.cli(list, { env: { http_proxy: p.url, HTTP_PROXY: dead } })).code).toBe(0);
    expect(p.tunnels).toHaveLength(2);
    // The check can fail: the dead proxy alone fails the command.
    expect((await w.cli(list, { env: { HTTP_PROXY: dead } })).code).toBe(2);
  });

  it('NO_PROXY (or no_proxy) sends to the hosts it names directly', async () => {
    const w = await world();
    const p = await proxy();
    for (const env of [
      { HTTP_PROXY: p.url, NO_PROXY: '127.0.0.1' },
      { HTTP_PROXY: p.url, no_proxy: `example.com, 127.0.0.1:${w.emulator.port}` },
      { HTTP_PROXY: p.url, NO_PROXY: '*' },
    ]) {
      expect((await w.cli(list, { env })).code, JSON.stringify(env)).toBe(0);
    }
    expect(p.tunnels).toEqual([]);
    // Another host's entry does not bypass it.
    expect((await w.cli(list, { env: { HTTP_PROXY: p.url, NO_PROXY: 'example.com' } })).code).toBe(0);
    expect(p.tunnels).toHaveLength(1);
  });

  it('sends the user and password of the proxy URL to the proxy, and shows them nowhere', async () => {
    const w = await world();
    const password = 'pr0xy-s3cret-word';
    const p = await proxy({ auth: { user: 'proxyuser', password } });
    const good = await w.cli([...list, '--verbose'], {
      env: { HTTP_PROXY: `http://proxyuser:${password}@${p.url.slice(7)}` },
    });
    expect(good.code).toBe(0);
    // --verbose names the proxy, its credentials hidden.
    expect(good.stderr).toContain(`[soracom-batch] proxy: http http://[REDACTED]@${p.url.slice(7)}`);
    expect(p.tunnels[0]?.authorization).toBe(`Basic ${Buffer.from(`proxyuser:${password}`).toString('base64')}`);
    // Refused by the proxy (407) and a proxy that is not there: the errors name neither the user nor the password.
    const refused = await w.cli([...list, '--verbose'], {
      env: { HTTP_PROXY: `http://proxyuser:wrong-${password}@${p.url.slice(7)}` },
    });
    const gone = await w.cli([...list, '--verbose'], {
      env: { HTTP_PROXY: `http://proxyuser:${password}@127.0.0.1:${await freePort()}` },
    });
    for (const result of [good, refused, gone]) {
      expect(`${result.stdout}${result.stderr}`).not.toContain(password);
      expect(`${result.stdout}${result.stderr}`).not.toContain('proxyuser');
    }
    expect(refused.code).toBe(2);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^error: GET \/v1\/batch_groups got no answer/m);
  });

  it('a proxy variable that is not a URL is a usage error that does not repeat it', async () => {
    const w = await world();
    const result = await w.cli(list, { env: { HTTPS_PROXY: 'user:secret@proxy:3128' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: HTTPS_PROXY must be a URL such as http://proxy.example.com:3128 (with http:// or https://)\n',
    );
    // Commands that send nothing do not care.
    expect((await w.cli(['--help'], { env: { HTTPS_PROXY: 'nonsense' }, noAuth: true })).code).toBe(0);
  });
});
