/**
 * JSON-RPC 2.0 over HTTP POST for the Golem Base driver, batching many calls into array bodies (JSON-RPC 2.0 §6)
 * and falling back to one call per request, with bounded concurrency, when the node refuses batches.
 */
import {JsonRpcResponse} from './golem-base-schemas.js';
import {isRedirectStatus, NO_REDIRECT, redirectRefusal} from '../../lib/no-redirect.js';

/** One call: method and positional params. */
export type JsonRpcCall = {readonly method: string; readonly params: readonly unknown[]};

/** The answer to one call: its result, or the node's error for that call alone. */
export type JsonRpcOutcome =
  | {readonly isOk: true; readonly result: unknown}
  | {readonly isOk: false; readonly error: {readonly code: number; readonly message: string}};

/** How calls reach the node. */
export type JsonRpcClientParameters = {
  readonly url: string;
  /** Most calls per array body. */
  readonly batchSize: number;
  /** Most HTTP requests in flight at once (batches, or single calls after a fall-back). */
  readonly maxConcurrentRequests: number;
  /** Builds the adapter's error for a transport failure (cannot connect, HTTP status, not JSON, junk). */
  readonly fail: (reason: string, cause?: unknown) => Error;
};

/** A JSON-RPC client that remembers whether the node takes batches. */
export type JsonRpcClient = {
  /**
   * Sends `calls` (in array bodies of at most `batchSize` while the node accepts them) and returns one outcome
   * per call, in order. A per-call error is an outcome; a transport failure throws `fail(…)`.
   */
  callMany(calls: readonly JsonRpcCall[], signal: AbortSignal): Promise<JsonRpcOutcome[]>;
  /** True once the node refused an array body; later calls go one per request. */
  readonly isBatchingRefused: boolean;
};

/** Runs `tasks` with at most `limit` in flight; results in input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
  return results;
}

function outcomeOf(response: JsonRpcResponse): JsonRpcOutcome {
  return response.error ? {isOk: false, error: response.error} : {isOk: true, result: response.result ?? null};
}

/**
 * Creates the client. A batch counts as refused (and the client switches to single calls for good) when the node
 * answers an array body with HTTP 4xx, with something that is not an array (e.g. one `{"error": …}` object such as
 * geth's "batch too large"), or with an array that misses some of the calls.
 *
 * @example
 * const rpc = createJsonRpcClient({url, batchSize: 100, maxConcurrentRequests: 8, fail: (reason) => new Error(reason)});
 * const [block] = await rpc.callMany([{method: 'eth_blockNumber', params: []}], AbortSignal.timeout(5000));
 */
export function createJsonRpcClient({url, batchSize, maxConcurrentRequests, fail}: JsonRpcClientParameters): JsonRpcClient {
  let nextId = 1;
  let isBatchingRefused = false;

  async function post(body: unknown, signal: AbortSignal): Promise<{status: number; text: string}> {
    let redirect: string | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {'content-type': 'application/json', accept: 'application/json'},
        body: JSON.stringify(body),
        signal,
        ...NO_REDIRECT,
      });
      if (isRedirectStatus(response.status)) {
        await response.body?.cancel();
        redirect = redirectRefusal(response);
      } else {
        return {status: response.status, text: await response.text()};
      }
    } catch (error) {
      throw fail('cannot connect', error);
    }
    throw fail(redirect);
  }

  function parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw fail('the answer is not JSON', error);
    }
  }

  async function callOne(call: JsonRpcCall, signal: AbortSignal): Promise<JsonRpcOutcome> {
    const id = nextId++;
    const {status, text} = await post({jsonrpc: '2.0', id, method: call.method, params: call.params}, signal);
    if (status < 200 || status >= 300) throw fail(`HTTP ${status} for ${call.method}`);
    const parsed = JsonRpcResponse.safeParse(parse(text));
    if (!parsed.success) throw fail(`the answer to ${call.method} is not a JSON-RPC response`);
    return outcomeOf(parsed.data);
  }

  /** One array body; null when the node refused it. */
  async function callBatch(calls: readonly JsonRpcCall[], signal: AbortSignal): Promise<JsonRpcOutcome[] | null> {
    const ids = calls.map(() => nextId++);
    const body = calls.map((call, index) => ({jsonrpc: '2.0', id: ids[index], method: call.method, params: call.params}));
    const {status, text} = await post(body, signal);
    if (status >= 400 && status < 500) return null;
    if (status < 200 || status >= 300) throw fail(`HTTP ${status} for a batch of ${calls.length} calls`);
    const answer = parse(text);
    if (!Array.isArray(answer)) return null;
    const byId = new Map<unknown, JsonRpcResponse>();
    for (const item of answer) {
      const parsed = JsonRpcResponse.safeParse(item);
      if (parsed.success) byId.set(parsed.data.id, parsed.data);
    }
    const outcomes: JsonRpcOutcome[] = [];
    for (const id of ids) {
      const response = byId.get(id);
      if (!response) return null;
      outcomes.push(outcomeOf(response));
    }
    return outcomes;
  }

  const callSingly = (calls: readonly JsonRpcCall[], signal: AbortSignal) =>
    mapWithConcurrency(calls, maxConcurrentRequests, (call) => callOne(call, signal));

  return {
    get isBatchingRefused() {
      return isBatchingRefused;
    },
    async callMany(calls, signal) {
      if (calls.length === 0) return [];
      if (isBatchingRefused || calls.length === 1) return callSingly(calls, signal);
      const chunks: JsonRpcCall[][] = [];
      for (let start = 0; start < calls.length; start += batchSize) chunks.push(calls.slice(start, start + batchSize));
      const answers = await mapWithConcurrency(chunks, maxConcurrentRequests, async (chunk) => {
        const outcomes = isBatchingRefused ? null : await callBatch(chunk, signal);
        if (outcomes) return outcomes;
        isBatchingRefused = true;
        return callSingly(chunk, signal);
      });
      return answers.flat();
    },
  };
}
