import {CancelledError} from '../../errors.js';
import {sanitizeText} from '../../lib/sanitize.js';
import {isRedirectStatus, NO_REDIRECT, redirectRefusal} from '../../lib/no-redirect.js';

/**
 * POSTs `body` as JSON (or nothing) to `url` and returns the HTTP status and the parsed JSON answer (`undefined`
 * when the body is not JSON), with a timeout (ms) and the caller's signal. Network failures and timeouts become one
 * short reason handed to `fail`; an abort by `signal` throws `CancelledError` (exit 130).
 */
export async function httpPostJson(
  url: string,
  {
    body,
    timeoutMs,
    signal,
    fail,
  }: {body?: unknown; timeoutMs: number; signal?: AbortSignal | undefined; fail: (reason: string, cause?: unknown) => Error},
): Promise<{status: number; json: unknown; text: string}> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let status: number;
  let text: string;
  let redirect: string | null = null;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: body === undefined ? {accept: 'application/json'} : {accept: 'application/json', 'content-type': 'application/json'},
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      ...NO_REDIRECT,
    });
    if (isRedirectStatus(response.status)) {
      await response.body?.cancel();
      redirect = `${url} ${redirectRefusal(response)}`;
    }
    status = response.status;
    text = redirect === null ? await response.text() : '';
  } catch (error) {
    if (signal?.aborted) throw new CancelledError({isInterrupt: true});
    throw fail(timeout.aborted ? `no answer from ${url} within ${timeoutMs / 1000} s` : `cannot connect to ${url}`, error);
  }
  if (redirect !== null) throw fail(redirect);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: callers report the status and a short, sanitised excerpt of the text instead.
    json = undefined;
  }
  return {status, json, text};
}

/** The server's own words for a failed request (`message`, `error` or `detail` of a JSON body, else the text), sanitised and short. */
export function describeFailure(status: number, json: unknown, text: string): string {
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const said = [record['message'], record['error'], record['detail']].find((value) => typeof value === 'string') as string | undefined;
  const excerpt = sanitizeText(said ?? text).trim().slice(0, 200);
  return excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`;
}
