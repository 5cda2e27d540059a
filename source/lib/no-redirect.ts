/**
 * golem follows no HTTP redirect (issue 11 item 8, case-36): a provider, discovery server, faucet, price source or
 * RPC endpoint — or anyone on the path — answering 3xx could otherwise have a paid request body (stream id, SSH
 * key) re-sent to another host. Every `fetch` passes `redirect: 'manual'`, and a 3xx answer becomes an error that
 * names where it pointed.
 */

/** `fetch` options every golem request uses: never follow a redirect. */
export const NO_REDIRECT = {redirect: 'manual'} as const satisfies RequestInit;

/** True for an HTTP status that asks the client to go elsewhere (301, 302, 303, 307, 308, …). */
export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400;
}

/**
 * The sentence for a redirect that was not followed: `answered HTTP 307 redirecting to http://… (not followed;
 * nothing was sent there)`, with the `Location` header as given (`no Location` when absent).
 *
 * @example
 * if (isRedirectStatus(response.status)) throw fail(redirectRefusal(response))
 */
export function redirectRefusal(response: {readonly status: number; readonly headers: Headers}): string {
  const location = response.headers.get('location');
  return `answered HTTP ${response.status} redirecting to ${location ? JSON.stringify(location) : 'no Location'} (redirects are not followed; nothing was sent there)`;
}

/**
 * A `fetch` that never follows redirects and turns a 3xx into a thrown `Error` naming the target, for libraries that
 * take a fetch function (viem's `http` transport `fetchFn`).
 */
export async function fetchWithoutRedirects(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  const response = await fetch(input, {...init, ...NO_REDIRECT});
  if (isRedirectStatus(response.status)) {
    await response.body?.cancel();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    throw new Error(`${url} ${redirectRefusal(response)}`);
  }
  return response;
}
