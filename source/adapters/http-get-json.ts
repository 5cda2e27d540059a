import {CancelledError} from '../errors.js';

/**
 * GETs `url` and parses its JSON body, with a timeout (ms) and an optional caller signal. Every way it can fail
 * becomes one short reason handed to `fail`, which builds the adapter's own error (DiscoveryError, a price-source
 * error, …): "no answer within N s", "cannot connect", `describeStatus(status, body)`, "the answer is not JSON".
 * An abort by the caller's signal throws `CancelledError` instead.
 */
export async function httpGetJson(
  url: string,
  {
    timeoutMs,
    signal,
    fail,
    describeStatus = (status) => `HTTP ${status}`,
  }: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    fail: (reason: string, cause?: unknown) => Error;
    /** Reason for a non-2xx answer, from its status and body text. */
    describeStatus?: (status: number, body: string) => string;
  },
): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      headers: {accept: 'application/json'},
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw fail(timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : 'cannot connect', error);
  }
  if (status < 200 || status >= 300) throw fail(describeStatus(status, text));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail('the answer is not JSON', error);
  }
}
