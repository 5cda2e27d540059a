import {CancelledError} from '../errors.js';
import {isRedirectStatus, NO_REDIRECT, redirectRefusal} from '../lib/no-redirect.js';

/** Largest response body golem reads from a provider, discovery or price server, bytes (issue 6 item 4). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Status codes after which an idempotent read is tried again: rate limited, bad gateway, unavailable, gateway timeout. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Longest `Retry-After` golem waits for, milliseconds; a longer one fails at once with the wait in the reason. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** The body was larger than the limit: reading stopped there. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`the answer is larger than ${Math.round(limitBytes / 1024)} KB`);
  }
}

/**
 * Reads a response body as UTF-8 text, stopping (and cancelling the stream) as soon as more than `maxBytes` have
 * arrived. The body read is bounded in time by the signal given to `fetch` (an overall deadline, so a server that
 * drips one byte a second still ends at the deadline). Throws `BodyTooLargeError` past the limit; rethrows
 * stream errors (abort, reset).
 */
export async function readTextLimited(response: Response, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Milliseconds a `Retry-After` header asks for (RFC 9110 §10.2.3: delay seconds or an HTTP date); undefined when
 * absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0-based): exponential backoff from `baseDelayMs`, capped at `maxDelayMs`,
 * with "equal jitter" (half fixed, half random) so clients that failed together do not retry together.
 */
export function backoffDelayMs(attempt: number, baseDelayMs = 250, maxDelayMs = 4000, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Waits `ms`; an abort of `signal` throws `CancelledError`. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new CancelledError();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

/** What one attempt of an idempotent read ended with, for {@link retryIdempotent}. */
export type AttemptOutcome<T> =
  | {readonly kind: 'done'; readonly value: T}
  | {readonly kind: 'retry'; readonly error: Error; readonly waitMs?: number | undefined};

/**
 * Runs `attempt` up to `retries + 1` times for an idempotent read (GET): an outcome of kind `retry` waits
 * `waitMs` (the server's Retry-After) or the jittered backoff, then tries again; after the last attempt its
 * `error` is thrown. Errors thrown by `attempt` are never retried. Never use it for a POST that creates or pays.
 * Throws `CancelledError` when `signal` aborts during a wait.
 */
export async function retryIdempotent<T>(
  attempt: (index: number) => Promise<AttemptOutcome<T>>,
  {retries = 2, baseDelayMs = 250, signal}: {retries?: number; baseDelayMs?: number; signal?: AbortSignal | undefined} = {},
): Promise<T> {
  for (let index = 0; ; index++) {
    const outcome = await attempt(index);
    if (outcome.kind === 'done') return outcome.value;
    if (index >= retries) throw outcome.error;
    await sleep(outcome.waitMs ?? backoffDelayMs(index, baseDelayMs), signal);
  }
}

/** True for a socket-level failure (refused, reset, DNS) as opposed to a timeout or an abort. */
function isConnectionFailure(error: unknown, timeout: AbortSignal): boolean {
  return !timeout.aborted && !(error instanceof BodyTooLargeError);
}

/**
 * GETs `url` and parses its JSON body, with a timeout per attempt (ms, covering connect, headers and the whole
 * body) and an optional caller signal. The body is read up to `maxBytes` (1 MB). Connection failures, 429, 502,
 * 503 and 504 are retried `retries` times with jittered exponential backoff; a 429's `Retry-After` is honoured up
 * to 30 s. A timeout is not retried (the deadline is the caller's bound).
 *
 * Every way it can fail becomes one short reason handed to `fail`, which builds the adapter's own error
 * (DiscoveryError, a price-source error, …): "no answer within N s", "cannot connect", "the answer is larger
 * than 1024 KB", "rate limited", `describeStatus(status, body)`, "the answer is not JSON". An abort by the
 * caller's signal throws `CancelledError` instead.
 */
export async function httpGetJson(
  url: string,
  {
    timeoutMs,
    signal,
    fail,
    describeStatus = (status) => `HTTP ${status}`,
    maxBytes = MAX_BODY_BYTES,
    retries = 2,
    baseDelayMs = 250,
  }: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    fail: (reason: string, cause?: unknown) => Error;
    /** Reason for a non-2xx answer, from its status and body text. */
    describeStatus?: (status: number, body: string) => string;
    /** Body size limit, bytes. @default 1 MiB */
    maxBytes?: number;
    /** Extra attempts after a retryable failure. @default 2 */
    retries?: number;
    /** First backoff delay, milliseconds. @default 250 */
    baseDelayMs?: number;
  },
): Promise<unknown> {
  const text = await retryIdempotent<string>(
    async () => {
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      let body: string;
      let redirect: string | null;
      try {
        response = await fetch(url, {
          headers: {accept: 'application/json'},
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
          ...NO_REDIRECT,
        });
        redirect = isRedirectStatus(response.status) ? redirectRefusal(response) : null;
        if (redirect !== null) await response.body?.cancel();
        body = redirect === null ? await readTextLimited(response, maxBytes) : '';
      } catch (error) {
        if (signal?.aborted) throw new CancelledError();
        if (error instanceof BodyTooLargeError) throw fail(error.message, error);
        const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : 'cannot connect';
        if (isConnectionFailure(error, timeout)) return {kind: 'retry', error: fail(reason, error)};
        throw fail(reason, error);
      }
      // Not followed, not retried (issue 11 item 8).
      if (redirect !== null) throw fail(redirect);
      const {status} = response;
      if (status >= 200 && status < 300) return {kind: 'done', value: body};
      if (RETRYABLE_STATUSES.has(status)) {
        const waitMs = status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
        if (waitMs !== undefined && waitMs > MAX_RETRY_AFTER_MS) {
          throw fail(`rate limited: the server asks to wait ${Math.ceil(waitMs / 1000)} s`);
        }
        return {kind: 'retry', error: fail(status === 429 ? `rate limited: ${describeStatus(status, body)}` : describeStatus(status, body)), waitMs};
      }
      throw fail(describeStatus(status, body));
    },
    {retries, baseDelayMs, signal},
  );
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail('the answer is not JSON', error);
  }
}
