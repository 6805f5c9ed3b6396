/**
 * `--endpoint` (and `SORACOM_ENDPOINT` when credentials come from flags): an origin such as
 * `https://api.soracom.io`, to which `/v1` is appended as soracom-cli does. A value that already ends
 * with `/v1` (the emulator prints its base URL that way) is taken as it is rather than sent to /v1/v1.
 */
import { UsageError } from './cli-errors.js';

export function endpointToBaseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // The value is not echoed: a mistyped flag may hold anything, even a pasted secret.
    throw new UsageError(`${name} must be an absolute URL such as https://api.soracom.io or http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${name} must use http or https (it uses ${url.protocol})`);
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(
      `${name} must be an origin such as https://api.soracom.io, without query, fragment or user info`,
    );
  }
  const root = url.href.replace(/\/+$/, '');
  return root.endsWith('/v1') ? root : `${root}/v1`;
}
