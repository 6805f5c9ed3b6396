/**
 * The proxy itself, apart so that undici is evaluated only when a proxy is set (proxy.ts): undici's
 * `fetch` through its `EnvHttpProxyAgent`, which routes each request by the proxy variables.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { ProxySettings } from './proxy.js';

export function undiciProxyFetch(settings: ProxySettings): typeof globalThis.fetch {
  // Given explicitly (an empty string for "none"), so undici reads nothing from process.env by itself:
  // the CLI's environment is the one runCli was given.
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: settings.httpProxy ?? '',
    httpsProxy: settings.httpsProxy ?? '',
    noProxy: settings.noProxy,
  });
  const send = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
  return send as unknown as typeof globalThis.fetch;
}
