/**
 * The command line behind a corporate proxy: `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (and their
 * lower-case spellings, which win, as in curl and undici), as soracom-cli honours them (Go's
 * `http.ProxyFromEnvironment`). Node 20's own `fetch` ignores them, so when one is set the CLI hands the
 * SDK client a `fetch` of its own: undici's, whose `EnvHttpProxyAgent` routes each request by those
 * variables (undici's documented way; https://undici.nodejs.org). undici is bundled into the CLI's bin;
 * the SDK has no dependency on it. It is evaluated only when a proxy is set (proxy-agent.ts, loaded with
 * the CLI's one `import()`, which the bundle resolves within the same file): it costs 80-90 ms of every
 * start otherwise (bench/cases/cli-startup.ts).
 *
 * A proxy URL may carry a user and password (`http://user:secret@proxy:3128`): they are added to the
 * CLI's redaction (connection.ts) before anything is written, and a bad URL is refused without echoing it.
 */
import { UsageError } from './errors.js';

export type ProxySettings = {
  /** For http:// requests (and https:// ones when no HTTPS proxy is set, as undici routes them). */
  httpProxy: string | undefined;
  /** For https:// requests. */
  httpsProxy: string | undefined;
  /** Hosts reached directly: comma- or space-separated names, `.domain` suffixes, `host:port`, or `*`. */
  noProxy: string;
};

/** A variable in its lower-case spelling, else its upper-case one; empty counts as unset. */
function variable(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name.toLowerCase()]?.trim() || env[name]?.trim();
  return value ? value : undefined;
}

/** The proxy variables of the environment, or undefined when no proxy is set. */
export function proxySettings(env: Record<string, string | undefined>): ProxySettings | undefined {
  const httpProxy = variable(env, 'HTTP_PROXY');
  const httpsProxy = variable(env, 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy: variable(env, 'NO_PROXY') ?? '' };
}

/** The user and password of the proxy URLs, in every spelling the URL may hold them: never to be shown. */
export function proxySecrets(env: Record<string, string | undefined>): string[] {
  const settings = proxySettings(env);
  const secrets: string[] = [];
  for (const value of [settings?.httpProxy, settings?.httpsProxy]) {
    if (!value) continue;
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(value)?.[1];
    if (!userinfo) continue;
    secrets.push(userinfo);
    for (const part of userinfo.split(':')) {
      if (part === '') continue;
      secrets.push(part);
      try {
        secrets.push(decodeURIComponent(part));
      } catch {
        // Not percent-encoded as a URL should be: the raw text is redacted already.
      }
    }
  }
  return secrets;
}

function checkProxyUrl(name: string, value: string | undefined): void {
  if (value === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // Not quoted: the value may hold a password.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${name} must be a URL such as http://proxy.example.com:3128 (with http:// or https://)`);
  }
}

/**
 * The `fetch` the CLI's client sends with: undici's through the proxy the environment names, or
 * undefined (the platform's own `fetch`) when none is set. A bad proxy URL is refused at once.
 */
export function proxyFetch(env: Record<string, string | undefined>): typeof globalThis.fetch | undefined {
  const settings = proxySettings(env);
  if (!settings) return undefined;
  checkProxyUrl('HTTP_PROXY', settings.httpProxy);
  checkProxyUrl('HTTPS_PROXY', settings.httpsProxy);
  let loaded: Promise<typeof globalThis.fetch> | undefined;
  return async (input, init) => {
    loaded ??= import('./proxy-agent.js').then(({ undiciProxyFetch }) => undiciProxyFetch(settings));
    return (await loaded)(input, init);
  };
}
