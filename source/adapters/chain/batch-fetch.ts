/**
 * The `fetchFn` under viem's batching `http` transport (issue 16 item 1): reads issued together go out as one
 * JSON-RPC batch (one HTTP request), and an endpoint that will not take a batch still gets every call answered.
 *
 * - Answers come back in the calls' order; a call a batch answer left out is asked once more on its own (viem
 *   would otherwise pair answers with the wrong calls).
 * - A batch of one call is sent as a plain JSON-RPC object and its answer wrapped back into the array viem expects,
 *   so a lone call looks exactly as it did before batching (endpoints without batch support, fault proxies).
 * - A batch the endpoint refuses — HTTP 413 or another 4xx, an answer that is not a JSON array (typically a single
 *   "batch too large" / "batches not supported" error object) — is sent again in halves, down to single calls, and
 *   the smaller size is kept for the rest of the process (the same rule as `json-rpc-batch.ts`). A 5xx, a timeout or
 *   a dropped connection is not a refusal: it is returned/thrown as is, for viem's retry and the fail-over list.
 */

type Fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => Promise<Response>;

type JsonRpcCall = {readonly id?: unknown; readonly method?: unknown};

function isRefusal(response: Response): boolean {
  return response.status === 413 || (response.status >= 400 && response.status < 500);
}

function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), {status: 200, headers: {'content-type': 'application/json'}});
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Wraps `fetchFn` (which must already refuse redirects) for viem's `http` transport with `batch` on. Never throws
 * for a refusal it could work around; throws what `fetchFn` throws otherwise.
 *
 * @example
 * http(url, {batch: {batchSize: 20, wait: 0}, fetchFn: batchTolerantFetch(fetchWithoutRedirects)})
 */
export function batchTolerantFetch(fetchFn: Fetch): Fetch {
  /** Most calls this endpoint took in one request; lowered when it refuses a batch. */
  let limit = Number.POSITIVE_INFINITY;

  async function sendOne(input: Parameters<Fetch>[0], init: RequestInit, call: JsonRpcCall): Promise<unknown> {
    const response = await fetchFn(input, {...init, body: JSON.stringify(call)});
    const text = await response.text();
    const answer = parse(text);
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) return answer;
    return {jsonrpc: '2.0', id: call.id, error: {code: -32603, message: `HTTP ${response.status}: ${text.slice(0, 200)}`}};
  }

  /** Answers for `calls`, in batches of at most `limit`, halving on refusal; throws `BatchTransportError` on a 5xx. */
  async function sendChunk(input: Parameters<Fetch>[0], init: RequestInit, calls: readonly JsonRpcCall[]): Promise<unknown[]> {
    if (calls.length === 1) return [await sendOne(input, init, calls[0]!)];
    if (calls.length > limit) return sendSplit(input, init, calls);
    const response = await fetchFn(input, {...init, body: JSON.stringify(calls)});
    if (response.ok) {
      const answer = parse(await response.text());
      if (Array.isArray(answer)) return completed(input, init, calls, answer);
    } else if (!isRefusal(response)) {
      throw new BatchTransportError(response);
    } else {
      await response.body?.cancel();
    }
    limit = Math.max(1, Math.min(limit, Math.ceil(calls.length / 2)));
    return sendSplit(input, init, calls);
  }

  /** The answers of `calls` in their order; a call the batch answer left out is asked once more on its own. */
  async function completed(input: Parameters<Fetch>[0], init: RequestInit, calls: readonly JsonRpcCall[], answer: unknown[]): Promise<unknown[]> {
    const byId = new Map<unknown, unknown>();
    for (const entry of answer) if (entry && typeof entry === 'object') byId.set((entry as {id?: unknown}).id, entry);
    return Promise.all(calls.map((call) => byId.get(call.id) ?? sendOne(input, init, call)));
  }

  async function sendSplit(input: Parameters<Fetch>[0], init: RequestInit, calls: readonly JsonRpcCall[]): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (let start = 0; start < calls.length; ) {
      const size = Math.min(limit, calls.length);
      answers.push(...(await sendChunk(input, init, calls.slice(start, start + size))));
      start += size;
    }
    return answers;
  }

  return async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : null;
    if (!body?.startsWith('[')) return fetchFn(input, init);
    const calls = parse(body);
    if (!Array.isArray(calls) || calls.length === 0) return fetchFn(input, init);
    if (calls.length === 1) {
      // A lone call goes out as a plain object; any error answer is returned as is (viem's retry and messages apply).
      const response = await fetchFn(input, {...init, body: JSON.stringify(calls[0])});
      if (!response.ok) return response;
      const text = await response.text();
      const answer = parse(text);
      if (answer === undefined) return new Response(text, {status: response.status, headers: response.headers});
      return jsonResponse(Array.isArray(answer) ? answer : [answer]);
    }
    try {
      return jsonResponse(await sendChunk(input, init ?? {}, calls as JsonRpcCall[]));
    } catch (error) {
      // A 5xx answer goes back to viem as it was (its retry rule and error text apply).
      if (error instanceof BatchTransportError) return error.response;
      throw error;
    }
  };
}

/** Carries a non-refusal error answer (5xx) out of the split recursion. */
class BatchTransportError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}
