/**
 * Where a request may go: the transport follows redirects itself (`redirect: 'manual'`), within the
 * request's origin only, so that no credential and no request body (a login carries the AuthKey secret)
 * ever reaches another origin (test/transport/redirects.test.ts).
 */

/** A request as every attempt sends it: its body read once, its headers with the credentials set. */
export type Outgoing = {
  method: string;
  url: string;
  /** The path without the query string, for messages and logs. */
  path: string;
  origin: string;
  headers: Headers;
  body: ArrayBuffer | undefined;
  /** `follow` (the default), or what the caller chose instead: `error` or `manual` (no redirect followed). */
  redirect: RequestRedirect;
};

/** The Fetch standard's redirect statuses and its limit of 20 redirects per request. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/**
 * Sends `request` and follows its redirects by hand (`redirect: 'manual'`), so that no credential and
 * no body (a login carries the AuthKey secret) ever reaches another origin: a redirect within the
 * request's origin is followed with the same headers, as the Fetch standard would (303, and 301/302 of
 * a POST, become a GET without body); one to another origin is returned as it is, not followed. A
 * browser hides a manual redirect (`opaqueredirect`): it cannot be followed either.
 */
export async function fetchFollowing(
  fetchFn: typeof globalThis.fetch,
  request: Outgoing,
  signal: AbortSignal | undefined,
): Promise<{ response: Response; refusedTo?: string }> {
  let { method, url, body, headers } = request;
  for (let redirects = 0; ; redirects++) {
    const init: RequestInit = { method, headers, redirect: 'manual' };
    // A copy per send: the body can never be used up or detached by an earlier attempt or hop.
    if (body !== undefined) init.body = body.slice(0);
    if (signal !== undefined) init.signal = signal;
    const response = await fetchFn(url, init);
    if (response.type === 'opaqueredirect') return { response, refusedTo: 'a location the browser hides' };
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null || request.redirect !== 'follow') return { response };
    const target = new URL(location, url);
    await response.body?.cancel();
    if (target.origin !== request.origin || redirects === MAX_REDIRECTS) return { response, refusedTo: target.href };
    if ((response.status === 303 && method !== 'HEAD') || (response.status <= 302 && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      headers.delete('content-type');
    }
    url = target.href;
  }
}
