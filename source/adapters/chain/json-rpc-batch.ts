/**
 * Bulk JSON-RPC reads against endpoints as they are (issue 11 item 8): calls go out in batches of a configurable
 * size; a batch the endpoint refuses (HTTP 413 or another error status, a single error object or anything that is
 * not an array, a dropped connection) is split in halves down to single calls, and the smaller size is kept for the
 * rest of the read; a call that still fails gets its own error, and every call that was read keeps its result.
 * No HTTP redirect is followed (a 3xx is an error naming its target).
 */

/** One JSON-RPC call. */
export type RpcCall = {readonly method: string; readonly params: readonly unknown[]};

/** What became of one call: its result, or a one-line reason it could not be read. */
export type RpcOutcome = {readonly ok: true; readonly result: unknown} | {readonly ok: false; readonly error: string};

/** Parameters of {@link readJsonRpcBatch}. */
export type ReadJsonRpcBatchParameters = {
  /** Endpoints in fail-over order (a transport failure or 5xx moves a batch on to the next one). */
  readonly urls: readonly string[];
  readonly calls: readonly RpcCall[];
  /** Most calls per HTTP request (1 = no batches, every call on its own). */
  readonly batchSize: number;
  /** Timeout of one HTTP request, ms. @default 10_000 */
  readonly timeoutMs?: number;
  /** How many HTTP requests are in flight at once. @default 4 */
  readonly concurrency?: number;
};

/** Why a whole HTTP request failed; `isRefusal` = the endpoint answered but would not take the batch. */
class BatchFailure extends Error {
  constructor(
    message: string,
    readonly isRefusal: boolean,
  ) {
    super(message);
  }
}

type Indexed = {readonly index: number; readonly call: RpcCall};

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as {code?: unknown; message?: unknown} | undefined;
  if (error.name === 'TimeoutError') return 'timed out';
  return cause?.code ? `${error.message} (${String(cause.code)})` : error.message;
}

/** Posts `body` to `url` without following redirects; returns the parsed JSON or throws `BatchFailure`. */
async function post(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new BatchFailure(`no answer from ${url}: ${errorText(error)}`, false);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new BatchFailure(`${url} answered HTTP ${response.status} redirecting to ${response.headers.get('location') ?? '(no location)'}; redirects are not followed`, false);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new BatchFailure(`${url} answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, response.status < 500 || response.status === 413);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BatchFailure(`${url} answered with something that is not JSON`, true);
  }
}

function outcomeOf(reply: unknown): RpcOutcome {
  if (!reply || typeof reply !== 'object') return {ok: false, error: 'the endpoint answered no JSON-RPC reply'};
  const {result, error} = reply as {result?: unknown; error?: {message?: unknown; code?: unknown}};
  if (error !== undefined && error !== null) {
    return {ok: false, error: `the endpoint answered error ${String(error.code ?? '')}: ${String(error.message ?? JSON.stringify(error))}`.trim()};
  }
  if (!('result' in reply)) return {ok: false, error: 'the endpoint answered no result'};
  return {ok: true, result};
}

/**
 * Reads `calls` and returns one outcome per call, in the order given. Never throws: every failure is an outcome
 * (callers decide whether a whole read failed, e.g. when no call was read at all).
 *
 * @example
 * const [block, stream] = await readJsonRpcBatch({urls: [rpcUrl], batchSize: 25, calls: [
 *   {method: 'eth_getBlockByNumber', params: ['latest', false]},
 *   {method: 'eth_call', params: [{to, data}, 'latest']},
 * ]})
 */
export async function readJsonRpcBatch({urls, calls, batchSize, timeoutMs = 10_000, concurrency = 4}: ReadJsonRpcBatchParameters): Promise<RpcOutcome[]> {
  const outcomes: RpcOutcome[] = calls.map(() => ({ok: false, error: 'not read'}));
  let limit = Math.max(1, Math.floor(batchSize));
  let nextId = 1;

  /** Sends `items` to the endpoints in order until one answers; throws the last `BatchFailure`. */
  async function send(items: readonly Indexed[], asBatch: boolean): Promise<unknown> {
    const body = items.map(({call}) => ({jsonrpc: '2.0', id: nextId++, method: call.method, params: call.params}));
    let last: BatchFailure | undefined;
    for (const url of urls) {
      try {
        return await post(url, asBatch ? body : body[0], timeoutMs);
      } catch (error) {
        last = error instanceof BatchFailure ? error : new BatchFailure(errorText(error), false);
        // A refusal is about the batch, not the endpoint: another endpoint is not asked to take it.
        if (last.isRefusal) break;
      }
    }
    throw last ?? new BatchFailure('no RPC endpoint is configured', false);
  }

  async function readOne(item: Indexed): Promise<void> {
    try {
      outcomes[item.index] = outcomeOf(await send([item], false));
    } catch (error) {
      outcomes[item.index] = {ok: false, error: errorText(error)};
    }
  }

  async function readChunk(items: readonly Indexed[]): Promise<void> {
    if (items.length === 1) return readOne(items[0]!);
    let reply: unknown;
    const firstId = nextId;
    try {
      reply = await send(items, true);
    } catch (error) {
      const failure = error instanceof BatchFailure ? error : new BatchFailure(errorText(error), false);
      if (failure.message.includes('timed out') || failure.message.includes('redirect')) {
        for (const item of items) outcomes[item.index] = {ok: false, error: failure.message};
        return;
      }
      return split(items);
    }
    // A single object (typically "batch too large" / "batches not supported") or anything but an array: refused.
    if (!Array.isArray(reply)) return split(items);
    const byId = new Map<unknown, unknown>();
    for (const entry of reply) if (entry && typeof entry === 'object') byId.set((entry as {id?: unknown}).id, entry);
    const missing: Indexed[] = [];
    items.forEach((item, offset) => {
      const entry = byId.get(firstId + offset);
      if (entry === undefined) missing.push(item);
      else outcomes[item.index] = outcomeOf(entry);
    });
    // Calls the batch reply left out are asked once more on their own.
    await Promise.all(missing.map(readOne));
  }

  /** Halves the size limit (kept for the rest of the read) and reads `items` in chunks of whatever it is then. */
  async function split(items: readonly Indexed[]): Promise<void> {
    limit = Math.min(limit, Math.ceil(items.length / 2));
    for (let start = 0; start < items.length; ) {
      const size = limit;
      await readChunk(items.slice(start, start + size));
      start += size;
    }
  }

  const pending: Indexed[] = calls.map((call, index) => ({index, call}));
  const workers = Array.from({length: Math.max(1, concurrency)}, async () => {
    while (pending.length > 0) await readChunk(pending.splice(0, limit));
  });
  await Promise.all(workers);
  return outcomes;
}

/** Reads calls through {@link readJsonRpcBatch}; see {@link createJsonRpcBatcher}. */
export type JsonRpcBatcher = (calls: readonly RpcCall[]) => Promise<RpcOutcome[]>;

/**
 * A reader that merges every `read(calls)` issued in the same tick into one {@link readJsonRpcBatch} (issue 16 item
 * 1): two services reading streams at the same moment (the wallet and its runway) share one HTTP request, within
 * `batchSize` (beyond it, the usual batches). Each caller gets the outcomes of its own calls, in its order. Never
 * throws (as `readJsonRpcBatch`).
 *
 * @example
 * const read = createJsonRpcBatcher({urls: [rpcUrl], batchSize: 20})
 * const [a, b] = await Promise.all([read([callA]), read([callB])]) // one HTTP request
 */
export function createJsonRpcBatcher(parameters: Omit<ReadJsonRpcBatchParameters, 'calls'>): JsonRpcBatcher {
  let queue: {calls: readonly RpcCall[]; resolve: (outcomes: RpcOutcome[]) => void}[] = [];
  const flush = async () => {
    const waiting = queue;
    queue = [];
    const outcomes = await readJsonRpcBatch({...parameters, calls: waiting.flatMap((entry) => entry.calls)});
    let offset = 0;
    for (const entry of waiting) {
      entry.resolve(outcomes.slice(offset, offset + entry.calls.length));
      offset += entry.calls.length;
    }
  };
  return (calls) =>
    new Promise((resolve) => {
      if (calls.length === 0) return resolve([]);
      if (queue.length === 0) setTimeout(() => void flush(), 0);
      queue.push({calls, resolve});
    });
}
