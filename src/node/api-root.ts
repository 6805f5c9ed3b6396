/**
 * An endpoint origin as soracom-cli takes it (`https://api.soracom.io`) turned into the API root the
 * client needs (`https://api.soracom.io/v1`). Shared by the profile/environment helpers and the CLI's
 * `--endpoint`, which wrap the problem into their own error, naming where the value came from.
 */
export type ApiRootProblem =
  | { problem: 'not-absolute' }
  | { problem: 'scheme'; protocol: string }
  | { problem: 'not-an-origin' };

export function apiRootOf(value: string): { root: string } | ApiRootProblem {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: 'not-absolute' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'scheme', protocol: url.protocol };
  if (url.search || url.hash || url.username || url.password) return { problem: 'not-an-origin' };
  const root = url.href.replace(/\/+$/, '');
  // soracom-cli appends /v1; a value that already ends with it (the emulator prints its base URL that
  // way) is taken as it is rather than sent to /v1/v1.
  return { root: root.endsWith('/v1') ? root : `${root}/v1` };
}

/** The sentence that explains a problem, without echoing the value (it may hold anything, even a secret). */
export function describeApiRootProblem(name: string, result: ApiRootProblem): string {
  if (result.problem === 'not-absolute') return `${name} must be an absolute URL such as https://api.soracom.io`;
  if (result.problem === 'scheme') return `${name} must use http or https (it uses ${result.protocol})`;
  return `${name} must be an origin such as https://api.soracom.io, without query, fragment or user info`;
}
